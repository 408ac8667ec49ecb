"""Peewee models and the database connection. Knows nothing of the UI."""

from okos_tui.db.base import BaseModel, database
from okos_tui.db.catalog import PriceList, PriceListItem, Product, ProductWarehouse, VatRate
from okos_tui.db.connection import open_database
from okos_tui.db.invoices import (
    CartItem,
    EmailStatus,
    ExchangeRate,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    NavReport,
    NavStatus,
    PdfStatus,
)
from okos_tui.db.numbering import NumberSequence
from okos_tui.db.partners import Customer, Supplier
from okos_tui.db.purchasing import PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus
from okos_tui.db.push import ConnectedShop, PushQueue, ShopProduct
from okos_tui.db.sales import (
    PaymentMethod,
    RetailReceipt,
    RetailReceiptLine,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    ShippingMethod,
)
from okos_tui.db.stock import StockBalance, StockDocument, StockDocumentKind, StockMovement
from okos_tui.db.sync import ShopState, SkippedShopOrder, SyncLog
from okos_tui.db.warehouses import Warehouse

MODELS: tuple[type[BaseModel], ...] = (
    Warehouse,
    VatRate,
    Supplier,
    Customer,
    Product,
    ProductWarehouse,
    PriceList,
    PriceListItem,
    PurchaseOrder,
    PurchaseOrderLine,
    StockDocument,
    StockMovement,
    StockBalance,
    PaymentMethod,
    ShippingMethod,
    SalesOrder,
    SalesOrderLine,
    RetailReceipt,
    RetailReceiptLine,
    NumberSequence,
    ShopState,
    SyncLog,
    SkippedShopOrder,
    ConnectedShop,
    ShopProduct,
    PushQueue,
    Invoice,
    InvoiceLine,
    CartItem,
    ExchangeRate,
    NavReport,
)

__all__ = [
    "MODELS",
    "BaseModel",
    "CartItem",
    "ConnectedShop",
    "Customer",
    "EmailStatus",
    "ExchangeRate",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
    "NavReport",
    "NavStatus",
    "NumberSequence",
    "PaymentMethod",
    "PdfStatus",
    "PriceList",
    "PriceListItem",
    "Product",
    "ProductWarehouse",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderStatus",
    "PushQueue",
    "RetailReceipt",
    "RetailReceiptLine",
    "SalesOrder",
    "SalesOrderLine",
    "SalesOrderStatus",
    "ShippingMethod",
    "ShopProduct",
    "ShopState",
    "SkippedShopOrder",
    "StockBalance",
    "StockDocument",
    "StockDocumentKind",
    "StockMovement",
    "Supplier",
    "SyncLog",
    "VatRate",
    "Warehouse",
    "database",
    "open_database",
]
