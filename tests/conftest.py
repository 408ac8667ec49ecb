"""Shared fixtures: a real okos.toml and SQLite file in tmp_path; the CLI in and out of process.

Every test gets its own folder, configuration and database file. The Peewee `DatabaseProxy` is
re-initialised by every open; the fixtures close whatever they opened and put the message
language back to Hungarian, so no state leaks from one test into the next.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.db import database
from okos_tui.i18n import set_language

REPO = Path(__file__).resolve().parent.parent

CONFIG_TEXT = """\
[database]
path = "okos.db"

[company]
name = "Teszt Webáruház Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Teszt utca 1."
country = "HU"

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "SHOP"
name = "Bolti raktár"

[stock]
allow_negative = {allow_negative}
"""


def write_config(folder: Path, *, allow_negative: bool = False) -> Path:
    path = folder / "okos.toml"
    path.write_text(
        CONFIG_TEXT.format(allow_negative="true" if allow_negative else "false"), encoding="utf-8"
    )
    return path


def dump_database(path: Path | str) -> dict[str, object]:
    """Every table's rows (in rowid order), the schema and user_version, read through a separate
    sqlite3 connection: what another process would see after the last commit."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        tables = [name for kind, name, _ in schema if kind == "table"]
        dump: dict[str, object] = {
            "__schema__": schema,
            "__user_version__": connection.execute("PRAGMA user_version").fetchone()[0],
        }
        for table in tables:
            dump[table] = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        return dump
    finally:
        connection.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No configuration from the environment, Hungarian messages, the proxy released after."""
    monkeypatch.delenv("OKOS_CONFIG", raising=False)
    monkeypatch.delenv("OKOS_LANG", raising=False)
    set_language("hu")
    yield
    if database.obj is not None:
        database.obj.close()
    set_language("hu")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A valid okos.toml with warehouses MAIN and SHOP and a relative database path."""
    return write_config(tmp_path)


@pytest.fixture
def db_path(config_file: Path) -> Path:
    return config_file.parent / "okos.db"


@pytest.fixture
def db(config_file: Path):
    """The database of `config_file`, opened (migrated, warehouses synced) as the CLI does."""
    from okos_tui.services.workspace import Context

    Context(str(config_file)).open()
    opened = database.obj
    yield opened
    opened.close()


@pytest.fixture
def catalog(db) -> dict[str, object]:
    """A few products written straight to the tables: two stocked items, one sold by the
    kilogram (three decimals), one with a GTIN, and a service."""
    from okos_tui.db import Product, VatRate

    vat27 = VatRate.get(VatRate.code == "27%")
    vat5 = VatRate.get(VatRate.code == "5%")
    rows = [
        dict(
            sku="BOG-01",
            name="Bögre, mázas",
            vat_rate=vat27,
            net_price=Decimal("1000"),
            purchase_price=Decimal("600"),
            gtin="5998877100035",
        ),
        dict(
            sku="TEA-01",
            name="Gyümölcstea",
            unit="doboz",
            vat_rate=vat5,
            net_price=Decimal("952.38"),
            purchase_price=Decimal("500.5"),
        ),
        dict(
            sku="LIS-01",
            name="Tönkölyliszt",
            unit="kg",
            vat_rate=vat5,
            net_price=Decimal("800"),
            purchase_price=Decimal("450"),
        ),
        dict(
            sku="SZALL",
            name="Szállítási díj",
            vat_rate=vat27,
            net_price=Decimal("1500"),
            is_service=True,
        ),
    ]
    return {row["sku"]: Product.create(**row) for row in rows}


@pytest.fixture
def dump() -> Callable[[Path | str], dict[str, object]]:
    return dump_database


@pytest.fixture
def okos(capsys: pytest.CaptureFixture[str], config_file: Path) -> Callable[..., CliResult]:
    """Run `okos --config <config_file> ARGS...` in this process; returns code, stdout, stderr.

    The CLI binds the models to a database of its own; afterwards that one is closed and the
    proxy is given back whatever it held before, so a `db` fixture in the same test stays usable.
    """
    from okos_tui.cli.main import main

    def run(*args: str, config: Path | None = config_file) -> CliResult:
        capsys.readouterr()
        before = database.obj
        argv = (["--config", str(config)] if config is not None else []) + [str(a) for a in args]
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help and usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        finally:
            after = database.obj
            if after is not None and after is not before:
                after.close()
                if before is not None:
                    database.initialize(before)
            set_language("hu")
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def okos_process(config_file: Path) -> Callable[..., CliResult]:
    """Run `python -m okos_tui --config <config_file> ARGS...` as a real subprocess."""

    def run(
        *args: str,
        config: Path | None = config_file,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> CliResult:
        argv = (["--config", str(config)] if config is not None else []) + [str(a) for a in args]
        environment = {k: v for k, v in os.environ.items() if k not in ("OKOS_CONFIG", "OKOS_LANG")}
        environment.update(env or {})
        completed = subprocess.run(
            [sys.executable, "-m", "okos_tui", *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environment,
            cwd=cwd or config_file.parent,
            timeout=60,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a CSV file in tmp_path and return its path."""

    def write(content: str | bytes, name: str = "products.csv") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
