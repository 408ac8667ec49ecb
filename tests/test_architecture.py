"""The core knows nothing of the UI: domain, db, sync, pdf, mail, fakeshop and config never import
textual, neither directly nor through another okos_tui module they import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import okos_tui

PACKAGE = Path(okos_tui.__file__).resolve().parent
UI_FREE = ("domain", "db", "sync", "pdf", "mail", "fakeshop", "config", "files")
FORBIDDEN = "textual"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    relative = Path(*name.split("."))
    for candidate in (PACKAGE.parent / relative / "__init__.py", PACKAGE.parent / f"{relative}.py"):
        if candidate.is_file():
            return candidate
    return None


def ui_free_files() -> list[Path]:
    files: list[Path] = []
    for name in UI_FREE:
        target = PACKAGE / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
    return files


def is_forbidden(name: str) -> bool:
    return name == FORBIDDEN or name.startswith(FORBIDDEN + ".")


def scan(source: str, module: str, is_package: bool) -> tuple[list[str], set[str]]:
    """(forbidden references, okos_tui modules imported) of one module's source."""
    tree = ast.parse(source)
    problems: list[str] = []
    internal: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            names = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # importlib.import_module("textual.app"), __import__("textual"), lazy-import tables
            if is_forbidden(node.value.strip()):
                problems.append(f"line {node.lineno}: string {node.value!r}")
            continue
        for name in names:
            if is_forbidden(name):
                problems.append(f"line {node.lineno}: import {name}")
            elif name == "okos_tui" or name.startswith("okos_tui."):
                internal.add(name)
    return problems, internal


def test_scanner_catches_every_form():
    sources = [
        "import textual",
        "import textual.app as app",
        "from textual import work",
        "from textual.widgets import DataTable",
        "import importlib\nimportlib.import_module('textual.app')",
        "def f():\n    import textual.screen",
        "__import__('textual')",
    ]
    for source in sources:
        problems, _ = scan(source, "okos_tui.domain.x", False)
        assert problems, source
    clean, internal = scan(
        "from ..db import Product\nfrom . import clock\nimport textwrap\n# textual\n"
        "'''Textual is the UI framework'''",
        "okos_tui.domain.ledger",
        False,
    )
    assert clean == []
    assert {"okos_tui.db", "okos_tui.db.Product", "okos_tui.domain.clock"} <= internal


def test_no_ui_free_module_imports_textual_even_indirectly():
    """Follow okos_tui-internal imports from the UI-free packages and scan everything reached."""
    queue = [(path, module_name(path)) for path in ui_free_files()]
    assert len(queue) > 20, "the scan found too few files"
    seen: set[Path] = set()
    problems: list[str] = []
    while queue:
        path, name = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        found, internal = scan(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
        problems += [f"{path.relative_to(PACKAGE.parent)}: {p}" for p in found]
        for imported in internal:
            target = module_path(imported)
            if target is not None and target not in seen:
                queue.append((target, module_name(target)))
    assert PACKAGE / "i18n.py" in seen  # reached through the domain's imports
    assert problems == []


def test_importing_everything_ui_free_loads_no_textual(tmp_path):
    script = f"""
import importlib, pkgutil, sys
import okos_tui
names = []
for sub in {UI_FREE!r}:
    name = "okos_tui." + sub
    module = importlib.import_module(name)
    names.append(name)
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, name + "."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue  # runs a program
            importlib.import_module(info.name)
            names.append(info.name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(names))
sys.exit("textual imported: " + ", ".join(loaded) if loaded else 0)
"""
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stderr
    assert int(completed.stdout.strip()) > 20
