"""FakeShop: the emulated ShopRenter shop as one object that tests and the demo start and stop."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any

from okos_tui.emulation.server import HOST
from okos_tui.fakeshop import catalog
from okos_tui.fakeshop.api import Api
from okos_tui.fakeshop.auth import TokenStore
from okos_tui.fakeshop.data import OrderFactory, seed_state
from okos_tui.fakeshop.faults import Faults
from okos_tui.fakeshop.models import Address, Customer
from okos_tui.fakeshop.ratelimit import SlidingWindowLimiter
from okos_tui.fakeshop.render import Renderer
from okos_tui.fakeshop.server import (
    API_PREFIX,
    LEGACY_PREFIX,
    RecordedRequest,
    RequestLog,
    ServerContext,
    ShopHTTPServer,
)
from okos_tui.fakeshop.settings import FakeShopSettings
from okos_tui.fakeshop.state import OrderSpec, ShopState, wall_clock

log = logging.getLogger(__name__)


class FakeShop:
    """A ShopRenter shop on 127.0.0.1: seeded (or loaded) on construction, served by `start`."""

    def __init__(self, settings: FakeShopSettings | None = None) -> None:
        self.settings = settings = settings or FakeShopSettings()
        path = settings.state_file
        if path is not None and path.exists():
            self.state = ShopState.load(path)
            self._factory = OrderFactory(random.Random(settings.seed + len(self.state.orders)))
        else:
            self.state, self._factory = seed_state(
                seed=settings.seed,
                products=settings.seed_products,
                orders=settings.seed_orders,
                now=settings.seed_now or wall_clock(),
            )
        self.tokens = TokenStore(settings.token_lifetime_seconds)
        self.faults = Faults(self.tokens)
        self.limiter = SlidingWindowLimiter(
            settings.rate_limit_per_second, settings.rate_limit_window_seconds
        )
        self._log = RequestLog()
        self._api = Api(self.state, settings)
        self._server: ShopHTTPServer | None = None
        self._generator: _OrderGenerator | None = None
        self._port = 0
        self._factory_lock = threading.Lock()
        self.save()

    # life cycle -------------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeShop:
        """Serve on 127.0.0.1:`port` (0: a free port) in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("the fake shop is already running")
        context = ServerContext(
            self.settings,
            self._api,
            self.tokens,
            self.faults,
            self.limiter,
            self._log,
            after_request=self.save,
        )
        self._server = ShopHTTPServer(port, context)
        self._port = self._server.port
        self._server.serve_in_background()
        if self.settings.order_interval_seconds:
            self._generator = _OrderGenerator(self, self.settings.order_interval_seconds)
            self._generator.start()
        return self

    def stop(self) -> None:
        """Stop generating orders and serving, close open connections, save the state."""
        if self._generator is not None:
            self._generator.stop()
            self._generator = None
        if self._server is not None:
            self._server.stop_serving()
            self._server = None
        self.save()

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> FakeShop:
        return self if self.running else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # addresses --------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self._port}"

    @property
    def api_url(self) -> str:
        """Bearer (from `token_url`) or Basic; links in answers point back here."""
        return self.base_url + API_PREFIX

    @property
    def legacy_url(self) -> str:
        """The legacy host's API: HTTP Basic with `basic_user` / `basic_password` only."""
        return self.base_url + LEGACY_PREFIX

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth/{self.settings.shop_name}/app/token"

    # request log ------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        return self._log.snapshot()

    def clear_requests(self) -> None:
        self._log.clear()

    # shop-side actions ------------------------------------------------------------------------

    @property
    def customers(self) -> list[Customer]:
        """The registered customers, by customer id."""
        with self.state.lock:
            return sorted(self.state.customers.values(), key=lambda c: c.customer_id or 0)

    def guest(
        self,
        firstname: str = "Teszt",
        lastname: str = "Elek",
        *,
        email: str = "",
        company: str = "",
        tax_number: str = "",
        postcode: str = "1111",
        city: str = "Budapest",
        address1: str = "Műegyetem rakpart 3.",
        phone: str = "+36 30 123 4567",
        country: str = "HU",
    ) -> Customer:
        """A guest buyer (no registration) for `place_order`; `country`: an ISO alpha-2 code
        of `catalog.COUNTRIES`."""
        email = email or f"{lastname}.{firstname}@example.com".lower()
        address = Address(
            firstname, lastname, postcode, city, address1, company=company, country=country
        )
        return Customer(firstname, lastname, email, phone, address, tax_number=tax_number)

    def place_order(
        self,
        items: Mapping[str, int] | Iterable[tuple[str, int]],
        *,
        customer: Customer | int | None = None,
        shipping: str = "gls",
        payment: str = "cod",
        coupon: str | None = None,
        loyalty_points: int = 0,
        comment: str = "",
        status_id: int | None = catalog.PENDING_STATUS_ID,
        abandoned: bool = False,
        shipping_address: Address | None = None,
        pickup_point: str = "",
        created_at: datetime | None = None,
        currency: str = catalog.DEFAULT_CURRENCY,
    ) -> int:
        """Check out a cart as a buyer would; the stock leaves the products. Returns innerId.

        `customer`: a registered customer's id, a `Customer` (see `guest`), or None for a
        random guest. `shipping`: gls, foxpost, mpl, pickup. `payment`: cod, bank_transfer,
        barion, cash. `coupon`: NYAR10, TORZSVASARLO, INGYENSZALLITAS, OSZI15.
        `abandoned=True` leaves it an abandoned cart (no status, no stock taken). `currency`:
        HUF or EUR (priced at `catalog.CURRENCIES`' value). `status_id`: 11 is paid.
        """
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items)
        spec = OrderSpec(
            items=pairs,
            customer=self._buyer(customer),
            shipping_code=shipping,
            payment_code=payment,
            coupon_code=coupon,
            loyalty_points=loyalty_points,
            comment=comment,
            status_id=None if abandoned else status_id,
            shipping_address=shipping_address,
            pickup_point=pickup_point,
            created_at=created_at,
            currency=currency,
        )
        inner_id = self.state.place_order(spec)
        self.save()
        return inner_id

    def _buyer(self, customer: Customer | int | None) -> Customer:
        if isinstance(customer, Customer):
            return customer
        if customer is None:
            with self._factory_lock:
                return self._factory.guest()
        with self.state.lock:
            found = self.state.customers.get(customer)
        if found is None:
            raise ValueError(f"no registered customer with id {customer}")
        return found

    def generate_orders(self, count: int = 1) -> list[int]:
        """`count` random, realistic new orders (now-dated); returns their innerIds."""
        placed = []
        for _ in range(count):
            with self._factory_lock:
                spec = self._factory.spec(self.state)
            placed.append(self.state.place_order(spec))
        self.save()
        return placed

    def update_order_status(self, inner_id: int, status_id: int) -> None:
        """Change an order's status in the shop admin (7 = cancelled); dateUpdated moves on."""
        self.state.set_order_status(inner_id, status_id)
        self.save()

    def complete_abandoned_cart(self, inner_id: int) -> None:
        self.state.complete_abandoned_cart(inner_id)
        self.save()

    def update_product(self, sku: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Change a product as the admin would (same fields as a PUT's `data`)."""
        with self.state.lock:
            product = self.state.product_by_sku(sku)
            if product is None:
                raise KeyError(f"no product with SKU {sku!r}")
            self.state.update_product(product.product_id, dict(data))
        self.save()
        return self.product(sku)

    # looking inside ---------------------------------------------------------------------------

    def product(self, sku: str) -> dict[str, Any]:
        """The product as `GET /products/{id}` answers it now (stock1..4, price...) plus `name`."""
        with self.state.lock:
            product = self.state.product_by_sku(sku)
            if product is None:
                raise KeyError(f"no product with SKU {sku!r}")
            return {**Renderer(self.api_url).product(product), "name": product.name}

    def order(self, inner_id: int) -> dict[str, Any]:
        """The order as `GET /orderExtend/{id}` answers it now."""
        with self.state.lock:
            order = self.state.orders.get(inner_id)
            if order is None:
                raise KeyError(f"no order with innerId {inner_id}")
            return Renderer(self.api_url).order(order)

    @property
    def skus(self) -> list[str]:
        with self.state.lock:
            return [p.sku for p in sorted(self.state.products.values(), key=lambda p: p.product_id)]

    @property
    def order_ids(self) -> list[int]:
        with self.state.lock:
            return sorted(self.state.orders)

    def save(self) -> None:
        """Write the state file if there is one and something changed."""
        path = self.settings.state_file
        if path is not None and self.state.dirty:
            self.state.save(path)


class _OrderGenerator:
    """Places a random order every `interval` seconds until stopped: the demo's live shop."""

    def __init__(self, shop: FakeShop, interval: float) -> None:
        self._shop = shop
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-shop-orders", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._shop.generate_orders(1)
            except Exception:  # a bad order must not end the demo's stream of orders
                log.exception("fake shop: generating an order failed")
