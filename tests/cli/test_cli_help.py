"""`okos --help` and every `okos NOUN [VERB] --help` work, found by walking the real parser."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from okos_tui.cli.main import build_parser


def command_paths() -> list[tuple[str, ...]]:
    """Every command path the parser knows: ("stock",), ("stock", "receive"), ..."""
    paths: list[tuple[str, ...]] = []

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    paths.append((*prefix, name))
                    walk(sub, (*prefix, name))

    walk(build_parser(), ())
    return paths


PATHS = command_paths()


def test_the_walk_finds_the_required_commands():
    for required in [
        ("import-products",),
        ("stock", "receive"),
        ("stock", "adjust"),
        ("stock", "count"),
        ("purchase", "create"),
        ("purchase", "receive"),
        ("purchase", "list"),
        ("receipt", "create"),
        ("report", "stock"),
    ]:
        assert required in PATHS


@pytest.mark.parametrize("path", [(), *PATHS], ids=lambda p: " ".join(p) or "okos")
def test_help_exits_0_and_describes_the_command(okos, path):
    result = okos(*path, "--help", config=None)
    assert result.code == 0, result.err
    assert result.out.lower().startswith("usage:")
    assert result.err == ""


@pytest.mark.parametrize(
    "path, expected",
    [
        (("report", "stock"), ["--warehouse", "--to-procure", "--format"]),
        (("stock", "receive"), ["--warehouse", "--supplier", "--file", "SKU=QTY"]),
        (("purchase", "receive"), ["number", "SKU=QTY"]),
        (("receipt", "create"), ["--payment", "SKU=QTY"]),
    ],
)
def test_help_documents_the_flags(okos, path, expected):
    out = okos(*path, "--help", config=None).out
    for flag in expected:
        assert flag in out


def test_help_in_a_real_process_needs_no_configuration(okos_process, tmp_path):
    result = okos_process("--help", config=None, cwd=tmp_path)
    assert result.code == 0 and "usage: okos" in result.out
    result = okos_process("stock", "receive", "--help", config=None, cwd=tmp_path)
    assert result.code == 0 and "--warehouse" in result.out


def test_console_script_is_installed(tmp_path):
    import subprocess

    script = Path(sys.executable).parent / "okos"
    assert script.exists(), "the okos console script is not installed next to this python"
    completed = subprocess.run(
        [str(script), "report", "--help"], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0 and "stock" in completed.stdout


def test_unknown_command_is_a_usage_error(okos):
    result = okos("frobnicate")
    assert result.code == 2
    assert "usage:" in result.err and "Traceback" not in result.err


def test_missing_verb_is_a_usage_error(okos):
    result = okos("stock")
    assert result.code == 2
    assert "usage:" in result.err
