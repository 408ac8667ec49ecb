"""Deterministic Hungarian sample data: products, customers and a history of orders.

The same seed gives the same shop (dates are counted back from `now`). The first orders are
hand-picked so every case the sync must handle is there whatever the seed: a coupon, a deposit
fee, redeemed loyalty points, a company buyer with a tax number, a pick-up point, a split over
two stock counters, a card-paid order, a cancelled order and an abandoned cart. Card-paid orders
(Barion) start in the paid status, as the shop sets it when the payment comes through.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal

from okos_tui.fakeshop import catalog
from okos_tui.fakeshop.models import Address, Customer, Product
from okos_tui.fakeshop.state import OrderSpec, ShopState, stamp

PRICE_STEP = {27: 100, 18: 50, 5: 20, 0: 1}
"""Net price granularity per VAT rate that keeps net x VAT in whole forints."""
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
"""Reserved domains: the demo may e-mail invoices, so no sample address can reach a person."""


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _step_round(value: Decimal, tax_class_id: int) -> Decimal:
    step = PRICE_STEP[int(catalog.TAX_CLASSES[tax_class_id].rate)]
    return max(Decimal(step), (value // step) * step)


def _gtin(rng: random.Random) -> str:
    digits = "599" + "".join(str(rng.randrange(10)) for _ in range(9))
    checksum = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - checksum % 10) % 10)


def make_products(rng: random.Random, count: int, now: datetime) -> list[Product]:
    templates = catalog.PRODUCT_TEMPLATES
    products = []
    for index in range(count):
        template = templates[index % len(templates)]
        round_no = index // len(templates)
        name, price = template.name, template.net_price
        if round_no:
            suffix = catalog.VARIANT_SUFFIXES[(index + round_no) % len(catalog.VARIANT_SUFFIXES)]
            name = f"{name} ({suffix})"
            price = _step_round(price * Decimal("1.8"), template.tax_class_id)
        product_id = index + 1
        stock = [rng.randint(8, 60), 0, 0, 0]
        if rng.random() < 0.3:
            stock[1] = rng.randint(2, 20)
        if rng.random() < 0.1:
            stock[2] = rng.randint(1, 10)
        if index == 0:
            stock = [2, 6, 0, 0]  # an order of 3 takes stock1 "2" + stock2 "1"
        elif index % 17 == 16:
            stock = [0, 0, 0, 0]
        special = None
        if index % 9 == 4:
            special = _step_round(price * Decimal("0.85"), template.tax_class_id)
        created = now - timedelta(days=200 - index)
        gtin = _gtin(rng)
        products.append(
            Product(
                product_id=product_id,
                sku=f"{template.sku_prefix}-{product_id:04d}",
                name=name,
                price=price,
                cost=_step_round(price * Decimal("0.6"), catalog.VAT_0),
                tax_class_id=template.tax_class_id,
                stock=stock,
                gtin=gtin,
                date_created=stamp(created),
                date_updated=stamp(created),
                subtract_stock=template.subtract_stock,
                special_price=special,
                has_deposit=template.deposit,
            )
        )
    return products


def _email(firstname: str, lastname: str, number: int) -> str:
    local = ascii_fold(f"{lastname}.{firstname}").lower().replace(" ", "")
    return f"{local}{number if number > 1 else ''}@{EMAIL_DOMAINS[number % len(EMAIL_DOMAINS)]}"


def _phone(rng: random.Random) -> str:
    area = rng.choice(("20", "30", "70"))
    return f"+36 {area} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def make_customers(rng: random.Random, now: datetime) -> list[Customer]:
    customers = []
    for index, person in enumerate(catalog.REGISTERED_CUSTOMERS):
        customers.append(
            Customer(
                firstname=person.firstname,
                lastname=person.lastname,
                email=_email(person.firstname, person.lastname, 1),
                phone=_phone(rng),
                address=Address(
                    person.firstname,
                    person.lastname,
                    person.postcode,
                    person.city,
                    person.address1,
                    company=person.company,
                ),
                tax_number=person.tax_number,
                customer_id=index + 101,
                date_created=stamp(now - timedelta(days=400 - 7 * index)),
            )
        )
    return customers


class OrderFactory:
    """Random but realistic checkouts drawn from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._guest_no = 0

    def guest(self, *, company: bool = False) -> Customer:
        rng = self.rng
        self._guest_no += 1
        # firstname is the family name in ShopRenter (Hungarian order)
        given, family = rng.choice(catalog.GUEST_FIRSTNAMES), rng.choice(catalog.GUEST_LASTNAMES)
        first, last = family, given
        postcode, city = rng.choice(catalog.CITIES)
        street = f"{rng.choice(catalog.STREETS)} {rng.randint(1, 120)}."
        firm, tax_number = rng.choice(catalog.GUEST_COMPANIES) if company else ("", "")
        return Customer(
            first,
            last,
            _email(first, last, self._guest_no + 1),
            _phone(rng),
            Address(first, last, postcode, city, street, company=firm),
            tax_number=tax_number,
        )

    def pick_items(self, state: ShopState, lines: int) -> list[tuple[str, int]]:
        """Distinct products, mostly ones in stock, mostly one piece each."""
        rng = self.rng
        with state.lock:
            products = [p for p in state.products.values() if p.status]
            in_stock = [p for p in products if sum(p.stock) > 0 or not p.subtract_stock]
        pool = in_stock if in_stock and rng.random() < 0.95 else products
        chosen = rng.sample(pool, min(lines, len(pool)))
        items = []
        for product in chosen:
            quantity = rng.choices((1, 2, 3, 4), weights=(70, 20, 7, 3))[0]
            available = sum(max(s, 0) for s in product.stock)
            if product.subtract_stock and available:
                quantity = min(quantity, available)
            items.append((product.sku, quantity))
        return items

    def spec(self, state: ShopState, **overrides: object) -> OrderSpec:
        rng = self.rng
        with state.lock:
            registered = list(state.customers.values())
        customer = (
            rng.choice(registered)
            if registered and rng.random() < 0.55
            else self.guest(company=rng.random() < 0.2)
        )
        shipping = rng.choices(("gls", "foxpost", "mpl", "pickup"), weights=(40, 30, 10, 20))[0]
        if shipping == "pickup":
            payment = rng.choice(("cash", "barion", "bank_transfer"))
        else:
            payment = rng.choices(("cod", "barion", "bank_transfer"), weights=(45, 35, 20))[0]
        coupon = None
        if rng.random() < 0.15:
            codes = [
                c.code
                for c in catalog.COUPONS.values()
                if customer.registered or not c.login_required
            ]
            coupon = rng.choice(codes)
        loyalty = 0
        if customer.registered and rng.random() < 0.15:
            loyalty = rng.choice(range(200, 1600, 100))
        method = catalog.SHIPPING_METHODS[shipping]
        delivery = None
        if rng.random() < 0.15:
            other = self.guest()
            delivery = other.address
        spec = OrderSpec(
            items=self.pick_items(state, rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0]),
            customer=customer,
            shipping_code=shipping,
            payment_code=payment,
            status_id=checkout_status(payment),
            coupon_code=coupon,
            loyalty_points=loyalty,
            comment=rng.choice(catalog.COMMENTS),
            shipping_address=delivery,
            pickup_point=rng.choice(method.pickup_points) if method.pickup_points else "",
            ip=f"192.0.2.{rng.randint(1, 254)}",
        )
        for name, value in overrides.items():
            setattr(spec, name, value)
        if "status_id" not in overrides:
            spec.status_id = checkout_status(spec.payment_code)
        return spec


def checkout_status(payment_code: str) -> int:
    """A new order's status: paid when its payment came through at checkout (card), else
    pending."""
    if payment_code in catalog.PAID_AT_CHECKOUT:
        return catalog.PAID_STATUS_ID
    return catalog.PENDING_STATUS_ID


def _showcase_specs(factory: OrderFactory, state: ShopState) -> list[OrderSpec]:
    """Orders that make sure the demo and the tests meet every case at least once."""
    registered = sorted(state.customers.values(), key=lambda c: c.customer_id or 0)
    products = sorted(state.products.values(), key=lambda p: p.product_id)
    deposit = [p.sku for p in products if p.has_deposit and sum(p.stock) > 2]
    split = sorted(
        (p for p in products if p.stock[0] > 0 and p.stock[1] > 0), key=lambda p: p.stock[0]
    )
    vat5 = [p.sku for p in products if p.tax_class_id == catalog.VAT_5 and sum(p.stock) > 2]
    vat18 = [p.sku for p in products if p.tax_class_id == catalog.VAT_18 and sum(p.stock) > 2]
    plain = [p.sku for p in products if p.subtract_stock and sum(p.stock) > 3]
    specs = []
    if registered and deposit and plain:
        specs.append(
            factory.spec(
                state,
                customer=registered[0],
                items=[(plain[0], 1), (deposit[0], 3)],
                coupon_code="NYAR10",
                shipping_code="gls",
                payment_code="cod",
                comment="Kérem, délután hozzák, 16 óra után vagyok otthon.",
                shipping_address=None,
            )
        )
    if plain and vat5:
        specs.append(
            factory.spec(
                state,
                customer=factory.guest(company=True),
                items=[(plain[1], 2), (vat5[0], 1)],
                shipping_code="foxpost",
                pickup_point="Szeged, Árkád",
                payment_code="bank_transfer",
                coupon_code=None,
                loyalty_points=0,
                shipping_address=None,
            )
        )
    if len(registered) > 1 and vat18 and plain:
        specs.append(
            factory.spec(
                state,
                customer=registered[1],
                items=[(vat18[0], 2), (plain[2], 1)],
                loyalty_points=500,
                coupon_code="TORZSVASARLO",
                shipping_code="pickup",
                payment_code="cash",
                shipping_address=None,
            )
        )
    if split:
        specs.append(
            factory.spec(
                state,
                customer=factory.guest(),
                items=[(split[0].sku, split[0].stock[0] + 1)],
                shipping_code="mpl",
                payment_code="barion",
                coupon_code="INGYENSZALLITAS",
                loyalty_points=0,
            )
        )
    return specs


def seed_orders(state: ShopState, factory: OrderFactory, count: int, now: datetime) -> None:
    """`count` orders over the last 30 days, older ones further along in their life.

    The showcase orders come last but three, so they are recent and still pending (or paid,
    when paid by card).
    """
    rng = factory.rng
    showcase = _showcase_specs(factory, state)[:count]
    first_showcase = max(0, count - 3 - len(showcase))
    ages = sorted((rng.uniform(600, 30 * 86400) for _ in range(count)), reverse=True)
    abandoned_at = count - 2 if count >= 4 else None
    cancelled_at = 4 if count >= 8 else None
    for index, age in enumerate(ages):
        slot = index - first_showcase
        is_showcase = 0 <= slot < len(showcase)
        spec = showcase[slot] if is_showcase else factory.spec(state)
        created = now - timedelta(seconds=int(age))
        spec.created_at = created
        spec.status_id, updated = _life_stage(rng, age, created, now)
        if is_showcase:
            spec.status_id, updated = catalog.PENDING_STATUS_ID, created
        if spec.status_id == catalog.PENDING_STATUS_ID:
            spec.status_id = checkout_status(spec.payment_code)
        if index == cancelled_at:
            spec.status_id = catalog.STORNO_STATUS_ID
        if index == abandoned_at:
            spec.status_id, updated = None, created
        spec.updated_at = updated
        state.place_order(spec)


def _life_stage(
    rng: random.Random, age_seconds: float, created: datetime, now: datetime
) -> tuple[int, datetime]:
    days = age_seconds / 86400
    if days > 10:
        status = rng.choices(
            (catalog.COMPLETE_STATUS_ID, catalog.STORNO_STATUS_ID, 1), weights=(75, 8, 17)
        )[0]
    elif days > 3:
        status = rng.choices((3, 2, 10, 1), weights=(35, 25, 10, 30))[0]
    else:
        status = catalog.PENDING_STATUS_ID
    if status == catalog.PENDING_STATUS_ID:
        return status, created
    later = created + timedelta(hours=rng.randint(2, 72))
    return status, min(later, now)


def seed_state(
    *, seed: int, products: int, orders: int, now: datetime
) -> tuple[ShopState, OrderFactory]:
    """A fresh shop and the order factory that keeps generating its orders."""
    rng = random.Random(seed)
    state = ShopState()
    for product in make_products(rng, products, now):
        state.add_product(product)
    for customer in make_customers(rng, now):
        state.customers[customer.customer_id or 0] = customer
    factory = OrderFactory(rng)
    if state.products:
        seed_orders(state, factory, orders, now)
    return state, factory
