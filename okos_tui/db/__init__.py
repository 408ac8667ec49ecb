"""Peewee models and the database connection. Knows nothing of the UI."""

from .base import BaseModel, database
from .catalog import PriceList, PriceListItem, Product, ProductWarehouse, VatRate
from .connection import open_database
from .invoices import CartItem, EmailStatus, Invoice, InvoiceKind, InvoiceLine, PdfStatus
from .numbering import NumberSequence
from .partners import Customer, Supplier
from .purchasing import PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus
from .push import ConnectedShop, PushQueue, ShopProduct
from .sales import (
    PaymentMethod,
    RetailReceipt,
    RetailReceiptLine,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    ShippingMethod,
)
from .stock import StockBalance, StockDocument, StockDocumentKind, StockMovement
from .sync import ShopState, SkippedShopOrder, SyncLog
from .warehouses import Warehouse

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
)

__all__ = [
    "MODELS",
    "BaseModel",
    "CartItem",
    "ConnectedShop",
    "Customer",
    "EmailStatus",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
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
