"""Writing a Flextensie client invoice as a Dutch e-invoice: UBL 2.1 under the NLCIUS / SI-UBL 2.0 profile.

The municipality is the seller (its details come from the `invoicing` block of its Flextensie policy), the
client (opdrachtgever) the buyer. One invoice line per ISO week of the month: hours × hourly tariff, unit
HUR (hour). What NLCIUS asks of a Dutch seller is always written: the legal name and the KvK number
(scheme 0106) or OIN (scheme 0190) in `PartyLegalEntity` (BR-NL-1), a street, city and postcode
(BR-NL-3), a buyer reference (BR-NL-2: the client's own reference, else the invoice number) and a SEPA
credit transfer to the municipality's IBAN (BR-NL-11, BR-NL-12).

VAT: with VAT the invoice is category S at the general rate and names the seller's VAT number (BR-S-02).
Without VAT the municipality has decided why, with its tax adviser: exempt (category E, rate 0, with the
VAT number, BR-E-02) or not subject to VAT (category O, e.g. a public task, without a VAT number,
BR-O-02); either way its reason is on the invoice (BR-E-10, BR-O-10).

The client (the buyer) is written from the details the consultant recorded with the placement, as they
were on the day of issue: its postal address with country (EN 16931 BR-10, BR-11; for a Dutch client
street, city and postcode, NLCIUS BR-NL-4), its legal registration in `PartyLegalEntity/CompanyID` as a
KvK number (scheme 0106) or OIN (scheme 0190) (BR-NL-10), and its VAT number in `PartyTaxScheme` when
known (BT-48), except on an invoice not subject to VAT, which names no VAT number at all (BR-O-02).

A detail the invoice needs but Loonbrug lacks is never guessed: `IncompleteInvoiceDetails` names each one,
of the seller (set in the Flextensie policy) and of the client (set with the placement).

The totals follow EN 16931 exactly (BR-CO-10 to BR-CO-16): the lines add up to the amount without VAT,
which plus the VAT is the amount due. Elements are written in the order of the UBL 2.1 schema; the tests
check every variant against the official UBL 2.1 XSD (`ubl_schema`) and the SI-UBL 2.0 validation rules.
The worker's name is left out: the client's bookkeeping does not need it to pay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree  # type: ignore[import-untyped]

from connectors.einvoice.ubl_invoice import CAC, CBC, INVOICE_NS
from schemas import flextensie as fx

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
"""SI-UBL 2.0: the profile identifier its validation requires (SI-V20-INV-R000)."""
MEDIA_TYPE = "application/xml"
COMMERCIAL_INVOICE = "380"
"""UNTDID 1001 code of a commercial invoice (BR-NL-7 allows 380, 381, 384, 389)."""
SEPA_CREDIT_TRANSFER = "58"
"""UNTDID 4461 code for a SEPA credit transfer (BR-NL-12)."""
HOURS = "HUR"
"""UN/ECE recommendation 20 unit code for an hour."""
KVK_SCHEME = "0106"
OIN_SCHEME = "0190"
_CENT = Decimal("0.01")
_NSMAP = {None: INVOICE_NS, "cac": CAC, "cbc": CBC}


@dataclass(frozen=True, slots=True)
class MissingDetail:
    """A detail the e-invoice needs: the field (as the API names it), why (Dutch), and whether it is the
    client's (set with the placement) rather than the seller's (set in the Flextensie policy)."""

    field: str
    reason: str
    of_client: bool = False


class IncompleteInvoiceDetails(ValueError):
    """The policy or the placement lacks details this invoice needs; `missing` names each."""

    def __init__(self, missing: tuple[MissingDetail, ...]) -> None:
        super().__init__(", ".join(detail.field for detail in missing))
        self.missing = missing


_CLIENT_FIELDS = (
    (
        "clientDetails.kvkNumber",
        "het KvK-nummer van de opdrachtgever (8 cijfers), of het OIN als die een overheid is",
    ),
    ("clientDetails.street", "straat en huisnummer (of postbus) van de opdrachtgever"),
    ("clientDetails.postalCode", "de postcode van de opdrachtgever"),
    ("clientDetails.city", "de plaats van de opdrachtgever"),
)
"""What a Dutch client must have on an e-invoice (the country is the Netherlands unless entered)."""


def missing_details(invoice: fx.Invoice, seller: fx.FlextensieInvoicing | None) -> tuple[MissingDetail, ...]:
    """What must still be set before `invoice` can be written: the seller's details in the Flextensie policy
    (by the administrator), the client's with the placement (by the consultant)."""
    client = tuple(
        MissingDetail(field, f"vul bij de plaatsing in: {reason}", of_client=True)
        for field, reason in _CLIENT_FIELDS
        if invoice.client_details is None
    )
    return _missing_seller_details(invoice, seller) + client


def _missing_seller_details(
    invoice: fx.Invoice, seller: fx.FlextensieInvoicing | None
) -> tuple[MissingDetail, ...]:
    if seller is None:
        return (
            MissingDetail(
                "invoicing",
                "vul de gegevens van de gemeente als verkoper in: legalName, kvkNumber of oin, street,"
                " postalCode, city en iban",
            ),
        )
    missing: list[MissingDetail] = []
    if invoice.vat_rate is None and seller.no_vat_category is None:
        missing.append(
            MissingDetail(
                "invoicing.noVatCategory",
                "deze factuur heeft geen btw: geef aan of die vrijgesteld of niet onderworpen is,"
                " met de reden (noVatReason)",
            )
        )
    needs_vat_number = invoice.vat_rate is not None or seller.no_vat_category is fx.NoVatCategory.EXEMPT
    if needs_vat_number and seller.vat_number is None:
        missing.append(
            MissingDetail(
                "invoicing.vatNumber", "een factuur met of vrijgesteld van btw noemt het btw-nummer"
            )
        )
    return tuple(missing)


def write_invoice(invoice: fx.Invoice, seller: fx.FlextensieInvoicing | None) -> bytes:
    """The invoice as UBL 2.1 XML (UTF-8); `IncompleteInvoiceDetails` when a detail is missing."""
    missing = missing_details(invoice, seller)
    client = invoice.client_details
    if missing or seller is None or client is None:
        raise IncompleteInvoiceDetails(missing)
    root = etree.Element(f"{{{INVOICE_NS}}}Invoice", nsmap=_NSMAP)
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issued_on.isoformat())
    due = invoice.issued_on + dt.timedelta(days=seller.payment_term_days)
    _cbc(root, "DueDate", due.isoformat())
    _cbc(root, "InvoiceTypeCode", COMMERCIAL_INVOICE)
    _cbc(root, "Note", f"Inzet via Flextensie (werken met behoud van uitkering), namens {seller.legal_name}.")
    _cbc(root, "DocumentCurrencyCode", "EUR")
    _cbc(root, "BuyerReference", invoice.client_reference or invoice.number)
    _period(root, invoice.month.first_day, invoice.month.last_day)
    _seller(root, seller)
    _buyer(root, invoice.client_name, client, not_subject=_category(invoice, seller)[0] == "O")
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER)
    _cbc(means, "PaymentID", invoice.number)
    _cbc(_cac(means, "PayeeFinancialAccount"), "ID", seller.iban)
    terms = _cac(root, "PaymentTerms")
    _cbc(
        terms,
        "Note",
        f"Betaling binnen {seller.payment_term_days} dagen onder vermelding van {invoice.number}.",
    )
    _tax_total(root, invoice, seller)
    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", invoice.net_amount)
    _amount(totals, "TaxExclusiveAmount", invoice.net_amount)
    _amount(totals, "TaxInclusiveAmount", invoice.total)
    _amount(totals, "PayableAmount", invoice.total)
    for number, line in enumerate(invoice.lines, 1):
        _line(root, number, line, invoice, seller)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result


def _seller(root: etree._Element, seller: fx.FlextensieInvoicing) -> None:
    party = _cac(_cac(root, "AccountingSupplierParty"), "Party")
    registration = _registration(seller.kvk_number, seller.oin)
    assert registration is not None  # the policy model requires one of both
    scheme, number = registration
    _cbc(party, "EndpointID", number, schemeID=scheme)
    _cbc(_cac(party, "PartyName"), "Name", seller.legal_name)
    address = _cac(party, "PostalAddress")
    _cbc(address, "StreetName", seller.street)
    _cbc(address, "CityName", seller.city)
    _cbc(address, "PostalZone", seller.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", "NL")
    if seller.vat_number is not None:
        tax = _cac(party, "PartyTaxScheme")
        _cbc(tax, "CompanyID", seller.vat_number)
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", seller.legal_name)
    _cbc(legal, "CompanyID", number, schemeID=scheme)


def _buyer(root: etree._Element, name: str, client: fx.ClientDetails, *, not_subject: bool) -> None:
    """The client; without its VAT number on an invoice not subject to VAT (EN 16931 BR-O-02)."""
    party = _cac(_cac(root, "AccountingCustomerParty"), "Party")
    registration = _registration(client.kvk_number, client.oin)
    if registration is not None:
        _cbc(party, "EndpointID", registration[1], schemeID=registration[0])
    address = _cac(party, "PostalAddress")
    _cbc(address, "StreetName", client.street)
    _cbc(address, "CityName", client.city)
    _cbc(address, "PostalZone", client.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", client.country_code)
    if client.vat_number is not None and not not_subject:
        tax = _cac(party, "PartyTaxScheme")
        _cbc(tax, "CompanyID", client.vat_number)
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", name)
    if registration is not None:
        _cbc(legal, "CompanyID", registration[1], schemeID=registration[0])


def _registration(kvk_number: str | None, oin: str | None) -> tuple[str, str] | None:
    """The EAS scheme and number of a Dutch legal registration: KvK (0106) or OIN (0190)."""
    if kvk_number is not None:
        return KVK_SCHEME, kvk_number
    return (OIN_SCHEME, oin) if oin is not None else None


def _category(invoice: fx.Invoice, seller: fx.FlextensieInvoicing) -> tuple[str, Decimal | None, str | None]:
    """VAT category code, rate in percent (None for O) and exemption reason (None for S)."""
    if invoice.vat_rate is not None:
        return "S", invoice.vat_rate * 100, None
    if seller.no_vat_category is fx.NoVatCategory.EXEMPT:
        return "E", Decimal(0), seller.no_vat_reason
    return "O", None, seller.no_vat_reason


def _tax_category(
    parent: etree._Element, name: str, category: tuple[str, Decimal | None, str | None]
) -> None:
    code, percent, reason = category
    element = _cac(parent, name)
    _cbc(element, "ID", code)
    if percent is not None:
        _cbc(element, "Percent", _number(percent))
    if reason is not None and name == "TaxCategory":
        _cbc(element, "TaxExemptionReason", reason)
    _cbc(_cac(element, "TaxScheme"), "ID", "VAT")


def _tax_total(root: etree._Element, invoice: fx.Invoice, seller: fx.FlextensieInvoicing) -> None:
    total = _cac(root, "TaxTotal")
    _amount(total, "TaxAmount", invoice.vat_amount)
    subtotal = _cac(total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", invoice.net_amount)
    _amount(subtotal, "TaxAmount", invoice.vat_amount)
    _tax_category(subtotal, "TaxCategory", _category(invoice, seller))


def _line(
    root: etree._Element,
    number: int,
    line: fx.InvoiceLine,
    invoice: fx.Invoice,
    seller: fx.FlextensieInvoicing,
) -> None:
    element = _cac(root, "InvoiceLine")
    _cbc(element, "ID", str(number))
    _cbc(element, "InvoicedQuantity", _number(line.hours), unitCode=HOURS)
    _amount(element, "LineExtensionAmount", line.amount)
    _period(element, line.first_day, line.last_day)
    item = _cac(element, "Item")
    _cbc(
        item,
        "Name",
        f"Inzet week {line.week.week} van {line.week.year}"
        f" ({line.first_day.isoformat()} t/m {line.last_day.isoformat()})",
    )
    _tax_category(item, "ClassifiedTaxCategory", _category(invoice, seller))
    _amount(_cac(element, "Price"), "PriceAmount", invoice.hourly_tariff)


def _period(parent: etree._Element, start: dt.date, end: dt.date) -> None:
    period = _cac(parent, "InvoicePeriod")
    _cbc(period, "StartDate", start.isoformat())
    _cbc(period, "EndDate", end.isoformat())


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _cbc(parent: etree._Element, name: str, text: str | None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{name}", attributes)
    element.text = text
    return element


def _amount(parent: etree._Element, name: str, value: Decimal) -> None:
    _cbc(parent, name, format(value.quantize(_CENT), "f"), currencyID="EUR")


def _number(value: Decimal) -> str:
    """A quantity or percentage without trailing zeros: 16, 6.25, 21."""
    return format(value.normalize(), "f")
