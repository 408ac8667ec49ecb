"""Messages the UI passes around (typed, handled with @on)."""

from __future__ import annotations

from textual.message import Message

from okos_tui.services.sync.events import SyncEvent


class DataChanged(Message):
    """The database changed (a sync, another user, our own worker): screens reload their data."""


class SyncEventArrived(Message):
    """A sync event, handed from the sync thread to the UI thread with post_message."""

    def __init__(self, event: SyncEvent) -> None:
        super().__init__()
        self.event = event


class LanguageChanged(Message):
    """The UI's language changed: the screen on show says everything again in the new one."""
