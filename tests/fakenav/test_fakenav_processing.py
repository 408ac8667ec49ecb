"""The asynchronous side: a report goes RECEIVED -> PROCESSING -> DONE or ABORTED, checked
against invoiceData.xsd and NAV's business rules; the storno chain; the pace."""

from __future__ import annotations

import base64

import pytest

from okos_tui.fakenav import INSTANT, FakeNav, FakeNavSettings, ManualClock, Pace, ReportCount

from .helpers import (
    OTHER_USER,
    SAMPLE_NUMBER,
    USER,
    NavClient,
    made_invoice,
    sample_invoice,
    storno_of,
    with_text,
)

PRIVATE = "<customerVatStatus>PRIVATE_PERSON</customerVatStatus>"
ADDRESS = (
    "<customerAddress><base:simpleAddress><base:countryCode>HU</base:countryCode>"
    "<base:postalCode>6720</base:postalCode><base:city>Szeged</base:city>"
    "<base:additionalAddressDetail>Kárász u. 2.</base:additionalAddressDetail>"
    "</base:simpleAddress></customerAddress>"
)


def test_the_official_sample_becomes_done(nav: FakeNav, client: NavClient):
    transaction_id = client.report(sample_invoice())

    _, first = client.status(transaction_id)
    _, second = client.status(transaction_id)

    assert [(r.index, r.status) for r in first] == [(1, "RECEIVED")]
    assert [(r.index, r.status, r.codes) for r in second] == [(1, "DONE", [])]
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(1, 1, 0, 0, 1)
    assert nav.status_of(SAMPLE_NUMBER) == "DONE"


def test_an_invoice_made_by_the_projects_builder_becomes_done(client: NavClient):
    results = client.wait(client.report(made_invoice("SZ-2026-000001")))
    assert [(r.status, r.codes) for r in results] == [("DONE", [])]


def test_received_then_processing_then_done(settings: FakeNavSettings):
    settings.pace = Pace(finish_after_queries=3, finish_after_seconds=None)
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, settings.clock)
        transaction_id = client.report(sample_invoice())
        assert nav.status_of(SAMPLE_NUMBER) == "RECEIVED"
        seen = [client.status(transaction_id)[1][0].status for _ in range(3)]
        assert nav.status_of(SAMPLE_NUMBER) == "DONE"
    assert seen == ["RECEIVED", "PROCESSING", "DONE"]


def test_the_pace_by_time(settings: FakeNavSettings, clock: ManualClock):
    settings.pace = Pace(finish_after_queries=100, finish_after_seconds=2.0)
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, clock)
        transaction_id = client.report(sample_invoice())
        clock.advance(1.9)
        assert client.status(transaction_id)[1][0].status == "RECEIVED"
        assert nav.reports(SAMPLE_NUMBER).pending == 1
        clock.advance(0.1)
        assert nav.status_of(SAMPLE_NUMBER) == "DONE"
        assert client.status(transaction_id)[1][0].status == "DONE"


def test_instant_pace_and_process_now(settings: FakeNavSettings):
    settings.pace = INSTANT
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, settings.clock)
        client.report(sample_invoice())
        assert nav.status_of(SAMPLE_NUMBER) == "DONE"
    settings.pace = Pace(finish_after_queries=50, finish_after_seconds=None)
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, settings.clock)
        client.report(sample_invoice())
        nav.process_now()
        assert nav.status_of(SAMPLE_NUMBER) == "DONE"


def test_a_schema_invalid_invoice_is_aborted_with_technical_messages(
    nav: FakeNav, client: NavClient
):
    document = with_text(sample_invoice(), "<invoiceAppearance>PAPER", "<invoiceAppearance>PAPYRUS")
    results = client.wait(client.report(document))

    assert results[0].status == "ABORTED"
    assert results[0].technical and set(results[0].technical) == {"SCHEMA_VIOLATION"}
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(1, 0, 1, 0, 0)
    assert not client.check_invoice(SAMPLE_NUMBER)


@pytest.mark.parametrize(
    "document",
    [
        b"/etc/passwd",
        b'<GeneralExceptionResponse xmlns="http://schemas.nav.gov.hu/NTCA/1.0/common">'
        b"<funcCode>OK</funcCode></GeneralExceptionResponse>",
    ],
    ids=["not XML", "not InvoiceData"],
)
def test_anything_but_an_invoice_data_is_a_schema_violation(client: NavClient, document: bytes):
    results = client.wait(client.report(document))
    assert (results[0].status, results[0].technical) == ("ABORTED", ["SCHEMA_VIOLATION"])


def _domestic_without_tax_number() -> bytes:
    customer = (
        "<customerVatStatus>DOMESTIC</customerVatStatus>"
        f"<customerName>Tűzkő Kft.</customerName>{ADDRESS}"
    )
    return with_text(sample_invoice(), PRIVATE, customer)


def _private_with_name() -> bytes:
    return with_text(sample_invoice(), PRIVATE, PRIVATE + "<customerName>Őri Űrsula</customerName>")


def _other_supplier() -> bytes:
    return with_text(sample_invoice(), "<base:taxpayerId>99999999<", "<base:taxpayerId>11111111<")


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (_other_supplier, "SUPPLIER_TAX_NUMBER_MISMATCH"),
        (_domestic_without_tax_number, "MISSING_CUSTOMER_DOMESTIC_TAXNUMBER"),
        (_private_with_name, "CUSTOMER_DATA_NOT_EXPECTED"),
        (
            lambda: with_text(sample_invoice(), "<vatPercentage>0.05<", "<vatPercentage>0.07<"),
            "INVALID_VAT_DATA",
        ),
        (
            lambda: with_text(sample_invoice(), "<lineNumber>2<", "<lineNumber>5<"),
            "LINE_NUMBER_NOT_SEQUENTIAL",
        ),
        (
            lambda: made_invoice("SZ-9", lines=[("Bögre", "1", "1000", "0")]),
            "INVALID_VAT_DATA",
        ),
    ],
)
def test_a_blocking_business_error_aborts_the_invoice(
    nav: FakeNav, client: NavClient, document, code: str
):
    results = client.wait(client.report(document()))

    assert results[0].status == "ABORTED"
    assert ("ERROR", code) in results[0].business


def test_a_summary_off_by_more_than_one_percent_is_a_warning_not_an_error(client: NavClient):
    off = with_text(
        sample_invoice("W-1"), "<invoiceNetAmount>4952.00<", "<invoiceNetAmount>5100.00<"
    )
    within = with_text(
        sample_invoice("W-2"), "<invoiceNetAmount>4952.00<", "<invoiceNetAmount>4990.00<"
    )
    results = client.wait(client.report(off))
    assert results[0].status == "DONE"
    assert results[0].business == [
        ("WARN", "INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT_LINE")
    ]
    assert client.wait(client.report(within))[0].business == []


def test_the_same_number_cannot_be_reported_twice(nav: FakeNav, client: NavClient):
    assert client.wait(client.report(sample_invoice()))[0].status == "DONE"

    again = client.wait(client.report(sample_invoice()))

    assert again[0].status == "ABORTED"
    assert ("ERROR", "INVOICE_NUMBER_NOT_UNIQUE") in again[0].business
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(2, 1, 1, 0, 1)
    assert client.check_invoice(SAMPLE_NUMBER)


def test_an_aborted_number_may_be_reported_again(nav: FakeNav, client: NavClient):
    nav.abort_next(SAMPLE_NUMBER, "TESZT_HIBA", "Kényszerített hiba")
    first = client.wait(client.report(sample_invoice()))
    second = client.wait(client.report(sample_invoice()))

    assert (first[0].status, first[0].business) == ("ABORTED", [("ERROR", "TESZT_HIBA")])
    assert (second[0].status, second[0].codes) == ("DONE", [])
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(2, 1, 1, 0, 1)


def test_the_same_number_twice_in_one_request_is_a_duplicate(client: NavClient):
    answer = client.manage_invoice([("CREATE", sample_invoice()), ("CREATE", sample_invoice())])
    results = client.wait(answer.find("api:transactionId") or "")
    assert [(r.status, r.technical) for r in results] == [
        ("ABORTED", ["DUPLICATE_IN_REQUEST"]),
        ("ABORTED", ["DUPLICATE_IN_REQUEST"]),
    ]


def test_several_invoices_in_one_request_are_processed_per_index(nav: FakeNav, client: NavClient):
    bad = with_text(sample_invoice("M-2"), "<invoiceAppearance>PAPER", "<invoiceAppearance>X")
    answer = client.manage_invoice(
        [("CREATE", sample_invoice("M-1")), ("CREATE", bad), ("CREATE", sample_invoice("M-3"))]
    )
    results = client.wait(answer.find("api:transactionId") or "")
    assert [(r.index, r.status) for r in results] == [(1, "DONE"), (2, "ABORTED"), (3, "DONE")]
    assert [nav.status_of(n) for n in ("M-1", "M-2", "M-3")] == ["DONE", "ABORTED", "DONE"]


def test_compressed_content_is_unpacked(client: NavClient):
    answer = client.manage_invoice([("CREATE", sample_invoice())], compressed=True)
    results = client.wait(answer.find("api:transactionId") or "")
    assert results[0].status == "DONE"


def test_return_original_request_gives_back_the_base64_as_sent(client: NavClient):
    document = sample_invoice()
    transaction_id = client.report(document)
    _, plain = client.status(transaction_id)
    _, results = client.status(transaction_id, original=True)

    assert plain[0].original is None
    assert base64.b64decode(results[0].original or "") == document


def test_another_taxpayers_transaction_is_not_shown(
    nav: FakeNav, client: NavClient, clock: ManualClock
):
    transaction_id = client.report(sample_invoice())
    other = NavClient(nav.base_url, OTHER_USER, clock)
    answer, results = other.status(transaction_id)
    assert answer.func_code == "OK" and results == []
    assert answer.root.find("{http://schemas.nav.gov.hu/OSA/3.0/api}processingResults") is None


# storno -----------------------------------------------------------------------------------------


def test_the_storno_chain(nav: FakeNav, client: NavClient):
    assert client.wait(client.report(made_invoice("SZ-1")))[0].status == "DONE"

    storno = client.wait(client.report(storno_of("SZ-1", "SZ-2"), "STORNO"))
    same_index = client.wait(client.report(storno_of("SZ-1", "SZ-3"), "STORNO"))
    next_index = client.wait(
        client.report(storno_of("SZ-1", "SZ-4", modification_index=2, lines_before=2), "STORNO")
    )

    assert (storno[0].status, storno[0].codes) == ("DONE", [])
    assert same_index[0].status == "ABORTED"
    assert ("ERROR", "MODIFICATION_INDEX_NOT_UNIQUE") in same_index[0].business
    assert (next_index[0].status, next_index[0].codes) == ("DONE", [])
    assert [nav.status_of(n) for n in ("SZ-1", "SZ-2", "SZ-3", "SZ-4")] == [
        "DONE",
        "DONE",
        "ABORTED",
        "DONE",
    ]


def test_a_storno_of_an_unknown_or_aborted_original_is_refused(nav: FakeNav, client: NavClient):
    unknown = client.wait(client.report(storno_of("NINCS-1", "SZ-20"), "STORNO"))
    nav.abort_next("SZ-21")
    client.wait(client.report(made_invoice("SZ-21")))
    aborted = client.wait(client.report(storno_of("SZ-21", "SZ-22"), "STORNO"))

    for results in (unknown, aborted):
        assert results[0].status == "ABORTED"
        assert ("ERROR", "INVALID_INVOICE_REFERENCE") in results[0].business


def test_modify_without_master_must_not_name_a_reported_original(client: NavClient):
    client.wait(client.report(made_invoice("SZ-60")))
    storno = with_text(
        storno_of("SZ-60", "SZ-61"),
        "<modifyWithoutMaster>false<",
        "<modifyWithoutMaster>true<",
    )
    results = client.wait(client.report(storno, "STORNO"))
    assert ("ERROR", "MODIFY_WITHOUT_MASTER_MISMATCH") in results[0].business


def test_a_storno_needs_its_reference_and_a_create_must_not_have_one(client: NavClient):
    without = client.wait(client.report(made_invoice("SZ-30"), "STORNO"))
    client.wait(client.report(made_invoice("SZ-31")))
    create_with = client.wait(client.report(storno_of("SZ-31", "SZ-32"), "CREATE"))

    assert ("ERROR", "INVOICE_REFERENCE_EXPECTED") in without[0].business
    assert ("ERROR", "INVOICE_REFERENCE_NOT_EXPECTED") in create_with[0].business


def test_an_original_and_its_storno_in_one_request_are_processed_in_index_order(
    client: NavClient,
):
    answer = client.manage_invoice(
        [("CREATE", made_invoice("SZ-40")), ("STORNO", storno_of("SZ-40", "SZ-41"))]
    )
    results = client.wait(answer.find("api:transactionId") or "")
    assert [r.status for r in results] == ["DONE", "DONE"]
