"""queryInvoiceCheck, queryTransactionList, queryTaxpayer and the technical annulment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okos_tui.fakenav import FakeNav, FakeNavSettings, ManualClock, ReportCount

from .helpers import NS, OTHER_USER, SAMPLE_NUMBER, USER, NavClient, sample_invoice


def test_invoice_check_is_true_only_for_exactly_one_done_report(nav: FakeNav, client: NavClient):
    assert not client.check_invoice(SAMPLE_NUMBER)
    transaction_id = client.report(sample_invoice())
    assert not client.check_invoice(SAMPLE_NUMBER)  # accepted, not processed yet
    client.wait(transaction_id)
    assert client.check_invoice(SAMPLE_NUMBER)
    assert nav.is_valid(SAMPLE_NUMBER)


def test_invoice_check_sees_only_the_own_taxpayers_invoices(
    nav: FakeNav, client: NavClient, clock: ManualClock
):
    client.wait(client.report(sample_invoice()))
    other = NavClient(nav.base_url, OTHER_USER, clock)
    assert not other.check_invoice(SAMPLE_NUMBER)


def test_an_outbound_check_with_a_supplier_tax_number_is_refused(client: NavClient):
    inner = (
        "<invoiceNumberQuery><invoiceNumber>X</invoiceNumber>"
        "<invoiceDirection>OUTBOUND</invoiceDirection>"
        "<supplierTaxNumber>22222222</supplierTaxNumber></invoiceNumberQuery>"
    )
    answer = client.send("queryInvoiceCheck", "QueryInvoiceCheckRequest", inner)
    assert (answer.status, answer.error_code) == (400, "BAD_QUERY_PARAM_SUPPLIER_NOT_EXPECTED")


def test_the_transaction_list_shows_the_taxpayers_transactions_in_the_window(
    nav: FakeNav, client: NavClient, clock: ManualClock
):
    start = clock()
    first = client.report(sample_invoice("L-1"))
    clock.advance(minutes=10)
    second = client.report(sample_invoice("L-2"))
    client.wait(second)  # processing goes in order of arrival: the first is processed too
    third = client.report(sample_invoice("L-4"))
    other = NavClient(nav.base_url, OTHER_USER, clock)
    other.report(sample_invoice("L-3"))  # another taxpayer's: never listed

    everything = client.transaction_list(start - timedelta(minutes=1), clock())
    early = client.transaction_list(start - timedelta(minutes=1), start + timedelta(minutes=5))

    rows = everything.root.findall("api:transactionListResult/api:transaction", NS)
    assert [r.findtext("api:transactionId", namespaces=NS) for r in rows] == [first, second, third]
    assert [r.findtext("api:requestStatus", namespaces=NS) for r in rows] == [
        "FINISHED",
        "FINISHED",
        "RECEIVED",
    ]
    assert {r.findtext("api:insCusUser", namespaces=NS) for r in rows} == {USER.login}
    assert [r.findtext("api:itemCount", namespaces=NS) for r in rows] == ["1", "1", "1"]
    assert everything.find("api:transactionListResult/api:availablePage") == "1"
    early_rows = early.root.findall("api:transactionListResult/api:transaction", NS)
    assert [r.findtext("api:transactionId", namespaces=NS) for r in early_rows] == [first]
    finished = client.transaction_list(start - timedelta(minutes=1), clock(), status="FINISHED")
    assert len(finished.root.findall("api:transactionListResult/api:transaction", NS)) == 2


def test_the_transaction_list_is_paged(settings: FakeNavSettings, clock: ManualClock):
    settings.page_size = 2
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, clock)
        start = clock()
        ids = [client.report(sample_invoice(f"P-{n}")) for n in range(5)]
        pages = [client.transaction_list(start, clock(), page=page) for page in (1, 2, 3, 4)]

    listed = [
        [
            r.findtext("api:transactionId", namespaces=NS)
            for r in p.root.iter(f"{{{NS['api']}}}transaction")
        ]
        for p in pages
    ]
    assert listed == [ids[0:2], ids[2:4], ids[4:5], []]
    assert {p.find("api:transactionListResult/api:availablePage") for p in pages} == {"3"}
    assert [p.find("api:transactionListResult/api:currentPage") for p in pages] == [
        "1",
        "2",
        "3",
        "4",
    ]


@pytest.mark.parametrize(
    ("days", "code"), [(36, "BAD_QUERY_PARAM_RANGE_EXCEEDED"), (-1, "BAD_QUERY_PARAM_OVERLAP")]
)
def test_the_transaction_list_window_is_checked(
    client: NavClient, clock: ManualClock, days: int, code: str
):
    answer = client.transaction_list(clock() - timedelta(days=days), clock())
    assert (answer.status, answer.error_code) == (400, code)


def test_query_taxpayer(client: NavClient):
    def ask(number: str):
        return client.send(
            "queryTaxpayer", "QueryTaxpayerRequest", f"<taxNumber>{number}</taxNumber>"
        )

    known, gone, unknown = ask("24687531"), ask("88888888"), ask("13131313")

    assert known.find("api:taxpayerValidity") == "true"
    assert known.find("api:taxpayerData/api:taxpayerName") == "Kovács és Társa Bt."
    assert known.find("api:taxpayerData/api:taxNumberDetail/base:taxpayerId") == "24687531"
    assert known.find("api:taxpayerData/api:taxNumberDetail/base:countyCode") == "03"
    for answer in (gone, unknown):
        assert answer.status == 200
        assert answer.find("api:taxpayerValidity") == "false"
        assert answer.find("api:taxpayerData/api:taxpayerName") is None
    assert ask(USER.taxpayer_id).find("api:taxpayerValidity") == "true"  # the user's own


# technical annulment ----------------------------------------------------------------------------


def test_an_approved_annulment_frees_the_number(nav: FakeNav, client: NavClient):
    client.wait(client.report(sample_invoice()))

    annulment = client.annul(SAMPLE_NUMBER)
    assert annulment.status == 200
    annulment_id = annulment.find("api:transactionId") or ""
    results = client.wait(annulment_id)
    answer, _ = client.status(annulment_id)

    assert [r.status for r in results] == ["DONE"]
    assert answer.find(
        "api:processingResults/api:annulmentData/api:annulmentVerificationStatus"
    ) == ("VERIFICATION_DONE")
    assert not client.check_invoice(SAMPLE_NUMBER)
    again = client.wait(client.report(sample_invoice()))
    assert (again[0].status, again[0].codes) == ("DONE", [])
    assert client.check_invoice(SAMPLE_NUMBER)
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(2, 2, 0, 0, 1)


def test_an_annulment_may_wait_for_approval(settings: FakeNavSettings, clock: ManualClock):
    settings.auto_approve_annulments = False
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, clock)
        client.wait(client.report(sample_invoice()))
        annulment_id = client.annul(SAMPLE_NUMBER).find("api:transactionId") or ""
        client.wait(annulment_id)
        status = "api:processingResults/api:annulmentData/api:annulmentVerificationStatus"

        assert client.status(annulment_id)[0].find(status) == "VERIFICATION_PENDING"
        assert client.check_invoice(SAMPLE_NUMBER)  # still valid until approved
        waiting = client.wait(client.report(sample_invoice()))
        assert ("ERROR", "INVOICE_NUMBER_NOT_UNIQUE") in waiting[0].business
        second = client.wait(client.annul(SAMPLE_NUMBER).find("api:transactionId") or "")
        assert second[0].business == [("ERROR", "ANNULMENT_IN_PROGRESS")]

        nav.approve_annulment(SAMPLE_NUMBER)

        assert client.status(annulment_id)[0].find(status) == "VERIFICATION_DONE"
        assert not client.check_invoice(SAMPLE_NUMBER)
        with pytest.raises(KeyError):
            nav.approve_annulment(SAMPLE_NUMBER)


def test_a_rejected_annulment_leaves_the_report_valid(
    settings: FakeNavSettings, clock: ManualClock
):
    settings.auto_approve_annulments = False
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, clock)
        client.wait(client.report(sample_invoice()))
        annulment_id = client.annul(SAMPLE_NUMBER).find("api:transactionId") or ""
        nav.reject_annulment(SAMPLE_NUMBER)
        answer, _ = client.status(annulment_id)
        path = "api:processingResults/api:annulmentData/api:annulmentVerificationStatus"
        assert answer.find(path) == "VERIFICATION_REJECTED"
        assert client.check_invoice(SAMPLE_NUMBER)


def test_annulling_an_unknown_invoice_is_not_verifiable(client: NavClient):
    annulment_id = client.annul("NINCS-ILYEN").find("api:transactionId") or ""
    results = client.wait(annulment_id)
    answer, _ = client.status(annulment_id)
    assert results[0].status == "ABORTED"
    assert results[0].business == [("ERROR", "INVALID_ANNULMENT_REFERENCE")]
    path = "api:processingResults/api:annulmentData/api:annulmentVerificationStatus"
    assert answer.find(path) == "NOT_VERIFIABLE"


def test_an_annulment_of_the_original_withdraws_its_storno_too(nav: FakeNav, client: NavClient):
    from .helpers import made_invoice, storno_of

    client.wait(client.report(made_invoice("SZ-50")))
    client.wait(client.report(storno_of("SZ-50", "SZ-51"), "STORNO"))
    client.wait(client.annul("SZ-50").find("api:transactionId") or "")

    assert not client.check_invoice("SZ-50")
    assert not client.check_invoice("SZ-51")
    assert nav.reports("SZ-51").valid == 0
