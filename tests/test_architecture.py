"""The architecture contract (`.importlinter`) holds, and it is a contract that can fail: the
layers, Textual only in the UI, front ends that call use cases instead of the models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import okos_tui

PACKAGE = Path(okos_tui.__file__).resolve().parent
REPO = PACKAGE.parent
UI_FREE = (
    "i18n",
    "core",
    "config",
    "db",
    "domain",
    "shop",
    "pdf",
    "mail",
    "nav",
    "services",
    "fakeshop",
    "fakenav",
)


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter on the package under `root`, with the project's contract."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())",
            str(REPO / ".importlinter"),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": ""},
    )


def test_the_contract_is_kept():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") >= 4


def test_the_contract_catches_a_domain_module_importing_textual(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "okos_tui", ignore=shutil.ignore_patterns("__pycache__"))
    rules = tmp_path / "okos_tui" / "domain" / "numbering.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nimport textual  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "okos_tui.domain.numbering -> textual" in result.stdout


def test_the_contract_catches_a_screen_querying_a_model(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "okos_tui", ignore=shutil.ignore_patterns("__pycache__"))
    screen = tmp_path / "okos_tui" / "ui" / "screens" / "orders.py"
    screen.write_text(screen.read_text(encoding="utf-8") + "\nfrom okos_tui.db import Invoice\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "okos_tui.ui.screens.orders -> okos_tui.db" in result.stdout


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
    assert int(completed.stdout.strip()) > 40
