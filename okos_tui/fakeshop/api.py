"""The documented API subset, independent of HTTP, so a batch can run its items through it too."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from okos_tui.fakeshop import catalog, ids
from okos_tui.fakeshop.errors import ApiError, bad_data, not_found
from okos_tui.fakeshop.models import Order, Product
from okos_tui.fakeshop.render import Renderer
from okos_tui.fakeshop.settings import FakeShopSettings
from okos_tui.fakeshop.state import DATE_FORMAT, ShopState

INVALID_JSON = object()
"""The body of a request whose JSON did not parse."""

QueryPairs = Sequence[tuple[str, str]]


@dataclass
class ApiResponse:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class Api:
    def __init__(self, state: ShopState, settings: FakeShopSettings) -> None:
        self.state = state
        self.settings = settings

    def handle(
        self, method: str, path: str, query: QueryPairs, body: Any, base_url: str
    ) -> ApiResponse:
        """Answer one request for `path` (relative to the API base, e.g. "products/abc")."""
        try:
            return self._route(method.upper(), path.strip("/"), list(query), body, base_url)
        except ApiError as error:
            return ApiResponse(error.status, error.body())

    def _route(
        self, method: str, path: str, query: list[tuple[str, str]], body: Any, base_url: str
    ) -> ApiResponse:
        render = Renderer(base_url)
        resource, _, item = path.partition("/")
        if "/" in item:
            raise not_found()
        routes: dict[tuple[str, bool], Callable[[], ApiResponse]] = {
            ("GET", False): lambda: self._list(resource, query, render),
            ("GET", True): lambda: self._get(resource, item, render),
            ("PUT", True): lambda: self._put(resource, item, body, render),
            ("PUT", False): lambda: self._put_by_sku(resource, query, body, render),
            ("POST", False): lambda: self._post(resource, body, base_url),
        }
        if resource not in _RESOURCES:
            raise not_found()
        handler = routes.get((method, bool(item)))
        if handler is None:
            raise ApiError(405, 40501, f"Method {method} is not allowed on {path}!")
        return handler()

    # reading ----------------------------------------------------------------------------------

    def _list(self, resource: str, query: list[tuple[str, str]], render: Renderer) -> ApiResponse:
        params = dict(query)
        with self.state.lock:
            if resource == "orderExtend":
                orders = _filter_orders(self.state.orders.values(), params)
                return self._page(resource, query, orders, render.order, _order_id, True, render)
            if resource in ("products", "productExtend"):
                products = sorted(self.state.products.values(), key=lambda p: p.product_id)
                if "sku" in params:
                    products = [p for p in products if p.sku == params["sku"]]
                to_json = render.product if resource == "products" else render.product_extend
                return self._page(resource, query, products, to_json, _product_id, False, render)
        if resource == "taxClasses":
            classes = list(catalog.TAX_CLASSES.values())
            return self._page(
                resource,
                query,
                classes,
                render.tax_class,
                lambda t: ids.tax_class_id(t.tax_class_id),
                True,
                render,
            )
        if resource == "orderStatuses":
            statuses = list(catalog.ORDER_STATUSES.values())
            return self._page(
                resource,
                query,
                statuses,
                render.order_status,
                lambda s: ids.order_status_id(s.status_id),
                False,
                render,
            )
        if resource == "orderStatusDescriptions":
            wanted = params.get("orderStatusId")
            pairs = [
                (status, language)
                for status in catalog.ORDER_STATUSES.values()
                for language in catalog.LANGUAGES
                if not wanted or ids.order_status_id(status.status_id) == wanted
            ]
            return self._page(
                resource,
                query,
                pairs,
                lambda p: render.order_status_description(*p),
                lambda p: ids.order_status_description_id(p[0].status_id, p[1]),
                False,
                render,
            )
        raise ApiError(405, 40501, f"Listing {resource} is not supported!")

    def _page(
        self,
        resource: str,
        query: list[tuple[str, str]],
        records: Sequence[Any],
        to_json: Callable[[Any], dict[str, Any]],
        id_of: Callable[[Any], str],
        numeric: bool,
        render: Renderer,
    ) -> ApiResponse:
        page = _int_param(query, "page", 0)
        limit = _int_param(query, "limit", self.settings.default_page_limit)
        if page < 0:
            raise bad_data("The page parameter has wrong data.")
        maximum = self.settings.max_page_limit
        if not 1 <= limit <= maximum:
            raise bad_data(f"The limit parameter must be between 1 and {maximum}.")
        page_count = math.ceil(len(records) / limit)
        if page >= max(page_count, 1):
            raise ApiError(400, 40008, "Page out of range!")
        full = dict(query).get("full") == "1"
        rest = [(k, v) for k, v in query if k not in ("page", "limit")]

        def link(number: int) -> dict[str, str]:
            paging = urlencode([*rest, ("page", number), ("limit", limit)])
            return render.link(f"{resource}?{paging}")

        number: Callable[[int], int | str] = (lambda n: n) if numeric else str
        chunk = records[page * limit : (page + 1) * limit]
        last = max(page_count - 1, 0)
        return ApiResponse(
            200,
            {
                "href": link(page)["href"],
                "page": number(page),
                "pageCount": number(page_count),
                "limit": number(limit),
                "first": link(0),
                "previous": link(page - 1) if page > 0 else None,
                "next": link(page + 1) if page < last else None,
                "last": link(last),
                "items": [
                    to_json(r) if full else render.link(f"{resource}/{id_of(r)}") for r in chunk
                ],
            },
        )

    def _get(self, resource: str, item: str, render: Renderer) -> ApiResponse:
        with self.state.lock:
            if resource == "orderExtend":
                return ApiResponse(200, render.order(self._order(item)))
            if resource == "products":
                return ApiResponse(200, render.product(self._product(item)))
            if resource == "productExtend":
                return ApiResponse(200, render.product_extend(self._product(item)))
        if resource == "taxClasses":
            number = ids.decode_id(item, "taxClass", "tax_class_id")
            if number not in catalog.TAX_CLASSES:
                raise not_found("Tax class")
            return ApiResponse(200, render.tax_class(catalog.TAX_CLASSES[number]))
        if resource == "orderStatuses":
            number = ids.decode_id(item, "orderStatus", "order_status_id")
            if number not in catalog.ORDER_STATUSES:
                raise not_found("Order status")
            return ApiResponse(200, render.order_status(catalog.ORDER_STATUSES[number]))
        if resource == "orderStatusDescriptions":
            pair = ids.decode_order_status_description_id(item)
            known = pair and pair[0] in catalog.ORDER_STATUSES and pair[1] in catalog.LANGUAGES
            if pair is None or not known:
                raise not_found("Order status description")
            status = catalog.ORDER_STATUSES[pair[0]]
            return ApiResponse(200, render.order_status_description(status, pair[1]))
        raise ApiError(405, 40501, f"Reading {resource} one by one is not supported!")

    def _order(self, item: str) -> Order:
        number = ids.decode_id(item, "order", "order_id")
        order = self.state.orders.get(number) if number is not None else None
        if order is None:
            raise not_found("Order")
        return order

    def _product(self, item: str) -> Product:
        number = ids.decode_id(item, "product", "product_id")
        product = self.state.products.get(number) if number is not None else None
        if product is None:
            raise not_found("Product")
        return product

    # writing ----------------------------------------------------------------------------------

    def _put(self, resource: str, item: str, body: Any, render: Renderer) -> ApiResponse:
        if resource not in ("products", "productExtend"):
            raise ApiError(405, 40501, f"Updating {resource} is not supported!")
        data = _unwrap(body)
        with self.state.lock:
            product = self.state.update_product(self._product(item).product_id, data)
            to_json = render.product if resource == "products" else render.product_extend
            return ApiResponse(200, to_json(product))

    def _put_by_sku(
        self, resource: str, query: list[tuple[str, str]], body: Any, render: Renderer
    ) -> ApiResponse:
        if resource != "productExtend":
            raise ApiError(405, 40501, f"Updating {resource} without an id is not supported!")
        sku = dict(query).get("sku")
        if not sku:
            raise ApiError(400, 40004, "The following query parameters are required: sku!")
        data = _unwrap(body)
        with self.state.lock:
            product = self.state.product_by_sku(sku)
            if product is None:
                raise not_found(f"Product with sku {sku}")
            self.state.update_product(product.product_id, data)
            return ApiResponse(200, render.product_extend(product))

    def _post(self, resource: str, body: Any, base_url: str) -> ApiResponse:
        if resource != "batch":
            raise ApiError(405, 40501, f"Creating {resource} is not supported!")
        data = _unwrap(body)
        requests = data.get("requests") if isinstance(data, dict) else None
        if not isinstance(requests, list):
            raise ApiError(400, 40003, "The following fields are required: requests!")
        if len(requests) > self.settings.max_batch_requests:
            raise bad_data(f"A batch holds at most {self.settings.max_batch_requests} requests!")
        answers = [self._batch_item(request, base_url) for request in requests]
        return ApiResponse(200, {"requests": {"request": answers}})

    def _batch_item(self, request: Any, base_url: str) -> dict[str, Any]:
        """Run one batch item as if it came alone (no auth, no rate limit of its own)."""
        if not isinstance(request, dict) or not isinstance(request.get("uri"), str):
            response = ApiResponse(400, bad_data("A batch item needs a method and a uri.").body())
            return {"method": "", "uri": "", "response": _batch_response(response)}
        method = str(request.get("method", "GET")).upper()
        uri = request["uri"]
        parts = urlsplit(uri)
        path = _api_relative(parts.path)
        body = {"data": request["data"]} if "data" in request else None
        if path.partition("/")[0] == "batch":
            response = ApiResponse(400, bad_data("A batch cannot contain a batch.").body())
        else:
            response = self.handle(
                method, path, parse_qsl(parts.query, keep_blank_values=True), body, base_url
            )
        return {"method": method, "uri": uri, "response": _batch_response(response)}


_RESOURCES = {
    "orderExtend",
    "products",
    "productExtend",
    "taxClasses",
    "orderStatuses",
    "orderStatusDescriptions",
    "batch",
}
API_PREFIXES = ("/api/", "/legacy/")


def _api_relative(path: str) -> str:
    """ "products/x" from "/api/products/x", "/legacy/products/x" or the legacy "/products/x"."""
    for prefix in API_PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path.lstrip("/")


def _batch_response(response: ApiResponse) -> dict[str, Any]:
    return {"header": {"statusCode": response.status}, "body": response.body}


def _unwrap(body: Any) -> Any:
    """The `data` of a request body; ShopRenter refuses a body without it."""
    if body is INVALID_JSON:
        raise bad_data("The given data is wrong!")
    if not isinstance(body, dict) or "data" not in body:
        raise ApiError(400, 40001, "Data parameter not found in POST/PUT!")
    return body["data"]


def _int_param(query: list[tuple[str, str]], name: str, default: int) -> int:
    raw = dict(query).get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_data(f"The {name} parameter has wrong data. The data is not int.") from None


def _order_id(order: Order) -> str:
    return ids.order_id(order.order_id)


def _product_id(product: Product) -> str:
    return ids.product_id(product.product_id)


def _moment(name: str, raw: str) -> datetime:
    text = raw.strip().replace(" ", "T")
    for pattern in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise bad_data(f"The {name} parameter has wrong data. Format: 2013-01-01T10:30:00.")


def _filter_orders(orders: Any, params: dict[str, str]) -> list[Order]:
    """orderExtend's search parameters; unknown ones are ignored, as the shop does."""
    result = sorted(orders, key=lambda o: o.order_id)
    if "innerId" in params:
        result = [o for o in result if str(o.order_id) == params["innerId"].strip()]
    if "innerIdMin" in params:
        minimum = _int_param(list(params.items()), "innerIdMin", 0)
        result = [o for o in result if o.order_id >= minimum]
    if params.get("orderStatusId"):
        wanted = params["orderStatusId"]
        number = ids.decode_id(wanted, "orderStatus", "order_status_id")
        result = [o for o in result if o.status_id is not None and o.status_id == number]
    if params.get("excludeAbandonedCart") == "1":
        result = [o for o in result if o.status_id is not None]
    if params.get("excludeStorno") == "1":
        result = [o for o in result if o.status_id != catalog.STORNO_STATUS_ID]
    if params.get("email"):
        email = params["email"].strip().lower()
        result = [o for o in result if o.customer.email.lower() == email]
    for name, attr, keep in (
        ("createdAtMin", "date_created", lambda value, bound: value >= bound),
        ("createdAtMax", "date_created", lambda value, bound: value <= bound),
        ("updatedAtMin", "date_updated", lambda value, bound: value >= bound),
        ("updatedAtMax", "date_updated", lambda value, bound: value <= bound),
        ("createdAt", "date_created", lambda value, bound: value.date() == bound.date()),
        ("updatedAt", "date_updated", lambda value, bound: value.date() == bound.date()),
    ):
        if params.get(name):
            bound = _moment(name, params[name])
            result = [
                o for o in result if keep(datetime.strptime(getattr(o, attr), DATE_FORMAT), bound)
            ]
    return result
