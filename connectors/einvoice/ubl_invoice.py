"""Reading a Dutch e-invoice (UBL 2.1 under the NLCIUS / SI-UBL 2.0 profile) as an invoice of the worker's
own business (rule 11).

A worker or their bookkeeping package sends the invoice it already made. What Loonbrug needs from it:

- the invoice number `cbc:ID` (BT-1), the issue date `cbc:IssueDate` (BT-2) and the currency, which must
  be EUR (`cbc:DocumentCurrencyCode`, BT-5);
- the period of the work, `cac:InvoicePeriod/cbc:StartDate` and `cbc:EndDate` (BT-73, BT-74), when given;
- the client, `cac:AccountingCustomerParty/cac:Party`, by its legal name (BT-44) or else its trading
  name (BT-45);
- the amount excluding VAT `cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount` (BT-109) and the VAT
  `cac:TaxTotal/cbc:TaxAmount` (BT-110);
- whether it was paid: the amount due `cbc:PayableAmount` (BT-115) is zero because the prepaid amount
  (BT-113) covers it;
- a corrective invoice names the invoice it replaces in `cac:BillingReference/cac:InvoiceDocumentReference`.

The totals must agree as EN 16931 requires (BR-CO-10 the sum of the lines, BR-CO-13 allowances and
charges, BR-CO-14 the VAT breakdown, BR-CO-15 the amount with VAT, BR-CO-16 the amount due), because a
wrong sum is exactly the mistake that would change the benefit. A credit note (`CreditNote`) is refused
with what to send instead: Loonbrug takes a corrected invoice, as it takes a corrected pay slip.

Once those fields read well, the whole file is checked against the official UBL 2.1 Invoice schema
(`ubl_schema`): an invoice that other bookkeeping software would refuse as malformed is not taken as
income either. The fields come first because their problems
say in Dutch what to fix; the schema's own messages (English, from the validator) name the rest.

The file is untrusted: at most `MAX_BYTES`, no DTD (so no entity expands or reaches out), no network, and
every problem names the element (as a path) and the line it is on. Anything that is not such an invoice
gives problems, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree  # type: ignore[import-untyped]
from pydantic import ValidationError

from connectors.einvoice.ubl_schema import invoice_schema
from schemas.self_employed import BusinessInvoice

MAX_BYTES = 1 << 20
"""One invoice of a small business is a few kilobytes; a megabyte leaves room for a logo in base64."""
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_NS = {"cac": CAC, "cbc": CBC, "inv": INVOICE_NS}
_CENT = Decimal("0.01")
_MEDIA_TYPES = ("application/xml", "text/xml")


@dataclass(frozen=True, slots=True)
class UblProblem:
    """One thing wrong with the file: which element (as a path), on which line, and what (Dutch)."""

    element: str
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class UblInvoice:
    """The invoice read from the file, or the problems that stop it from being read."""

    invoice: BusinessInvoice | None
    problems: tuple[UblProblem, ...]


def read_invoice(content: bytes) -> UblInvoice:
    """Read one UBL 2.1 invoice; `invoice` is None when there is any problem."""
    problems: list[UblProblem] = []
    root = _parse(content, problems)
    if root is None:
        return UblInvoice(None, tuple(problems))
    reader = _Reader(root, problems)
    fields = reader.fields()
    if problems:
        return UblInvoice(None, tuple(problems))
    try:
        invoice = BusinessInvoice.model_validate(fields)
    except ValidationError as error:
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"])
            problems.append(UblProblem(_ELEMENT_OF.get(where, "Invoice"), None, item["msg"]))
        return UblInvoice(None, tuple(problems))
    problems.extend(_schema_problems(root))
    if problems:
        return UblInvoice(None, tuple(problems))
    return UblInvoice(invoice, ())


def _schema_problems(root: etree._Element) -> list[UblProblem]:
    """Each way the invoice breaks the UBL 2.1 Invoice schema, at its element and line."""
    schema = invoice_schema()
    if schema.validate(root):
        return []
    return [
        UblProblem(
            _readable_path(error.path),
            error.line if isinstance(error.line, int) and error.line > 0 else None,
            f"voldoet niet aan het UBL 2.1-schema: {_prefixed(error.message)}",
        )
        for error in schema.error_log
    ]


def _prefixed(message: str) -> str:
    """The validator's message with element names as the invoice writes them ("cbc:Note"), not with their
    whole namespace ("{urn:oasis:…:CommonBasicComponents-2}Note")."""
    for namespace, prefix in ((CBC, "cbc:"), (CAC, "cac:"), (INVOICE_NS, "")):
        message = message.replace("{" + namespace + "}", prefix)
    return message


def _readable_path(path: str | None) -> str:
    """The validator's path of an element ("/*/cac:TaxTotal/cbc:TaxAmount") as the other problems
    name elements ("Invoice/cac:TaxTotal/cbc:TaxAmount")."""
    if not path:
        return "Invoice"
    steps = [step for step in path.split("/") if step]
    return "/".join(["Invoice", *steps[1:]])


_ELEMENT_OF = {
    "invoiceNumber": "Invoice/cbc:ID",
    "invoiceDate": "Invoice/cbc:IssueDate",
    "periodStart": "Invoice/cac:InvoicePeriod/cbc:StartDate",
    "periodEnd": "Invoice/cac:InvoicePeriod/cbc:EndDate",
    "client": "Invoice/cac:AccountingCustomerParty/cac:Party",
    "amountExclVat": "Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount",
    "vat": "Invoice/cac:TaxTotal/cbc:TaxAmount",
    "corrects": "Invoice/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
}


def _parse(content: bytes, problems: list[UblProblem]) -> etree._Element | None:
    if len(content) > MAX_BYTES:
        problems.append(
            UblProblem(
                "Invoice",
                None,
                f"het bestand is groter dan {MAX_BYTES // 1024} kB; één factuur is veel kleiner",
            )
        )
        return None
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        problems.append(
            UblProblem(
                "Invoice",
                None,
                "een e-factuur heeft geen DTD; een bestand met DOCTYPE of ENTITY wordt niet gelezen",
            )
        )
        return None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) else None
        problems.append(UblProblem("Invoice", line, f"geen geldige XML: {error.msg}"))
        return None
    except ValueError as error:  # e.g. an encoding declaration lxml refuses for bytes
        problems.append(UblProblem("Invoice", None, f"geen geldige XML: {error}"))
        return None
    if not isinstance(root.tag, str):
        problems.append(UblProblem("Invoice", None, "geen XML-element gevonden"))
        return None
    name = etree.QName(root)
    if name.namespace == CREDIT_NOTE_NS and name.localname == "CreditNote":
        problems.append(
            UblProblem(
                "CreditNote",
                root.sourceline,
                "een creditnota wordt niet gelezen; stuur een gecorrigeerde factuur met een eigen nummer"
                " die de oude factuur noemt (BillingReference)",
            )
        )
        return None
    if name.namespace != INVOICE_NS or name.localname != "Invoice":
        problems.append(
            UblProblem(
                name.localname,
                root.sourceline,
                f"geen UBL-factuur: het hoofdelement is {name.localname} in"
                f" {name.namespace or 'geen namespace'}, verwacht Invoice in {INVOICE_NS}",
            )
        )
        return None
    return root


class _Reader:
    """Reads the fields and checks the sums, collecting every problem."""

    def __init__(self, root: etree._Element, problems: list[UblProblem]) -> None:
        self.root = root
        self.problems = problems

    def fields(self) -> dict[str, object]:
        number = self._text("cbc:ID", required=True)
        issued = self._date("cbc:IssueDate", required=True)
        currency = self._text("cbc:DocumentCurrencyCode", required=True)
        if currency is not None and currency != "EUR":
            self._problem(
                "cbc:DocumentCurrencyCode", f"valuta {currency}; Loonbrug leest alleen facturen in euro (EUR)"
            )
        start = self._date("cac:InvoicePeriod/cbc:StartDate")
        end = self._date("cac:InvoicePeriod/cbc:EndDate")
        if (start is None) != (end is None) and self._first("cac:InvoicePeriod") is not None:
            self._problem("cac:InvoicePeriod", "geef zowel StartDate als EndDate van de periode van het werk")
        client = self._text(
            "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"
        ) or self._text("cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name")
        if client is None:
            self._problem(
                "cac:AccountingCustomerParty/cac:Party",
                "de klant ontbreekt: geef PartyLegalEntity/RegistrationName of PartyName/Name",
            )
        corrects = self._text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")
        excl, vat, paid = self._totals()
        if start is not None and end is not None and end < start:
            self._problem("cac:InvoicePeriod/cbc:EndDate", "ligt voor StartDate")
            start = end = None
        return {
            "invoiceNumber": number,
            "invoiceDate": issued,
            "periodStart": start if end is not None else None,
            "periodEnd": end if start is not None else None,
            "client": client,
            "amountExclVat": excl,
            "vat": vat,
            "paid": paid,
            "corrects": corrects,
        }

    def _totals(self) -> tuple[Decimal | None, Decimal | None, bool]:
        total = "cac:LegalMonetaryTotal"
        line_sum = self._amount(f"{total}/cbc:LineExtensionAmount", required=True)
        excl = self._amount(f"{total}/cbc:TaxExclusiveAmount", required=True)
        incl = self._amount(f"{total}/cbc:TaxInclusiveAmount", required=True)
        payable = self._amount(f"{total}/cbc:PayableAmount", required=True)
        allowances = self._amount(f"{total}/cbc:AllowanceTotalAmount") or Decimal("0")
        charges = self._amount(f"{total}/cbc:ChargeTotalAmount") or Decimal("0")
        prepaid = self._amount(f"{total}/cbc:PrepaidAmount") or Decimal("0")
        rounding = self._amount(f"{total}/cbc:PayableRoundingAmount") or Decimal("0")
        vat = self._vat()
        lines = self.root.findall("cac:InvoiceLine", _NS)
        if not lines:
            self._problem("cac:InvoiceLine", "een factuur heeft ten minste één factuurregel")
        line_amounts = [
            self._amount_of(line, "cbc:LineExtensionAmount", f"cac:InvoiceLine[{i}]/cbc:LineExtensionAmount")
            for i, line in enumerate(lines, 1)
        ]
        if line_sum is not None and lines and all(a is not None for a in line_amounts):
            summed = sum((a for a in line_amounts if a is not None), Decimal("0"))
            if summed != line_sum:
                self._problem(
                    f"{total}/cbc:LineExtensionAmount",
                    f"is {line_sum}, maar de factuurregels tellen op tot {summed} (BR-CO-10)",
                )
        if line_sum is not None and excl is not None and excl != line_sum - allowances + charges:
            self._problem(
                f"{total}/cbc:TaxExclusiveAmount",
                f"is {excl}, maar regels {line_sum} − kortingen {allowances} + toeslagen {charges} is"
                f" {line_sum - allowances + charges} (BR-CO-13)",
            )
        if excl is not None and incl is not None and vat is not None and incl != excl + vat:
            self._problem(
                f"{total}/cbc:TaxInclusiveAmount",
                f"is {incl}, maar exclusief btw {excl} + btw {vat} is {excl + vat} (BR-CO-15)",
            )
        if incl is not None and payable is not None and payable != incl - prepaid + rounding:
            self._problem(
                f"{total}/cbc:PayableAmount",
                f"is {payable}, maar {incl} − vooruitbetaald {prepaid} is {incl - prepaid + rounding}"
                " (BR-CO-16)",
            )
        paid = payable is not None and incl is not None and payable == 0 and incl > 0
        return excl, vat, paid

    def _vat(self) -> Decimal | None:
        totals = self.root.findall("cac:TaxTotal", _NS)
        if not totals:
            self._problem(
                "cac:TaxTotal", "ontbreekt: ook zonder btw (vrijgesteld of KOR) staat hier 0.00 met de reden"
            )
            return None
        amount = self._amount("cac:TaxTotal/cbc:TaxAmount", required=True)
        subtotals = totals[0].findall("cac:TaxSubtotal", _NS)
        if not subtotals:
            self._problem(
                "cac:TaxTotal/cac:TaxSubtotal", "de btw-uitsplitsing per tarief ontbreekt (BR-CO-18)"
            )
            return amount
        parts = [
            self._amount_of(s, "cbc:TaxAmount", f"cac:TaxTotal/cac:TaxSubtotal[{i}]/cbc:TaxAmount")
            for i, s in enumerate(subtotals, 1)
        ]
        if amount is not None and all(p is not None for p in parts):
            summed = sum((p for p in parts if p is not None), Decimal("0"))
            if summed != amount:
                self._problem(
                    "cac:TaxTotal/cbc:TaxAmount",
                    f"is {amount}, maar de btw per tarief telt op tot {summed} (BR-CO-14)",
                )
        return amount

    def _first(self, path: str) -> etree._Element | None:
        return self.root.find(path, _NS)

    def _text(self, path: str, *, required: bool = False) -> str | None:
        element = self._first(path)
        text = None if element is None or element.text is None else element.text.strip()
        if not text:
            if required:
                self._problem(path, "ontbreekt of is leeg")
            return None
        return text

    def _date(self, path: str, *, required: bool = False) -> dt.date | None:
        text = self._text(path, required=required)
        if text is None:
            return None
        try:
            # fromisoformat also takes 20260105 and week dates; UBL's xsd:date is YYYY-MM-DD only.
            if len(text) != 10:
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            self._problem(path, f"'{text[:40]}' is geen datum als JJJJ-MM-DD")
            return None

    def _amount(self, path: str, *, required: bool = False) -> Decimal | None:
        element = self._first(path)
        if element is None:
            if required:
                self._problem(path, "ontbreekt")
            return None
        return self._amount_value(element, path)

    def _amount_of(self, parent: etree._Element, relative: str, path: str) -> Decimal | None:
        element = parent.find(relative, _NS)
        if element is None:
            self._problem(path, "ontbreekt")
            return None
        return self._amount_value(element, path)

    def _amount_value(self, element: etree._Element, path: str) -> Decimal | None:
        text = (element.text or "").strip()
        currency = element.get("currencyID")
        if currency != "EUR":
            self._problem(path, f"currencyID is {currency or 'leeg'}; verwacht EUR", element)
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self._problem(path, f"'{text[:40]}' is geen bedrag", element)
            return None
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2 or abs(value) >= Decimal("1E12"):
            self._problem(
                path, f"'{text[:40]}' is geen bedrag in euro met ten hoogste twee decimalen", element
            )
            return None
        return value.quantize(_CENT)

    def _problem(self, path: str, message: str, element: etree._Element | None = None) -> None:
        found = element if element is not None or "[" in path else self._first(path)
        line = found.sourceline if found is not None else self.root.sourceline
        self.problems.append(UblProblem(f"Invoice/{path}", line, message))


def is_xml_media_type(content_type: str | None) -> bool:
    """Whether a request's Content-Type says XML (with or without a charset)."""
    return content_type is not None and content_type.split(";")[0].strip().lower() in _MEDIA_TYPES
