"""Help: how to move around, and every key of the screen it was opened from, also those the
footer leaves out (`show=False`, or no room at 80 columns)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from okos_tui.i18n import t
from okos_tui.ui.access import BackofficeAccess
from okos_tui.ui.widgets.footer import Footer, translated

# Textual's own widgets describe their keys in English: ours are said in the UI's language.
# Any other key of theirs (copying a mouse selection, ...) is left out of the help.
WIDGET_ACTIONS = {
    "cursor_up": "ui.key.cursor_up",
    "cursor_down": "ui.key.cursor_down",
    "cursor_left": "ui.key.cursor_left",
    "cursor_right": "ui.key.cursor_right",
    "page_up": "ui.key.page_up",
    "page_down": "ui.key.page_down",
    "page_left": "ui.key.page_left",
    "page_right": "ui.key.page_right",
    "scroll_top": "ui.key.first",
    "scroll_home": "ui.key.first",
    "scroll_bottom": "ui.key.last",
    "scroll_end": "ui.key.last",
    "app.focus_next": "ui.key.next_field",
    "app.focus_previous": "ui.key.previous_field",
}


class HelpScreen(BackofficeAccess, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1", "dismiss", "ui.back", id="help_back")]

    def __init__(self, source: Screen) -> None:
        super().__init__()
        self.source = source

    def keys(self) -> list[tuple[str, str]]:
        """(key as shown, what it does) for every key of the source screen, ours first, with
        the keys the keymap gave them."""
        remapped = set(self.backoffice.keymap)
        # A screen's own key wins over a widget's for the help, e.g. Enter: "Details", which
        # the screen does when the focused table reports the row chosen (unless the keymap
        # moved the screen's binding to another key: it shows under that one).
        own = {
            key.strip(): binding
            for binding in type(self.source).BINDINGS
            if isinstance(binding, Binding) and binding.id not in remapped
            for key in binding.key.split(",")
        }
        bindings = [
            own.get(active.binding.key, active.binding)
            for active in self.source.active_bindings.values()
        ]
        shown, seen = [], set()
        for binding in sorted(bindings, key=lambda binding: binding.id is None):
            if binding.id is not None:  # ours: the long text where the footer has a short one
                description = translated(binding.tooltip or binding.description)
            elif binding.action in WIDGET_ACTIONS:
                description = t(WIDGET_ACTIONS[binding.action])
            else:
                continue
            if not description or (description, binding.action) in seen:
                continue
            seen.add((description, binding.action))
            shown.append((self.app.get_key_display(binding), description))
        return shown

    def compose(self) -> ComposeResult:
        keys = Text()
        keys.append(t("ui.help.title") + "\n\n", style="bold")
        keys.append(t("ui.help.intro") + "\n\n")
        for shown, description in self.keys():
            keys.append(f"{shown:>14}  ", style="bold cyan")
            keys.append(description + "\n")
        with VerticalScroll(id="help"):
            yield Static(keys)
        yield Footer()
