"""Every record the shop answers has at least the fields of the matching official fixture.

Scalar fields that are strings in the fixtures ("400.0000", "1") must be strings here too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from okos_tui.fakeshop import FakeShop

from .helpers import all_orders


def _fixture_records(fixtures_dir: Path, resource: str) -> list[dict[str, Any]]:
    """The full records in a resource's official examples (single and page items)."""
    folder = fixtures_dir / resource / "response" / "json"
    single = json.loads((folder / "get_id.json").read_text(encoding="utf-8"))
    page = json.loads((folder / "get_page.json").read_text(encoding="utf-8"))
    return [single, *(item for item in page["items"] if set(item) != {"href"})]


def _fixture_page(fixtures_dir: Path, resource: str) -> dict[str, Any]:
    path = fixtures_dir / resource / "response" / "json" / "get_page.json"
    return json.loads(path.read_text(encoding="utf-8"))


def assert_shape(ours: dict[str, Any], examples: list[dict[str, Any]], where: str) -> None:
    expected = set().union(*(example.keys() for example in examples))
    missing = expected - set(ours)
    assert not missing, f"{where} lacks {sorted(missing)}"
    for example in examples:
        for key, value in example.items():
            if isinstance(value, str):
                assert isinstance(ours[key], str), f"{where}.{key} should be a string"


def _first(items: list[dict[str, Any]], where: str) -> dict[str, Any]:
    assert items, f"no {where} to compare"
    return items[0]


def test_order_extend_has_the_fixture_fields(
    client: httpx.Client, fixtures_dir: Path, shop: FakeShop
) -> None:
    examples = _fixture_records(fixtures_dir, "order_extend")
    orders = all_orders(client)
    rich = next(o for o in orders if o["coupon"] and o["orderProductAddons"] and o["customer"])
    single = client.get(rich["href"]).json()
    for order in (rich, single):
        assert_shape(order, examples, "orderExtend")
    for field in ("orderTotals", "orderProducts", "orderProductAddons"):
        nested = [item for example in examples for item in (example.get(field) or [])]
        for item in rich[field]:
            assert_shape(item, nested, f"orderExtend.{field}[]")
    for field in (
        "coupon",
        "currency",
        "language",
        "shippingMode",
        "shippingCountry",
        "paymentCountry",
        "customer",
        "orderStatus",
    ):
        nested = [example[field] for example in examples if example.get(field)]
        assert_shape(rich[field], nested, f"orderExtend.{field}")


@pytest.mark.parametrize(
    ("resource", "collection"),
    [
        ("product", "products"),
        ("product_extend", "productExtend"),
    ],
)
def test_products_have_the_fixture_fields(
    client: httpx.Client, fixtures_dir: Path, resource: str, collection: str
) -> None:
    examples = _fixture_records(fixtures_dir, resource)
    page = client.get(collection, params={"full": 1, "limit": 60}).json()
    with_special = next(
        p
        for p in page["items"]
        if p["price"] != page["items"][0]["price"]
        and (collection == "products" or p["productSpecials"])
    )
    for product in (page["items"][0], with_special, client.get(with_special["href"]).json()):
        assert_shape(product, examples, collection)
    if collection == "productExtend":
        for field in ("productDescriptions", "productPrices", "productSpecials"):
            nested = [item for example in examples for item in example[field]]
            assert_shape(_first(with_special[field], field), nested, f"{collection}.{field}[]")
        assert_shape(with_special["urlAliases"], [examples[0]["urlAliases"]], "urlAliases")


@pytest.mark.parametrize(
    ("resource", "collection"),
    [
        ("tax_class", "taxClasses"),
        ("order_status", "orderStatuses"),
        ("order_status_description", "orderStatusDescriptions"),
    ],
)
def test_reference_resources_have_the_fixture_fields(
    client: httpx.Client, fixtures_dir: Path, resource: str, collection: str
) -> None:
    examples = _fixture_records(fixtures_dir, resource)
    page = client.get(collection, params={"full": 1}).json()
    for record in page["items"]:
        assert_shape(record, examples, collection)
        assert client.get(record["href"]).json() == record
    links = client.get(collection).json()["items"]
    assert all(set(link) == {"href"} for link in links)


@pytest.mark.parametrize(
    ("resource", "collection"),
    [
        ("order_extend", "orderExtend"),
        ("product", "products"),
        ("product_extend", "productExtend"),
        ("tax_class", "taxClasses"),
        ("order_status", "orderStatuses"),
        ("order_status_description", "orderStatusDescriptions"),
    ],
)
def test_pages_have_the_fixture_paging_fields_and_types(
    client: httpx.Client, fixtures_dir: Path, resource: str, collection: str
) -> None:
    fixture = _fixture_page(fixtures_dir, resource)
    ours = client.get(collection, params={"full": 1, "limit": 2}).json()
    paging = {"href", "page", "pageCount", "limit", "first", "previous", "next", "last", "items"}
    assert paging <= set(ours)
    for key in ("page", "limit", "pageCount"):
        if key in fixture:
            assert type(ours[key]) is type(fixture[key]), f"{collection}.{key}"
    for key in ("first", "last", "next"):
        assert set(ours[key]) == {"href"}
    assert ours["previous"] is None


def test_the_order_status_descriptions_of_a_status(client: httpx.Client) -> None:
    status = client.get("orderStatuses", params={"full": 1}).json()["items"][0]
    page = client.get(status["orderStatusDescriptions"]["href"] + "&full=1").json()
    names = {item["name"] for item in page["items"]}
    assert names == {"Függőben lévő", "Pending"}
