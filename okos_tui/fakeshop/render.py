"""The API's JSON shapes, field for field as in the official fixtures.

Records are rendered on every request against the base URL the request came in on, so links
(`href`) point back at this server whatever its port.

An order in another currency (EUR) carries its multiplier `value` (1 HUF = value units), its
items' `...Currency` prices in that currency and their plain prices in HUF, and its totals in
that currency (what the customer saw and paid: the docs do not say which, so the emulated shop
keeps the order's amounts in one currency, as the client reads them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from okos_tui.fakeshop import catalog, ids
from okos_tui.fakeshop.models import Order, OrderAddon, OrderLine, OrderTotal, Product
from okos_tui.fakeshop.money import fmt4, fmt8, gross, value_text

NO_DATE = "-0001-11-30T00:00:00"


class Renderer:
    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")

    def link(self, path: str) -> dict[str, str]:
        return {"href": f"{self.base}/{path}"}

    def _id_link(self, collection: str, kind: str, key: str, value: int) -> dict[str, str]:
        return self.link(f"{collection}/{ids.encode_id(kind, key, value)}")

    # orders -----------------------------------------------------------------------------------

    def order(self, order: Order) -> dict[str, Any]:
        oid = ids.order_id(order.order_id)
        buyer, billing, delivery = order.customer, order.customer.address, order.shipping_address
        shipping = catalog.SHIPPING_METHODS[order.shipping_code]
        payment = catalog.PAYMENT_METHODS[order.payment_code]
        shipping_name, point_id = shipping.name, "0"
        if order.pickup_point:  # the name carries the pick-up point, the localized name does not
            shipping_name = f"{shipping.name} – {order.pickup_point}"
            point_id = str(1000 + sum(map(ord, order.pickup_point)) % 9000)
        return {
            "href": f"{self.base}/orderExtend/{oid}",
            "id": oid,
            "innerId": str(order.order_id),
            "invoiceId": "0",
            "invoicePrefix": "",
            "firstname": buyer.firstname,
            "lastname": buyer.lastname,
            "phone": buyer.phone,
            "fax": "",
            "email": buyer.email,
            **_address("shipping", delivery),
            "shippingMethodName": shipping_name,
            "shippingMethodLocalizedName": shipping.name,
            "shippingMethodTaxRate": fmt4(shipping.tax_rate),
            "shippingMethodTaxName": _tax_name(shipping.tax_rate),
            "shippingMethodExtension": shipping.extension,
            "shippingReceivingPointId": point_id,
            **_address("payment", billing),
            "paymentMethodName": payment.name,
            "paymentMethodCode": payment.code,
            "paymentMethodTaxRate": fmt4(payment.tax_rate),
            "paymentMethodTaxName": _tax_name(payment.tax_rate) if payment.fee else "",
            "paymentMethodAfter": "1" if payment.pay_after else "0",
            "taxNumber": buyer.tax_number,
            "comment": order.comment,
            "total": fmt4(order.total("TOTAL")),
            "value": fmt8(order.currency_value),
            "couponTaxRate": "27.0000" if order.coupon_code else "-1.0000",
            "dateCreated": order.date_created,
            "dateUpdated": order.date_updated,
            "ip": order.ip,
            "pickPackPontShopCode": "",
            "loyaltyPointsTaxRate": (
                "27.0000" if order.total("LOYALTYPOINTS_TO_USE") else "-1.0000"
            ),
            "customer": self._customer_link(order),
            "customerGroup": self._id_link(
                "customerGroups",
                "customerGroup",
                "customer_group_id",
                catalog.DEFAULT_CUSTOMER_GROUP_ID,
            ),
            "shippingZone": None,
            "shippingCountry": self.country(delivery.country),
            "paymentZone": None,
            "paymentCountry": self.country(billing.country),
            "orderStatus": (
                self.link(f"orderStatuses/{ids.order_status_id(order.status_id)}")
                if order.status_id is not None
                else None
            ),
            "language": self.language(),
            "currency": self.currency(order.currency),
            "shippingMode": self.shipping_mode(shipping),
            "coupon": self.coupon(catalog.COUPONS[order.coupon_code])
            if order.coupon_code
            else (None),
            "orderTotals": [self.order_total(order, t) for t in order.totals],
            "orderProducts": [self.order_product(order, line) for line in order.lines],
            "orderGiftWrappings": [],
            "orderProductAddons": [self.order_addon(order, a) for a in order.addons],
            "orderAddressIdentifications": [],
            "externalInfo": None,
            "orderCreditCards": [],
        }

    def _customer_link(self, order: Order) -> dict[str, str] | None:
        """A registered buyer's link; a guest gets null or {} (both happen in the field)."""
        customer_id = order.customer.customer_id
        if customer_id is None:
            return None if order.order_id % 2 == 0 else {}
        return self._id_link("customers", "customer", "customer_id", customer_id)

    def _order_link(self, order: Order) -> dict[str, str]:
        return self.link(f"orders/{ids.order_id(order.order_id)}")

    def order_total(self, order: Order, total: OrderTotal) -> dict[str, Any]:
        tid = ids.encode_id("orderTotal", "order_total_id", total.total_id)
        currency = catalog.CURRENCIES[order.currency]
        return {
            "href": f"{self.base}/orderTotals/{tid}",
            "id": tid,
            "name": total.name,
            "valueText": value_text(total.value, currency.places, currency.symbol_right),
            "value": fmt4(total.value),
            "sortOrder": str(total.sort_order),
            "type": total.type,
            "key": total.key,
            "description": "",
            "dateCreated": order.date_created,
            "dateUpdated": order.date_created,
            "order": self._order_link(order),
        }

    def order_product(self, order: Order, line: OrderLine) -> dict[str, Any]:
        pid = ids.encode_id("orderProduct", "order_product_id", line.order_product_id)
        unit_gross = gross(line.price, line.tax_rate)
        original_gross = gross(line.original_price, line.tax_rate)

        def huf(amount: Decimal) -> str:  # the plain prices are the default currency's
            return fmt4(amount / order.currency_value)

        return {
            "href": f"{self.base}/orderProducts/{pid}",
            "id": pid,
            "name": line.name,
            "sku": line.sku,
            "modelNumber": "",
            "originalPrice": huf(line.original_price),
            "price": huf(line.price),
            "grossPrice": huf(unit_gross),
            "originalGrossPrice": huf(original_gross),
            "total": huf(line.price * line.quantity),
            "taxRate": fmt4(line.tax_rate),
            "originalPriceCurrency": fmt4(line.original_price),
            "priceCurrency": fmt4(line.price),
            "grossPriceCurrency": fmt4(unit_gross),
            "originalGrossPriceCurrency": fmt4(original_gross),
            **{f"stock{n + 1}": str(taken) for n, taken in enumerate(line.stock)},
            "subtractStock": "1" if line.subtract_stock else "0",
            "dateCreated": order.date_created,
            "dateUpdated": order.date_created,
            "gtin": line.gtin,
            "durableMediaDevice": "0",
            "order": self._order_link(order),
            "product": self.link(f"products/{ids.product_id(line.product_id)}"),
            "orderProductOptions": self.link(f"orderProductOptions?orderProductId={pid}"),
        }

    def order_addon(self, order: Order, addon: OrderAddon) -> dict[str, Any]:
        aid = ids.encode_id("orderProductAddon", "order_product_addon_id", addon.addon_row_id)
        return {
            "href": f"{self.base}/orderProductAddons/{aid}",
            "id": aid,
            "innerId": str(addon.addon_row_id),
            "orderInnerId": str(order.order_id),
            "productInnerId": str(addon.product_id),
            "productAddonInnerId": str(addon.addon_id),
            "name": addon.name,
            "sku": addon.sku,
            "type": addon.type,
            "price": fmt4(addon.price),
            "quantity": str(addon.quantity),
            "total": fmt4(addon.price * addon.quantity),
            "taxRate": fmt4(addon.tax_rate),
            "dateCreated": order.date_created,
            "dateUpdated": order.date_created,
            "order": self._order_link(order),
            "product": self.link(f"products/{ids.product_id(addon.product_id)}"),
            "orderProductAddon": self._id_link(
                "productAddons", "productAddon", "product_addon_id", addon.addon_id
            ),
        }

    def country(self, code: str = "HU") -> dict[str, Any]:
        country = catalog.COUNTRIES[code]
        cid = ids.encode_id("country", "country_id", country.country_id)
        return {
            "href": f"{self.base}/countries/{cid}",
            "id": cid,
            "name": country.name,
            "isoCode2": country.iso_code2,
            "isoCode3": country.iso_code3,
            "status": "1",
            "zones": self.link(f"zones?countryId={cid}"),
        }

    def language(self, language_id: int = catalog.HUNGARIAN) -> dict[str, Any]:
        lid = ids.encode_id("language", "language_id", language_id)
        name, code = catalog.LANGUAGES[language_id]
        return {
            "href": f"{self.base}/languages/{lid}",
            "id": lid,
            "innerId": str(language_id),
            "name": name,
            "code": code,
            "locale": "hu_HU.UTF-8,hu_HU,hu-hu,hungarian" if code == "hu" else "en_US.UTF-8",
            "sortOrder": str(language_id),
            "status": "1",
        }

    def currency(self, code: str = catalog.DEFAULT_CURRENCY) -> dict[str, Any]:
        currency = catalog.CURRENCIES[code]
        cid = ids.encode_id("currency", "currency_id", currency.currency_id)
        return {
            "href": f"{self.base}/currencies/{cid}",
            "id": cid,
            "name": currency.name,
            "code": currency.code,
            "symbolLeft": "",
            "symbolRight": currency.symbol_right,
            "decimalPlace": str(currency.places),
            "value": fmt8(currency.value),
            "status": "1",
            "dateUpdated": "2024-01-02 08:00:00",
        }

    def shipping_mode(self, method: catalog.ShippingMethod) -> dict[str, Any]:
        sid = ids.encode_id("shippingMode", "id", method.inner_id)
        return {
            "href": f"{self.base}/shippingModes/{sid}",
            "id": sid,
            "innerId": str(method.inner_id),
            "sortOrder": str(method.inner_id),
            "enabled": "1",
            "costCalculationBy": "PRICE",
            "freeShippingFrom": "0.0000",
            "shippingType": method.shipping_type,
            "taxClass": self._tax_class_link(catalog.VAT_27),
            "geoZone": None,
            "shippingModeDescriptions": self.link(f"shippingModeDescriptions?shippingModeId={sid}"),
            "shippingLanes": self.link(f"shippingLanes?shippingModeId={sid}"),
        }

    def coupon(self, coupon: catalog.Coupon) -> dict[str, Any]:
        cid = ids.encode_id("coupon", "coupon_id", coupon.coupon_id)
        percent = coupon.discount_type == "PERCENT"
        return {
            "href": f"{self.base}/coupons/{cid}",
            "id": cid,
            "code": coupon.code,
            "discountType": coupon.discount_type,
            "percentDiscountValue": fmt4(coupon.value if percent else Decimal(0)),
            "loginRequired": "1" if coupon.login_required else "0",
            "freeShipping": "1" if coupon.free_shipping else "0",
            "fixDiscountValue": fmt4(Decimal(0) if percent else coupon.value),
            "dateStart": "2024-01-01",
            "dateEnd": "2030-12-31",
            "totalNumberOfCoupons": "1000",
            "totalNumberOfCouponsPerCustomer": "1",
            "status": "1",
            "dateCreated": "2024-01-01 09:00:00",
            "dateUpdated": "0000-00-00 00:00:00",
            "email": "",
            "minOrderLimit": "0.00",
            "maxOrderLimit": "0.00",
            "targetType": "CART",
            "validToSpecialProducts": "1",
            "validWithGiftProducts": "1",
            "validWithBulkDiscount": "1",
            "validWithLoyaltyPoints": "1",
            "bypassMinOrderLimitWithCoupon": "0",
            "taxClass": self._tax_class_link(catalog.VAT_27),
            "couponDescriptions": self.link(f"couponDescriptions?couponId={cid}"),
        }

    # products ---------------------------------------------------------------------------------

    def _tax_class_link(self, tax_class_id: int) -> dict[str, str]:
        return self.link(f"taxClasses/{ids.tax_class_id(tax_class_id)}")

    def product(self, product: Product, collection: str = "products") -> dict[str, Any]:
        pid = ids.product_id(product.product_id)
        stock_status = self._id_link("stockStatuses", "stockStatus", "stock_status_id", 9)
        no_stock_status = self._id_link("stockStatuses", "stockStatus", "stock_status_id", 5)
        return {
            "href": f"{self.base}/{collection}/{pid}",
            "id": pid,
            "innerId": str(product.product_id),
            "sku": product.sku,
            "modelNumber": product.model_number,
            "gtin": product.gtin,
            "orderable": str(product.orderable),
            "price": fmt4(product.price),
            "cost": fmt4(product.cost),
            "multiplier": fmt4(product.multiplier),
            "multiplierLock": str(product.multiplier_lock),
            "loyaltyPoints": {},
            **{f"stock{n + 1}": str(count) for n, count in enumerate(product.stock)},
            "subtractStock": "1" if product.subtract_stock else "0",
            "mainPicture": f"product/{product.sku}.jpg",
            "width": "0.00",
            "height": "0.00",
            "length": "0.00",
            "weight": "0.00",
            "status": str(product.status),
            "shipped": "1",
            "minimalOrderNumber": "1",
            "maximalOrderNumber": "0",
            "minimalOrderNumberMultiply": "0",
            "availableDate": "0000-00-00",
            "quantity": "0.0000",
            "sortOrder": "0",
            "dateCreated": product.date_created,
            "dateUpdated": product.date_updated,
            "imageAlt": product.name,
            "freeShipping": "0",
            "durableMediaDevice": "0",
            "taxClass": self._tax_class_link(product.tax_class_id),
            "noStockStatus": no_stock_status,
            "inStockStatus": stock_status,
            "productClass": self._id_link("productClasses", "productClass", "product_class_id", 1),
            "parentProduct": self.link(f"products/{pid}"),
            "volumeUnit": self._id_link("lengthClasses", "lengthClass", "length_class_id", 1),
            "weightUnit": self._id_link("weightClasses", "weightClass", "weight_class_id", 1),
            "manufacturer": self._id_link("manufacturers", "manufacturer", "manufacturer_id", 1),
            **{f"onlyStock{n}Status": stock_status for n in range(1, 5)},
            "allImages": {"mainImage": f"{self.base}/images/product/{product.sku}.jpg"},
            **{
                name: self.link(f"{name}?productId={pid}")
                for name in (
                    "productDescriptions",
                    "productRelatedProductRelations",
                    "productCategoryRelations",
                    "productSpecials",
                    "productProductBadgeRelations",
                    "productListAttributeValueRelations",
                    "numberAttributeValues",
                    "textAttributeValues",
                    "productTags",
                    "productCollateralProductRelations",
                    "customerGroupProductPrices",
                    "productAddonProductRelations",
                )
            },
            "relatedProducts": self.link(f"{collection}/{pid}/relatedProducts"),
            "collateralProducts": self.link(f"{collection}/{pid}/collateralProducts"),
            "productAddons": self.link(f"productExtend/{pid}/productAddons"),
        }

    def product_extend(self, product: Product) -> dict[str, Any]:
        """A product with its descriptions, prices and relations embedded."""
        pid = ids.product_id(product.product_id)
        record = self.product(product, collection="productExtend")
        product_link = self.link(f"products/{pid}")
        language = self.language()
        rate = catalog.TAX_CLASSES[product.tax_class_id].rate
        net = product.special_price if product.special_price is not None else product.price
        group_id = ids.encode_id(
            "customerGroup", "customer_group_id", catalog.DEFAULT_CUSTOMER_GROUP_ID
        )
        description_id = ids.encode_id(
            "productDescription", "product_id", f"{product.product_id}&language_id=1"
        )
        record.update(
            {
                "productAttributeExtend": [],
                "productPrices": [
                    {
                        "customerGroup": {
                            "id": group_id,
                            "innerId": catalog.DEFAULT_CUSTOMER_GROUP_ID,
                            "default": True,
                        },
                        "net": fmt4(net),
                        "netOriginal": fmt4(product.price),
                        "netSpecial": fmt4(product.special_price)
                        if product.special_price
                        else None,
                        "gross": fmt4(gross(net, rate)),
                        "grossOriginal": fmt4(gross(product.price, rate)),
                        "grossSpecial": (
                            fmt4(gross(product.special_price, rate))
                            if product.special_price
                            else None
                        ),
                        "currencyCode": "HUF",
                    }
                ],
                "productDescriptions": [
                    {
                        "href": f"{self.base}/productDescriptions/{description_id}",
                        "id": description_id,
                        "name": product.name,
                        "metaKeywords": {},
                        "metaDescription": {},
                        "shortDescription": "",
                        "description": "",
                        "parameters": "",
                        "packagingUnit": {},
                        "measurementUnit": "db",
                        "customContentTitle": {},
                        "customContent": {},
                        "dateCreated": product.date_created,
                        "dateUpdated": product.date_updated,
                        "videoCode": {},
                        "product": product_link,
                        "language": {"href": language["href"]},
                    }
                ],
                "productRelatedProductRelations": [],
                "productCategoryRelations": [],
                "productSpecials": self._specials(product, product_link),
                "productProductBadgeRelations": [],
                "productTags": [],
                "productCollateralProductRelations": [],
                "customerGroupProductPrices": [],
                "urlAliases": {
                    "href": f"{self.base}/urlAliases/{pid}",
                    "id": pid,
                    "type": "PRODUCT",
                    "urlAlias": product.sku.lower(),
                    "urlAliasEntity": product_link,
                    "language": {"href": language["href"]},
                },
                "productAddonProductRelations": [],
            }
        )
        return record

    def _specials(self, product: Product, product_link: dict[str, str]) -> list[dict[str, Any]]:
        if product.special_price is None:
            return []
        sid = ids.encode_id("productSpecial", "product_special_id", product.product_id)
        return [
            {
                "href": f"{self.base}/productSpecials/{sid}",
                "id": sid,
                "priority": "1",
                "price": fmt4(product.special_price),
                "dateFrom": "0000-00-00 00:00:00",
                "dateTo": "0000-00-00 00:00:00",
                "minQuantity": "0",
                "maxQuantity": "0",
                "dateCreated": product.date_created,
                "product": product_link,
                "customerGroup": {},
            }
        ]

    # reference data ---------------------------------------------------------------------------

    def tax_class(self, tax_class: catalog.TaxClass) -> dict[str, Any]:
        tid = ids.tax_class_id(tax_class.tax_class_id)
        return {
            "href": f"{self.base}/taxClasses/{tid}",
            "id": tid,
            "name": tax_class.name,
            "description": tax_class.description,
            "dateCreated": "2024-01-01T09:00:00",
            "dateUpdated": NO_DATE,
            "taxRates": self.link(f"taxRates?taxClassId={tid}"),
        }

    def order_status(self, status: catalog.OrderStatus) -> dict[str, Any]:
        sid = ids.order_status_id(status.status_id)
        return {
            "href": f"{self.base}/orderStatuses/{sid}",
            "id": sid,
            "orderStatusDescriptions": self.link(f"orderStatusDescriptions?orderStatusId={sid}"),
        }

    def order_status_description(
        self, status: catalog.OrderStatus, language_id: int
    ) -> dict[str, Any]:
        did = ids.order_status_description_id(status.status_id, language_id)
        return {
            "href": f"{self.base}/orderStatusDescriptions/{did}",
            "id": did,
            "name": status.name_hu if language_id == catalog.HUNGARIAN else status.name_en,
            "color": status.color,
            "orderStatus": self.link(f"orderStatuses/{ids.order_status_id(status.status_id)}"),
            "language": {"href": self.language(language_id)["href"]},
        }


def _address(prefix: str, address: Any) -> dict[str, str]:
    return {
        f"{prefix}Firstname": address.firstname,
        f"{prefix}Lastname": address.lastname,
        f"{prefix}Company": address.company,
        f"{prefix}Address1": address.address1,
        f"{prefix}Address2": address.address2,
        f"{prefix}City": address.city,
        f"{prefix}Postcode": address.postcode,
        f"{prefix}ZoneName": "",
        f"{prefix}CountryName": catalog.COUNTRIES[address.country].name,
        f"{prefix}AddressFormat": "",
    }


def _tax_name(rate: Decimal) -> str:
    return f"{rate.normalize():f} %"
