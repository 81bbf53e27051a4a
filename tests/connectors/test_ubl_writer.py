"""Writing a Flextensie client invoice as UBL 2.1 / SI-UBL 2.0: read back by Loonbrug's own reader (which
checks the EN 16931 sums), the elements NLCIUS requires of a Dutch seller, the three VAT cases, the
details the policy must hold first, and the example in examples/einvoice/ kept up to date.

The official OASIS UBL 2.1 schema is not available offline, so there is no XSD check here (yet)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from connectors.einvoice.ubl_invoice import CAC, CBC, read_invoice
from connectors.einvoice.ubl_writer import (
    CUSTOMIZATION_ID,
    IncompleteSellerDetails,
    missing_details,
    write_invoice,
)
from schemas import flextensie as fx
from schemas.periods import IsoWeek, Month

EXAMPLE = Path(__file__).parents[2] / "examples" / "einvoice" / "flextensie-factuur-2026-03.xml"
UPDATE = "LOONBRUG_UPDATE_EXAMPLES"
NS = {"cac": CAC, "cbc": CBC}
CENT = Decimal("0.01")

SELLER = fx.FlextensieInvoicing(
    legal_name="Gemeente Voorbeeldstad",
    kvk_number="99999994",
    vat_number="NL000099998B57",
    street="Stadhuisplein 1",
    postal_code="9999 ZZ",
    city="Voorbeeldstad",
    iban="NL91ABNA0417164300",
)

WEEKS = (  # March 2026, 16 hours a week at € 19.50, the last week cut at 31 March
    ("2026-W10", dt.date(2026, 3, 2), dt.date(2026, 3, 8), "16.00"),
    ("2026-W11", dt.date(2026, 3, 9), dt.date(2026, 3, 15), "16.00"),
    ("2026-W12", dt.date(2026, 3, 16), dt.date(2026, 3, 22), "16.00"),
    ("2026-W13", dt.date(2026, 3, 23), dt.date(2026, 3, 29), "16.00"),
    ("2026-W14", dt.date(2026, 3, 30), dt.date(2026, 3, 31), "6.25"),
)


def make_invoice(
    *,
    tariff: str = "19.50",
    weeks: tuple[tuple[str, dt.date, dt.date, str], ...] = WEEKS,
    vat_rate: Decimal | None = Decimal("0.21"),
    reference: str | None = "PO-123",
) -> fx.Invoice:
    """A made-up March 2026 invoice whose figures add up as the engine makes them."""
    price = Decimal(tariff)
    lines = [
        fx.InvoiceLine(
            week=IsoWeek.parse(week),
            first_day=first,
            last_day=last,
            hours=Decimal(hours),
            amount=(Decimal(hours) * price).quantize(CENT),
        )
        for week, first, last, hours in weeks
    ]
    net = sum((line.amount for line in lines), Decimal("0.00"))
    vat = (net * vat_rate).quantize(CENT) if vat_rate is not None else Decimal("0.00")
    return fx.Invoice(
        id="01a20000-0000-7000-8000-000000000001",
        number="FX-2026-03-0001",
        month=Month(2026, 3),
        issued_on=dt.date(2026, 4, 1),
        municipality="Voorbeeldstad",
        placement_id="01a20000-0000-7000-8000-000000000002",
        worker_id="01a20000-0000-7000-8000-000000000003",
        client_name="Bakkerij De Korst",
        client_reference=reference,
        hours=sum((line.hours for line in lines), Decimal("0.00")),
        hourly_tariff=price,
        net_amount=net,
        vat_rate=vat_rate,
        vat_amount=vat,
        total=net + vat,
        lines=lines,
        explanation=[],
        settlement=fx.InvoiceSettlement(
            premium=Decimal("0.00"),
            travel=Decimal("0.00"),
            travel_days=0,
            back_office=Decimal("0.00"),
            remainder=net,
            lines=[],
        ),
        unconfirmed=False,
        parameters=[],
    )


def _tree(content: bytes) -> etree._Element:
    return etree.fromstring(content)


def _text(root: etree._Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None else found.text


def test_written_invoice_reads_back_with_the_same_number_date_and_amounts() -> None:
    invoice = make_invoice()
    result = read_invoice(write_invoice(invoice, SELLER))
    assert result.problems == ()
    read = result.invoice
    assert read is not None
    assert (read.invoice_number, read.invoice_date) == ("FX-2026-03-0001", dt.date(2026, 4, 1))
    assert (read.period_start, read.period_end) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    # 70.25 hours × 19.50 = 1369.88 (4 × 312.00 + 121.88); VAT 21% = 287.67
    assert (read.amount_excl_vat, read.vat, read.paid) == (Decimal("1369.88"), Decimal("287.67"), False)
    assert read.client == "Bakkerij De Korst"


def test_the_elements_nlcius_requires_of_a_dutch_seller() -> None:
    root = _tree(write_invoice(make_invoice(), SELLER))
    assert _text(root, "cbc:CustomizationID") == CUSTOMIZATION_ID
    assert _text(root, "cbc:InvoiceTypeCode") == "380"
    legal = root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity", NS)
    assert _text(legal, "cbc:RegistrationName") == "Gemeente Voorbeeldstad"
    company = legal.find("cbc:CompanyID", NS)
    assert (company.text, company.get("schemeID")) == ("99999994", "0106")
    address = root.find("cac:AccountingSupplierParty/cac:Party/cac:PostalAddress", NS)
    assert [_text(address, f"cbc:{name}") for name in ("StreetName", "CityName", "PostalZone")] == [
        "Stadhuisplein 1",
        "Voorbeeldstad",
        "9999 ZZ",
    ]
    assert _text(address, "cac:Country/cbc:IdentificationCode") == "NL"
    tax_id = "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
    assert _text(root, tax_id) == "NL000099998B57"
    buyer = "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"
    assert _text(root, buyer) == "Bakkerij De Korst"
    assert _text(root, "cbc:BuyerReference") == "PO-123"
    assert _text(root, "cac:PaymentMeans/cbc:PaymentMeansCode") == "58"
    assert _text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "NL91ABNA0417164300"
    assert _text(root, "cac:PaymentMeans/cbc:PaymentID") == "FX-2026-03-0001"
    assert _text(root, "cbc:DueDate") == "2026-05-01"  # 30 days after 1 April
    assert (_text(root, "cac:InvoicePeriod/cbc:StartDate"), _text(root, "cac:InvoicePeriod/cbc:EndDate")) == (
        "2026-03-01",
        "2026-03-31",
    )


def test_one_line_per_week_in_hours_at_the_tariff() -> None:
    root = _tree(write_invoice(make_invoice(), SELLER))
    lines = root.findall("cac:InvoiceLine", NS)
    assert [_text(line, "cbc:ID") for line in lines] == ["1", "2", "3", "4", "5"]
    quantities = [line.find("cbc:InvoicedQuantity", NS) for line in lines]
    assert [(q.text, q.get("unitCode")) for q in quantities] == [("16", "HUR")] * 4 + [("6.25", "HUR")]
    assert [_text(line, "cbc:LineExtensionAmount") for line in lines] == ["312.00"] * 4 + ["121.88"]
    assert {_text(line, "cac:Price/cbc:PriceAmount") for line in lines} == {"19.50"}
    last = lines[-1]
    assert (_text(last, "cac:InvoicePeriod/cbc:StartDate"), _text(last, "cac:InvoicePeriod/cbc:EndDate")) == (
        "2026-03-30",
        "2026-03-31",
    )
    assert _text(last, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") == "21"


def test_without_a_client_reference_the_buyer_reference_is_the_invoice_number() -> None:
    root = _tree(write_invoice(make_invoice(reference=None), SELLER))
    assert _text(root, "cbc:BuyerReference") == "FX-2026-03-0001"


def test_oin_instead_of_kvk() -> None:
    seller = SELLER.model_copy(update={"kvk_number": None, "oin": "00000001999999999000"})
    root = _tree(write_invoice(make_invoice(), seller))
    company = root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID", NS)
    assert (company.text, company.get("schemeID")) == ("00000001999999999000", "0190")


def test_vat_at_the_general_rate_is_category_s() -> None:
    root = _tree(write_invoice(make_invoice(), SELLER))
    category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert (_text(category, "cbc:ID"), _text(category, "cbc:Percent")) == ("S", "21")
    assert category.find("cbc:TaxExemptionReason", NS) is None
    assert _text(root, "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount") == "1369.88"


def test_exempt_invoice_is_category_e_with_its_reason_and_vat_number() -> None:
    seller = SELLER.model_copy(
        update={"no_vat_category": fx.NoVatCategory.EXEMPT, "no_vat_reason": "Vrijgesteld van btw"}
    )
    content = write_invoice(make_invoice(vat_rate=None), seller)
    root = _tree(content)
    category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert [_text(category, f"cbc:{n}") for n in ("ID", "Percent", "TaxExemptionReason")] == [
        "E",
        "0",
        "Vrijgesteld van btw",
    ]
    assert _text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID") is not None
    read = read_invoice(content).invoice
    assert read is not None
    assert (read.amount_excl_vat, read.vat) == (Decimal("1369.88"), Decimal("0.00"))


def test_not_subject_to_vat_is_category_o_without_rate_or_vat_number() -> None:
    seller = SELLER.model_copy(
        update={
            "vat_number": None,
            "no_vat_category": fx.NoVatCategory.NOT_SUBJECT,
            "no_vat_reason": "Niet onderworpen aan btw: overheidstaak",
        }
    )
    root = _tree(write_invoice(make_invoice(vat_rate=None), seller))
    category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert (_text(category, "cbc:ID"), category.find("cbc:Percent", NS)) == ("O", None)
    assert _text(category, "cbc:TaxExemptionReason") == "Niet onderworpen aan btw: overheidstaak"
    assert root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme", NS) is None
    line_category = root.find("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory", NS)
    assert (_text(line_category, "cbc:ID"), line_category.find("cbc:Percent", NS)) == ("O", None)


def test_missing_seller_details_are_named_not_guessed() -> None:
    with pytest.raises(IncompleteSellerDetails) as refused:
        write_invoice(make_invoice(), None)
    assert [m.field for m in refused.value.missing] == ["invoicing"]
    no_vat_number = SELLER.model_copy(update={"vat_number": None})
    assert [m.field for m in missing_details(make_invoice(), no_vat_number)] == ["invoicing.vatNumber"]
    assert [m.field for m in missing_details(make_invoice(vat_rate=None), no_vat_number)] == [
        "invoicing.noVatCategory"
    ]
    assert missing_details(make_invoice(), SELLER) == ()


@settings(max_examples=60, deadline=None)
@given(
    tariff=st.decimals(min_value=Decimal("10.00"), max_value=Decimal("250.00"), places=2),
    hours=st.lists(
        st.decimals(min_value=Decimal("0.25"), max_value=Decimal("60"), places=2), min_size=1, max_size=5
    ),
    with_vat=st.booleans(),
)
def test_any_invoice_reads_back_with_sums_that_agree(
    tariff: Decimal, hours: list[Decimal], with_vat: bool
) -> None:
    weeks = tuple((w, f, last, str(h)) for (w, f, last, _), h in zip(WEEKS, hours, strict=False))
    invoice = make_invoice(tariff=str(tariff), weeks=weeks, vat_rate=Decimal("0.21") if with_vat else None)
    seller = SELLER.model_copy(
        update={"no_vat_category": fx.NoVatCategory.EXEMPT, "no_vat_reason": "Vrijgesteld"}
    )
    result = read_invoice(write_invoice(invoice, seller))
    assert result.problems == ()
    assert result.invoice is not None
    assert (result.invoice.amount_excl_vat, result.invoice.vat) == (invoice.net_amount, invoice.vat_amount)


def test_the_example_in_examples_is_what_the_writer_makes() -> None:
    """Regenerate with LOONBRUG_UPDATE_EXAMPLES=1 when the writer changes on purpose."""
    content = write_invoice(make_invoice(), SELLER)
    if os.environ.get(UPDATE) == "1":
        EXAMPLE.write_bytes(content)
    assert EXAMPLE.read_bytes() == content, f"examples/einvoice is out of date; run with {UPDATE}=1"
