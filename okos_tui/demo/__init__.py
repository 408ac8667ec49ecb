"""The demo workspace: a folder with its own okos.toml, database and Hungarian sample data."""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

DEMO_CONFIG = """\
# Demo okos.toml, made by `okos demo`: a sample shop's back office on this machine only.
[database]
path = "okos-demo.db"

[company]
name = "Okos Demó Bolt Kft."
tax_number = "12345678-2-08"
address = "1111 Budapest, Műegyetem rakpart 3."
bank_account = "11700000-12345678-00000000"
vat_exempt = false

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "BOLT"
name = "Bolti raktár"

[stock]
allow_negative = false
"""


def demo_folder() -> Path:
    """Per user, outside the project: $OKOS_DEMO_DIR, else $XDG_DATA_HOME/okos-tui/demo."""
    if os.environ.get("OKOS_DEMO_DIR"):
        return Path(os.environ["OKOS_DEMO_DIR"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "okos-tui" / "demo"


def sample_products() -> bytes:
    return (resources.files(__package__) / "products.csv").read_bytes()


def prepare_folder(folder: Path) -> Path:
    """A fresh demo folder with okos.toml and the sample CSV; returns the okos.toml path."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    config_path = folder / "okos.toml"
    config_path.write_text(DEMO_CONFIG, encoding="utf-8")
    (folder / "products.csv").write_bytes(sample_products())
    return config_path
