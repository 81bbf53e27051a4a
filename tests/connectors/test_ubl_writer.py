"""Writing a Flextensie client invoice as UBL 2.1 / SI-UBL 2.0: valid against the official OASIS UBL 2.1
Invoice schema (vendored in connectors/einvoice/xsd), read back by Loonbrug's own reader (which checks the
EN 16931 sums), the elements NLCIUS requires of a Dutch seller and a Dutch buyer, the three VAT cases,
the details the policy and the placement must hold first, and the example in examples/einvoice/ kept up
to date."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]
from pydantic import ValidationError

from connectors.einvoice.ubl_invoice import CAC, CBC, read_invoice
from connectors.einvoice.ubl_schema import schema_errors
from connectors.einvoice.ubl_writer import (
    CUSTOMIZATION_ID,
    IncompleteInvoiceDetails,
    missing_details,
    write_invoice,
)
from schemas import flextensie as fx
from tests.connectors.einvoice_cases import CLIENT, SELLER, WEEKS, make_invoice, variants

EXAMPLE = Path(__file__).parents[2] / "examples" / "einvoice" / "flextensie-factuur-2026-03.xml"
UPDATE = "LOONBRUG_UPDATE_EXAMPLES"
NS = {"cac": CAC, "cbc": CBC}


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
    # Nor the client's, though known (EN 16931 BR-O-02).
    assert root.find("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme", NS) is None
    line_category = root.find("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory", NS)
    assert (_text(line_category, "cbc:ID"), line_category.find("cbc:Percent", NS)) == ("O", None)


def test_missing_seller_details_are_named_not_guessed() -> None:
    with pytest.raises(IncompleteInvoiceDetails) as refused:
        write_invoice(make_invoice(), None)
    assert [m.field for m in refused.value.missing] == ["invoicing"]
    no_vat_number = SELLER.model_copy(update={"vat_number": None})
    assert [m.field for m in missing_details(make_invoice(), no_vat_number)] == ["invoicing.vatNumber"]
    assert [m.field for m in missing_details(make_invoice(vat_rate=None), no_vat_number)] == [
        "invoicing.noVatCategory"
    ]
    assert missing_details(make_invoice(), SELLER) == ()


def _buyer(root: etree._Element) -> etree._Element:
    party: etree._Element = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    return party


def test_the_elements_nlcius_requires_of_a_dutch_buyer() -> None:
    """Address with country (BR-10, BR-11, BR-NL-4), KvK as legal registration (BR-NL-10), VAT number."""
    buyer = _buyer(_tree(write_invoice(make_invoice(), SELLER)))
    assert [
        _text(buyer, f"cac:PostalAddress/cbc:{name}") for name in ("StreetName", "CityName", "PostalZone")
    ] == [
        "Korenmolenstraat 12",
        "Voorbeeldstad",
        "9999 AA",
    ]
    assert _text(buyer, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "NL"
    assert _text(buyer, "cac:PartyLegalEntity/cbc:RegistrationName") == "Bakkerij De Korst"
    company = buyer.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
    assert (company.text, company.get("schemeID")) == ("99999995", "0106")
    endpoint = buyer.find("cbc:EndpointID", NS)
    assert (endpoint.text, endpoint.get("schemeID")) == ("99999995", "0106")
    assert _text(buyer, "cac:PartyTaxScheme/cbc:CompanyID") == "NL000099997B48"
    assert _text(buyer, "cac:PartyTaxScheme/cac:TaxScheme/cbc:ID") == "VAT"


def test_a_public_client_by_oin_and_a_client_without_vat_number() -> None:
    client = CLIENT.model_copy(update={"kvk_number": None, "oin": "00000001888888888000", "vat_number": None})
    buyer = _buyer(_tree(write_invoice(make_invoice(client=client), SELLER)))
    company = buyer.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
    assert (company.text, company.get("schemeID")) == ("00000001888888888000", "0190")
    assert buyer.find("cac:PartyTaxScheme", NS) is None


def test_a_client_abroad_has_its_own_country_and_postcode() -> None:
    client = fx.ClientDetails(
        country_code="BE",
        street="Grote Markt 1",
        postal_code="2000",
        city="Antwerpen",
        vat_number="BE0999999999",
    )
    buyer = _buyer(_tree(write_invoice(make_invoice(client=client), SELLER)))
    assert _text(buyer, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "BE"
    assert _text(buyer, "cac:PostalAddress/cbc:PostalZone") == "2000"
    assert buyer.find("cac:PartyLegalEntity/cbc:CompanyID", NS) is None
    assert _text(buyer, "cac:PartyTaxScheme/cbc:CompanyID") == "BE0999999999"


def test_without_client_details_each_client_field_is_named() -> None:
    with pytest.raises(IncompleteInvoiceDetails) as refused:
        write_invoice(make_invoice(client=None), SELLER)
    missing = refused.value.missing
    assert [m.field for m in missing] == [
        "clientDetails.kvkNumber",
        "clientDetails.street",
        "clientDetails.postalCode",
        "clientDetails.city",
    ]
    assert all(m.of_client for m in missing)
    # Seller and client both incomplete: the seller's first, then the client's.
    both = missing_details(make_invoice(client=None), None)
    assert [m.of_client for m in both] == [False, True, True, True, True]


def test_client_details_are_checked() -> None:
    good = {"kvkNumber": "99999995", "street": "Korenmolenstraat 12", "postalCode": "9999aa", "city": "X"}
    assert fx.ClientDetails.model_validate(good).postal_code == "9999 AA"  # written the usual way
    bad = {
        "kvkNumber": [{**good, "kvkNumber": "1234567"}, {**good, "kvkNumber": "1234567a"}],
        "postalCode": [{**good, "postalCode": "0999 AA"}, {**good, "postalCode": "9999 A"}],
        "vatNumber": [{**good, "vatNumber": "NL12345"}, {**good, "vatNumber": "001234567B01"}],
        "countryCode": [{**good, "countryCode": "Nederland"}],
        "street": [{**good, "street": " "}],
    }
    for field, cases in bad.items():
        for case in cases:
            with pytest.raises(ValidationError) as refused:
                fx.ClientDetails.model_validate(case)
            assert [error["loc"] for error in refused.value.errors()] == [(field,)], case
    for case, message in (
        ({**good, "kvkNumber": None}, "een Nederlandse opdrachtgever heeft een KvK-nummer"),
        ({**good, "oin": "00000001888888888000"}, "niet beide"),
    ):
        with pytest.raises(ValidationError, match=message) as refused:
            fx.ClientDetails.model_validate(case)
        assert [error["loc"] for error in refused.value.errors()] == [("kvkNumber",)]
    # A bad OIN is named once, on its own field.
    with pytest.raises(ValidationError) as refused:
        fx.ClientDetails.model_validate({**good, "kvkNumber": None, "oin": "123"})
    assert [error["loc"] for error in refused.value.errors()] == [("oin",)]


def test_every_written_variant_is_valid_against_the_official_ubl_schema() -> None:
    for name, content in variants().items():
        assert schema_errors(content) == (), name


def test_the_schema_check_finds_what_is_out_of_place() -> None:
    """The check can fail: a buyer before the seller, a missing total, a date that is not one."""
    content = write_invoice(make_invoice(), SELLER)
    root = _tree(content)
    buyer = root.find("cac:AccountingCustomerParty", NS)
    root.find("cac:AccountingSupplierParty", NS).addprevious(buyer)
    assert any("AccountingCustomerParty" in e for e in schema_errors(etree.tostring(root)))
    root = _tree(content)
    totals = root.find("cac:LegalMonetaryTotal", NS)
    totals.remove(totals.find("cbc:PayableAmount", NS))
    assert any("PayableAmount" in e for e in schema_errors(etree.tostring(root)))
    bad_date = content.replace(b"<cbc:IssueDate>2026-04-01<", b"<cbc:IssueDate>1 april 2026<")
    assert any("IssueDate" in e for e in schema_errors(bad_date))
    assert schema_errors(b"<Invoice") != ()


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
    content = write_invoice(invoice, seller)
    assert schema_errors(content) == ()
    result = read_invoice(content)
    assert result.problems == ()
    assert result.invoice is not None
    assert (result.invoice.amount_excl_vat, result.invoice.vat) == (invoice.net_amount, invoice.vat_amount)


def test_the_example_in_examples_is_what_the_writer_makes() -> None:
    """Regenerate with LOONBRUG_UPDATE_EXAMPLES=1 when the writer changes on purpose."""
    content = write_invoice(make_invoice(), SELLER)
    if os.environ.get(UPDATE) == "1":
        EXAMPLE.write_bytes(content)
    assert EXAMPLE.read_bytes() == content, f"examples/einvoice is out of date; run with {UPDATE}=1"
