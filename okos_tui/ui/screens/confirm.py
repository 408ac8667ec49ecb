"""A yes/no question; Enter or y answers yes, Esc or n answers no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from okos_tui.i18n import t


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,i", "answer(True)", "ui.yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "ui.no", id="confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, markup=False, id="question")
            with Horizontal(id="buttons"):
                yield Button(t("ui.yes"), variant="primary", id="yes")
                yield Button(t("ui.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
