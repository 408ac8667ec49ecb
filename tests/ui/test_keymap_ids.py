"""The binding ids [ui.keymap] may remap (okos_tui.config.keymap.BINDING_IDS) are exactly the ids
of the bindings the app, its screens and its widgets define: a binding added without an id in the
list, or an id left in the list after its binding went, fails here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import Counter
from types import ModuleType

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

import okos_tui.demo.ui
import okos_tui.ui
from okos_tui.config.keymap import BINDING_IDS
from okos_tui.ui.app import OkosApp

PACKAGES = (okos_tui.ui, okos_tui.demo.ui)


def modules(package: ModuleType) -> list[ModuleType]:
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        found.append(importlib.import_module(info.name))
    return found


def classes_with_bindings() -> list[type]:
    """OkosApp, and every app, screen and widget class defined in okos_tui.ui and
    okos_tui.demo.ui."""
    found: list[type] = [OkosApp]
    for package in PACKAGES:
        for module in modules(package):
            for _, cls in inspect.getmembers(module, inspect.isclass):
                defined_here = cls.__module__ == module.__name__
                if defined_here and issubclass(cls, App | Screen | Widget) and cls not in found:
                    found.append(cls)
    return found


def binding_ids() -> Counter[str]:
    """The ids of the bindings each class declares itself (not the ones it inherits)."""
    ids: Counter[str] = Counter()
    for cls in classes_with_bindings():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids[binding.id] += 1
    return ids


def test_the_keymap_ids_are_the_ids_of_the_bindings():
    ids = binding_ids()
    assert set(ids) == BINDING_IDS, (
        f"bindings without a declared id: {sorted(set(ids) - BINDING_IDS)}; "
        f"declared ids without a binding: {sorted(BINDING_IDS - set(ids))}"
    )


def test_each_id_names_one_binding():
    assert [binding for binding, count in binding_ids().items() if count > 1] == []


def test_the_walk_finds_the_screens_and_the_demo():
    names = {cls.__name__ for cls in classes_with_bindings()}
    assert {"OkosApp", "DemoApp", "CartScreen", "HelpScreen"} <= names
