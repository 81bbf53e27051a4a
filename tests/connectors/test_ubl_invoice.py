"""Reading a Dutch e-invoice (UBL 2.1, SI-UBL 2.0) as an invoice of the worker's own business: the example,
broken files with a problem naming the element, and arbitrary bytes that never crash the reader."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.einvoice.ubl_invoice import MAX_BYTES, read_invoice
from connectors.einvoice.ubl_schema import schema_errors

EXAMPLE = Path(__file__).parents[2] / "examples" / "einvoice" / "factuur-2026-009.xml"
VALID = EXAMPLE.read_bytes()


def _problems(content: bytes) -> list[tuple[str, str]]:
    result = read_invoice(content)
    assert result.invoice is None
    return [(problem.element, problem.message) for problem in result.problems]


def test_example_invoice_is_read() -> None:
    """The amount excludes VAT; the period of the work and the client come from the invoice."""
    result = read_invoice(VALID)
    assert result.problems == ()
    invoice = result.invoice
    assert invoice is not None
    assert (invoice.invoice_number, invoice.invoice_date) == ("2026-009", dt.date(2026, 11, 23))
    assert (invoice.period_start, invoice.period_end) == (dt.date(2026, 11, 9), dt.date(2026, 11, 20))
    assert (invoice.amount_excl_vat, invoice.vat, invoice.paid) == (
        Decimal("350.00"),
        Decimal("73.50"),
        False,
    )
    assert invoice.client == "Stichting Buurthuis De Kroon"


def test_the_example_files_are_valid_against_the_official_ubl_schema() -> None:
    """Both examples in examples/einvoice: the one read here and the Flextensie invoice Loonbrug writes."""
    for path in sorted(EXAMPLE.parent.glob("*.xml")):
        assert schema_errors(path.read_bytes()) == (), path.name


def test_paid_invoice_and_corrective_reference() -> None:
    paid = VALID.replace(
        b'<cbc:PayableAmount currencyID="EUR">423.50</cbc:PayableAmount>',
        b'<cbc:PrepaidAmount currencyID="EUR">423.50</cbc:PrepaidAmount>'
        b'<cbc:PayableAmount currencyID="EUR">0.00</cbc:PayableAmount>',
    ).replace(
        # After the period, as the UBL schema orders them.
        b"</cac:InvoicePeriod>",
        b"</cac:InvoicePeriod><cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>2026-008"
        b"</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>",
    )
    invoice = read_invoice(paid).invoice
    assert invoice is not None
    assert (invoice.paid, invoice.corrects) == (True, "2026-008")


def test_missing_totals_are_named() -> None:
    broken = VALID.replace(b'<cbc:TaxExclusiveAmount currencyID="EUR">350.00</cbc:TaxExclusiveAmount>', b"")
    assert ("Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "ontbreekt") in _problems(broken)


def test_wrong_vat_sums_are_named() -> None:
    """BR-CO-14: the VAT total must be the sum of the breakdown; BR-CO-15: with VAT = without + VAT."""
    broken = VALID.replace(
        b'<cbc:TaxAmount currencyID="EUR">73.50</cbc:TaxAmount>\n    <cac:TaxSubtotal>',
        b'<cbc:TaxAmount currencyID="EUR">70.00</cbc:TaxAmount>\n    <cac:TaxSubtotal>',
    )
    problems = dict(_problems(broken))
    assert "BR-CO-14" in problems["Invoice/cac:TaxTotal/cbc:TaxAmount"]
    assert "BR-CO-15" in problems["Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"]


def test_lines_that_do_not_add_up_are_named() -> None:
    broken = VALID.replace(
        b'<cbc:LineExtensionAmount currencyID="EUR">50.00</cbc:LineExtensionAmount>',
        b'<cbc:LineExtensionAmount currencyID="EUR">55.00</cbc:LineExtensionAmount>',
    )
    problems = dict(_problems(broken))
    assert "BR-CO-10" in problems["Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount"]


def test_other_currency_bad_amount_and_bad_date() -> None:
    broken = (
        VALID.replace(b"<cbc:DocumentCurrencyCode>EUR", b"<cbc:DocumentCurrencyCode>USD")
        .replace(b"<cbc:IssueDate>2026-11-23", b"<cbc:IssueDate>23-11-2026")
        .replace(
            b'currencyID="EUR">423.50</cbc:TaxInclusiveAmount>',
            b'currencyID="EUR">4,23</cbc:TaxInclusiveAmount>',
        )
    )
    elements = [element for element, _ in _problems(broken)]
    assert "Invoice/cbc:DocumentCurrencyCode" in elements
    assert "Invoice/cbc:IssueDate" in elements
    assert "Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount" in elements


def test_an_invoice_whose_fields_read_but_that_breaks_the_ubl_schema_is_refused_at_the_element() -> None:
    """The reader finds every field it needs, but the file is no valid UBL 2.1 invoice: an element the
    schema does not know, or a due date before the issue date (the schema fixes the order)."""
    assert read_invoice(VALID).invoice is not None
    unknown = VALID.replace(
        b"<cbc:DocumentCurrencyCode>", b"<cbc:Kortingscode>1</cbc:Kortingscode><cbc:DocumentCurrencyCode>", 1
    )
    [problem] = read_invoice(unknown).problems
    assert problem.element == "Invoice/cbc:Kortingscode"
    assert problem.line == VALID[: VALID.index(b"<cbc:DocumentCurrencyCode>")].count(b"\n") + 1
    # Element names as the invoice writes them, without their namespaces.
    assert problem.message.startswith("voldoet niet aan het UBL 2.1-schema: Element 'cbc:Kortingscode'")
    assert "{urn:" not in problem.message

    due_first = b"<cbc:DueDate>2026-12-01</cbc:DueDate><cbc:IssueDate>"
    out_of_order = VALID.replace(b"<cbc:IssueDate>", due_first, 1)
    assert read_invoice(out_of_order).invoice is None
    assert [problem.element for problem in read_invoice(out_of_order).problems] == ["Invoice/cbc:DueDate[1]"]


def test_non_ubl_xml_credit_note_and_dtd_are_refused() -> None:
    [(element, message)] = _problems(b"<?xml version='1.0'?><loonstrook><netto>1</netto></loonstrook>")
    assert element == "loonstrook"
    assert "geen UBL-factuur" in message
    credit = b'<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>'
    assert "gecorrigeerde factuur" in _problems(credit)[0][1]
    bomb = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><Invoice>&a;</Invoice>'
    assert "DTD" in _problems(bomb)[0][1]
    assert "geen geldige XML" in _problems(b"<Invoice")[0][1]


def test_a_ten_megabyte_file_is_refused_before_parsing() -> None:
    big = VALID.replace(b"</Invoice>", b"<!--" + b"x" * (10 * 1024 * 1024) + b"--></Invoice>")
    assert len(big) > MAX_BYTES
    [(element, message)] = _problems(big)
    assert element == "Invoice"
    assert "groter dan" in message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_crash_the_reader(content: bytes) -> None:
    result = read_invoice(content)
    assert (result.invoice is None) == bool(result.problems)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(min_size=1, max_size=16))
def test_a_damaged_example_gives_problems_or_an_invoice_never_an_exception(
    position: int, noise: bytes
) -> None:
    result = read_invoice(VALID[:position] + noise + VALID[position + len(noise) :])
    assert (result.invoice is None) == bool(result.problems)
