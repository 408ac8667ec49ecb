"""Help: how to move around, and the keys of the screen it was opened from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from ..i18n import t


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1", "dismiss", t("ui.back"), id="help_back")]

    def __init__(self, source: Screen) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        keys = Text()
        keys.append(t("ui.help.title") + "\n\n", style="bold")
        keys.append(t("ui.help.intro") + "\n\n")
        seen = set()
        # Ours (they have ids, for [ui.keymap]) first; then the widgets' own, e.g. cursor keys.
        active = sorted(
            (active.binding for active in self.source.active_bindings.values()),
            key=lambda binding: binding.id is None,
        )
        for binding in active:
            if not binding.description or (binding.description, binding.action) in seen:
                continue
            seen.add((binding.description, binding.action))
            shown = self.app.get_key_display(binding)
            keys.append(f"{shown:>14}  ", style="bold cyan")
            keys.append(binding.description + "\n")
        with VerticalScroll(id="help"):
            yield Static(keys)
        yield Footer()
