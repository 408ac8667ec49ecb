"""An emulated ShopRenter shop on 127.0.0.1 for the demo and the tests.

It speaks the documented API subset in the official JSON shapes (token endpoint, Bearer and
Basic auth, orderExtend, products, productExtend, batch, taxClasses, orderStatuses,
orderStatusDescriptions), enforces the rate limit, can inject faults, and is seeded with
Hungarian sample data. Standard library only: no Textual, no Peewee.
"""

from okos_tui.fakeshop.catalog import (
    COUPONS,
    ORDER_STATUSES,
    PAYMENT_METHODS,
    SHIPPING_METHODS,
    STORNO_STATUS_ID,
)
from okos_tui.fakeshop.faults import Faults
from okos_tui.fakeshop.models import Address, Customer
from okos_tui.fakeshop.server import RecordedRequest
from okos_tui.fakeshop.settings import FakeShopSettings
from okos_tui.fakeshop.shop import FakeShop

__all__ = [
    "COUPONS",
    "ORDER_STATUSES",
    "PAYMENT_METHODS",
    "SHIPPING_METHODS",
    "STORNO_STATUS_ID",
    "Address",
    "Customer",
    "FakeShop",
    "FakeShopSettings",
    "Faults",
    "RecordedRequest",
]
