"""The demo workspace: a folder with its own okos.toml and database, an emulated ShopRenter
shop with Hungarian sample data and new orders arriving, and a local SMTP server whose mails
are kept in the folder. Nothing leaves this machine."""

from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from okos_tui.demo.mailbox import DemoMailServer, free_port
from okos_tui.fakenav.nav import FakeNav
from okos_tui.fakenav.settings import FakeNavSettings
from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.fakeshop.catalog import PAID_STATUS_ID, STORNO_STATUS_ID

DEMO_SECRET_ENV = "OKOS_DEMO_SHOP_SECRET"

DEMO_CONFIG = """\
# Demo okos.toml, made by `okos demo`: an emulated shop and mail server on this machine only.
[database]
path = "okos-demo.db"

[company]
name = "Okos Demó Bolt Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Műegyetem rakpart 3."
country = "HU"
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

[invoicing]
prefix = "SZ"
due_days = 8
pdf_dir = "invoices"
# the shop's payment codes decide: COD and CASH are rounded to 0/5 Ft, BARION and
# BANK_TRANSFER are fulfilled on the day they were paid (the defaults of cash_methods and
# [invoicing.fulfilment])

[ui]
export_dir = "exports"
{shop}{smtp}"""

SHOP_CONFIG = """
[[shops]]
name = "demo"
api_url = "{api_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret_env = "{secret_env}"
order_prefix = "WEB"
warehouse = "MAIN"
sync_seconds = {sync_seconds}
push_stock = true
push_warehouses = ["MAIN"]
paid_statuses = [{paid_status}]  # "Fizetve": card payments come through at checkout
cancel_statuses = [{storno_status}]  # "Sztornó": cancelled here too while open

[shops.vat_map]
ATK = "0 %"  # the bottle deposit (DRS) is outside the scope of VAT
"""

NAV_CONFIG = """
[nav]
base_url = "{base_url}"
login = "{login}"
password_env = "OKOS_DEMO_NAV_PASSWORD"
signature_key_env = "OKOS_DEMO_NAV_SIGNATURE_KEY"
exchange_key_env = "OKOS_DEMO_NAV_EXCHANGE_KEY"
software_id = "HU12345676OKOS-001"
report = true
"""

SMTP_CONFIG = """
[smtp]
host = "127.0.0.1"
port = {port}
security = "none"
sender = "szamla@okos-demo.example"
reply_to = "info@okos-demo.example"
"""


def demo_folder() -> Path:
    """Per user, outside the project: $OKOS_DEMO_DIR, else $XDG_DATA_HOME/okos-tui/demo."""
    if os.environ.get("OKOS_DEMO_DIR"):
        return Path(os.environ["OKOS_DEMO_DIR"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "okos-tui" / "demo"


def sample_products() -> bytes:
    return (resources.files(__package__) / "products.csv").read_bytes()


def prepare_folder(folder: Path, shop: str = "", smtp: str = "", nav: str = "") -> Path:
    """A fresh demo folder with okos.toml and the sample CSV; returns the okos.toml path."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    config_path = folder / "okos.toml"
    config_path.write_text(DEMO_CONFIG.format(shop=shop, smtp=smtp + nav), encoding="utf-8")
    (folder / "products.csv").write_bytes(sample_products())
    return config_path


def shop_products_csv(shop: FakeShop) -> bytes:
    """The shop's catalogue as a product import: the same SKUs, names and prices, and about
    the stock the shop's counters say, except for a few products that ran out."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "sku",
            "name",
            "vat",
            "net_price",
            "purchase_price",
            "min_stock",
            "opening_qty",
            "supplier",
        ]
    )
    for index, sku in enumerate(shop.skus):
        product = shop.product(sku)
        stock = sum(int(float(product.get(f"stock{n}") or 0)) for n in (1, 2, 3, 4))
        if index % 5 == 0:  # a few products run out, so some orders wait for goods
            stock = 0
        tax = "27%"
        writer.writerow(
            [
                sku,
                product["name"],
                tax,
                product.get("price", "0"),
                product.get("cost") or "0",
                5,
                max(stock, 0),
                "Demó Nagyker Kft.",
            ]
        )
    return out.getvalue().encode("utf-8")


@dataclass
class DemoServices:
    folder: Path
    config_path: Path
    shop: FakeShop
    mail: DemoMailServer
    nav: FakeNav

    @property
    def mail_folder(self) -> Path:
        return self.folder / "mails"

    def stop(self) -> None:
        self.shop.stop()
        self.mail.stop()
        self.nav.stop()


def start_demo(folder: Path, *, order_interval: float = 60, sync_seconds: int = 20) -> DemoServices:
    """Start the emulated shop and mail server and write the demo folder that points at them."""
    settings = FakeShopSettings(
        order_interval_seconds=order_interval, seed_orders=25, rate_limit_per_second=3
    )
    shop = FakeShop(settings).start(port=free_port())
    mail = DemoMailServer(folder / "mails")
    os.environ[DEMO_SECRET_ENV] = settings.client_secret
    shop_config = SHOP_CONFIG.format(
        api_url=shop.api_url,
        token_url=shop.token_url,
        client_id=settings.client_id,
        secret_env=DEMO_SECRET_ENV,
        sync_seconds=sync_seconds,
        paid_status=PAID_STATUS_ID,
        storno_status=STORNO_STATUS_ID,
    )
    nav = FakeNav(FakeNavSettings()).start(port=free_port())  # reports turn DONE in a second
    user = nav.user
    os.environ["OKOS_DEMO_NAV_PASSWORD"] = user.password
    os.environ["OKOS_DEMO_NAV_SIGNATURE_KEY"] = user.signature_key
    os.environ["OKOS_DEMO_NAV_EXCHANGE_KEY"] = user.exchange_key
    nav_config = NAV_CONFIG.format(base_url=nav.base_url, login=user.login)
    config_path = prepare_folder(
        folder, shop_config, SMTP_CONFIG.format(port=mail.port), nav_config
    )
    (folder / "products.csv").write_bytes(shop_products_csv(shop))
    mail.folder.mkdir(parents=True, exist_ok=True)
    mail.start()
    return DemoServices(folder, config_path, shop, mail, nav)
