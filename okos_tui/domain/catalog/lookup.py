"""Finding master records by the codes people type, with a clear error when nothing matches."""

from __future__ import annotations

from okos_tui.core.errors import InvalidValue, NotFound
from okos_tui.db import PaymentMethod, Product, Supplier, VatRate, Warehouse
from okos_tui.domain.catalog.vat_codes import normalise_vat_code


def warehouse_by_code(code: str) -> Warehouse:
    warehouse = Warehouse.get_or_none(Warehouse.code == code.strip().upper())
    if warehouse is None or not warehouse.active:  # removed from okos.toml: no new documents
        raise NotFound("error.unknown_warehouse", code=code)
    return warehouse


def vat_by_code(code: str) -> VatRate:
    vat = VatRate.get_or_none(VatRate.code == normalise_vat_code(code))
    if vat is None:
        raise NotFound("error.unknown_vat", code=code)
    return vat


def product_by_code(code: str) -> Product:
    """A product by SKU or, for barcode scanners, by GTIN."""
    code = code.strip()
    product = Product.get_or_none(Product.sku == code)
    if product is None and code:
        matches = list(Product.select().where(Product.gtin == code).limit(2))
        if len(matches) > 1:  # a scanned barcode must never pick one of two products silently
            raise InvalidValue("error.ambiguous_gtin", code=code)
        product = matches[0] if matches else None
    if product is None:
        raise NotFound("error.unknown_product", code=code)
    return product


def supplier_by_name(name: str, *, create: bool = False) -> Supplier:
    name = name.strip()
    supplier = Supplier.get_or_none(Supplier.name == name)
    if supplier is None:
        if not create or not name:
            raise NotFound("error.unknown_supplier", name=name)
        supplier = Supplier.create(name=name)
    return supplier


def payment_method_by_name(name: str) -> PaymentMethod:
    method = PaymentMethod.get_or_none(
        (PaymentMethod.name == name.strip()) | (PaymentMethod.code == name.strip().upper())
    )
    if method is None:
        raise NotFound("error.unknown_payment_method", name=name)
    return method
