"""One place that tells the user when a thread worker failed: a refusal of the business rules
in its own words, anything else as an error. Workers just raise."""

from __future__ import annotations

from textual.worker import Worker, WorkerState

from okos_tui.core.errors import DomainError
from okos_tui.i18n import t


class WorkerErrors:
    """Mixed into the app and the screens that run workers. Textual posts a worker's state
    change to the node that started it (the message does not bubble), so each such node
    handles it, here, by name."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        message = str(error) if isinstance(error, DomainError) else t("ui.error", detail=error)
        self.notify(message, severity="error", markup=False)  # type: ignore[attr-defined]
