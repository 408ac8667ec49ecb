"""The footer: the keys that fit whole in one line, in binding order, and F1 (the help, which
lists every key of the screen) always last.

Textual's footer shows every key and cuts the line at the screen's edge: at 80 columns a
screen's main actions fell off behind its selection keys, and the last key showed in half.
Here a key is shown whole or not at all, and the command palette's key (Ctrl+P, in the help)
gives its place to F1. Bindings carry catalogue keys as their descriptions: they are worded
here, when drawn, in the language of the moment."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter

from okos_tui.i18n import is_key, t

HELP_ACTION = "help"


def translated(text: str) -> str:
    """A binding's description or tooltip: a catalogue key worded now, other text as it is
    (Textual's own widgets describe their keys in English)."""
    return t(text) if text and is_key(text) else text


def key_width(key: Widget) -> int:
    """Columns a compact footer key takes: "key description" and one column of margin; 0 for
    what is not a key."""
    shown = getattr(key, "key_display", None)
    if shown is None:
        return 0
    description = getattr(key, "description", "")
    return cell_len(shown) + 1 + (1 + cell_len(description) if description else 0)


class Footer(TextualFooter):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self.fitted_width = 0

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        for key in keys:  # FooterKeys (and a group's label): worded now
            description = getattr(key, "description", None)
            if isinstance(description, str):
                key.description = translated(description)  # type: ignore[attr-defined]
            if isinstance(key.tooltip, str):
                key.tooltip = translated(key.tooltip)
        last = [key for key in keys if getattr(key, "action", None) == HELP_ACTION]
        room = (self.size.width or self.app.size.width) - sum(map(key_width, last))
        for key in keys:
            if key in last:
                continue
            room -= key_width(key)
            if room < 0:
                break
            yield key
        yield from last

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.fitted_width:
            self.fitted_width = event.size.width
            self.refresh(recompose=True)
