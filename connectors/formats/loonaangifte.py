"""The payroll tax return (aangifte loonheffingen) as the Belastingdienst specifies it, read as pay records.

Every Dutch employer, so every staffing agency and its payroll system, files this XML message each
return period (a month or four weeks); its layout is public: the Belastingdienst's "Gegevensspecificaties
aangifte loonheffingen" and the XSD `Loonaangifte<year>v2.0.xsd` (namespace
`http://xml.belastingdienst.nl/schemas/Loonaangifte/<year>/01`). Per income relationship
(`InkomstenverhoudingInitieel`, numbered `NumIV`) it holds the person (`NatuurlijkPersoon/SofiNr`) and the
period's figures (`Werknemersgegevens`). One relationship in one return period is one pay record:

- the period is the return period (`DatAanvTv`–`DatEindTv`); wages count in the period they are paid in
  (genietingsmoment), so the pay date is at the latest its last day, which is what is recorded;
- gross wage `LnInGld` (loon in geld), wage tax `IngLbPh`, hours `AantVerlU` (verloonde uren), holiday
  allowance accrued `OpgRchtVakBsl`, untaxed travel allowance `Reisk`;
- the return has no net wage. Employee deductions before tax (pension premium) are what separates
  `LnInGld` plus `WrdLn` (wage in kind) from `LnLbPh`; with the employee's own Zvw contribution `BijdrZvw`
  they are the employee premiums, and net = `LnInGld` − `IngLbPh` − those premiums. Deductions after tax
  are not in the return: an agency that has them sends a pay slip export instead;
- holiday allowance paid (`VakBsl`) is in the return only gross, while the benefit needs its net part, so
  a relationship with `VakBsl` above zero is refused with that reason rather than counted as income;
- a `TijdvakCorrectie` (a correction of an earlier period in a later return) becomes a correction of
  that period's record.

The file is untrusted input: no DTD is accepted (so no entity can expand or reach out), the parser
resolves no entities and opens no network, and elements are read one relationship at a time and freed.
Every problem names the line of the element it is about and its path, as the other formats name line
and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Generator
from decimal import Decimal
from typing import Any, BinaryIO

from lxml import etree  # type: ignore[import-untyped]

from connectors.formats.base import ParsedRow, ReadReport, XmlDecoding, XmlLayout
from connectors.formats.build import build_record
from connectors.formats.fields import Field
from connectors.formats.problems import RowProblem
from connectors.formats.values import (
    CellError,
    normalise_bsn,
    parse_integer,
    parse_iso_date,
    parse_plain_decimal,
)

NAMESPACE_PREFIX = "http://xml.belastingdienst.nl/schemas/Loonaangifte/"
ROOT = "Loonaangifte"
RELATIONSHIP = "InkomstenverhoudingInitieel"
SNIFF_BYTES = 1 << 16
CHUNK = 1 << 16
ZERO = Decimal("0.00")

# Where each record field comes from, as problems name it.
WAGES = "Werknemersgegevens"
COLUMNS: dict[Field, str] = {
    Field.RECORD_ID: "NumIV",
    Field.CORRECTS: "TijdvakCorrectie",
    Field.BSN: "NatuurlijkPersoon/SofiNr",
    Field.PERIOD_TYPE: "DatAanvTv/DatEindTv",
    Field.PERIOD_NUMBER: "DatAanvTv",
    Field.YEAR: "DatAanvTv",
    Field.PERIOD_START: "DatAanvTv",
    Field.PERIOD_END: "DatEindTv",
    Field.PAY_DATE: "DatEindTv",
    Field.HOURS: f"{WAGES}/AantVerlU",
    Field.GROSS_WAGE: f"{WAGES}/LnInGld",
    Field.WAGE_TAX: f"{WAGES}/IngLbPh",
    Field.EMPLOYEE_PREMIUMS: f"{WAGES}/LnLbPh",
    Field.NET_WAGE: f"{WAGES}/LnInGld-IngLbPh",
    Field.HOLIDAY_PAY_ACCRUED: f"{WAGES}/OpgRchtVakBsl",
    Field.HOLIDAY_PAY_PAID: f"{WAGES}/VakBsl",
    Field.RESERVES_PAID: WAGES,
    Field.UNTAXED_ALLOWANCES: f"{WAGES}/Reisk",
    Field.YTD_GROSS: WAGES,
    Field.YTD_NET: WAGES,
}
REQUIRED_AMOUNTS = ("LnLbPh", "LnInGld", "IngLbPh", "AantVerlU")
OPTIONAL_AMOUNTS = ("WrdLn", "BijdrZvw", "VakBsl", "OpgRchtVakBsl", "Reisk")


@dataclasses.dataclass(slots=True)
class _Return:
    """What is known of the return while its relationships are read."""

    tax_number: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    """The return period (TijdvakAangifte)."""
    correcting: tuple[dt.date, dt.date] | None = None
    """The earlier period a TijdvakCorrectie being read corrects."""
    section: str | None = None
    pending_start: dt.date | None = None


def looks_like_xml(head: bytes) -> bool:
    """Whether a file's first bytes (after a BOM and white space) open an XML document."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<"


def read_loonaangifte(stream: BinaryIO, *, report: ReadReport) -> Generator[ParsedRow, None, None]:
    """Yield every income relationship of a payroll tax return as a record or its problems; problems of the
    file itself go to `report`."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        reason = (
            "een aangifte loonheffingen heeft geen DTD; een bestand met DOCTYPE of ENTITY wordt niet gelezen"
        )
        report.file_problems.append(RowProblem(None, None, "xml_doctype", reason))
        return
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    state = _Return()
    fault: etree.XMLSyntaxError | None = None
    while fault is None:
        chunk = stream.read(CHUNK)
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except etree.XMLSyntaxError as exc:
            # The events before the fault are still delivered below: what came before it is read.
            fault = exc
        for event, element in parser.read_events():
            if event == "start":
                if not _start(element, state, report):
                    return
                continue
            row = _end(element, state)
            if row is not None:
                yield row
        if not chunk:
            break
    if fault is not None:
        line = fault.lineno if isinstance(fault.lineno, int) else None
        reason = f"geen geldige XML ({fault.msg}); lezen gestopt"
        report.file_problems.append(RowProblem(line, None, "xml_syntax", reason))


def _start(element: Any, state: _Return, report: ReadReport) -> bool:
    name = etree.QName(element)
    if element.getparent() is None:
        if name.localname != ROOT or not (name.namespace or "").startswith(NAMESPACE_PREFIX):
            reason = f"het hoofdelement is geen {ROOT} van de Belastingdienst ({NAMESPACE_PREFIX}...)"
            report.file_problems.append(
                RowProblem(element.sourceline, name.localname, "xml_not_a_return", reason)
            )
            return False
        docinfo = element.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            # A DTD further down than the first bytes: refused all the same (the parser expands nothing).
            reason = "een aangifte loonheffingen heeft geen DTD; een bestand met DOCTYPE wordt niet gelezen"
            report.file_problems.append(RowProblem(element.sourceline, None, "xml_doctype", reason))
            return False
        encoding = (docinfo.encoding or "UTF-8").upper()
        report.layout = XmlLayout(XmlDecoding(encoding))
        report.labels, report.place = dict(COLUMNS), "element"
    if name.localname in ("TijdvakAangifte", "TijdvakCorrectie"):
        state.section = name.localname
        state.correcting = None
    return True


def _end(element: Any, state: _Return) -> ParsedRow | None:
    local = etree.QName(element).localname
    parent = element.getparent()
    # Only the period of the return or of a correction: a saldo of a corrected period has dates too.
    in_period = parent is not None and etree.QName(parent).localname in (
        "TijdvakAangifte",
        "TijdvakCorrectie",
    )
    row = None
    if local == "LhNr":
        state.tax_number = (element.text or "").strip()
    elif local == "DatAanvTv" and in_period:
        state.pending_start = _date_or_none(element)
    elif local == "DatEindTv" and in_period and state.pending_start is not None:
        end = _date_or_none(element)
        if end is not None:
            if state.section == "TijdvakCorrectie":
                state.correcting = (state.pending_start, end)
            else:
                state.period = (state.pending_start, end)
    elif local == RELATIONSHIP:
        row = _relationship(element, state)
        # Free what was read: one relationship at a time is in memory, however large the return.
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return row


def _date_or_none(element: Any) -> dt.date | None:
    try:
        return parse_iso_date(element.text or "")
    except CellError:
        return None


def _relationship(element: Any, state: _Return) -> ParsedRow:
    line = int(element.sourceline or 0)
    raw = etree.tostring(element, encoding="unicode", with_tail=False)
    problems: list[RowProblem] = []
    values: dict[Field, Any] = {}
    failed: set[Field] = set()

    def child(path: str) -> Any:
        return element.find(path, namespaces={"la": etree.QName(element).namespace or ""})

    number = child("la:NumIV")
    bsn = child("la:NatuurlijkPersoon/la:SofiNr")
    numiv: int | None = None
    for node, label in ((number, "NumIV"), (bsn, "NatuurlijkPersoon/SofiNr")):
        if node is None:
            problems.append(RowProblem(line, label, "missing_value", "verplicht element ontbreekt"))
    if number is not None:
        try:
            numiv = parse_integer(number.text or "")
        except CellError as exc:
            problems.append(_problem(number, "NumIV", exc, sensitive=False))
    if bsn is not None:
        try:
            values[Field.BSN] = normalise_bsn(bsn.text or "")
        except CellError as exc:
            failed.add(Field.BSN)
            problems.append(_problem(bsn, "NatuurlijkPersoon/SofiNr", exc, sensitive=True))

    amounts: dict[str, Decimal] = {}
    for name in (*REQUIRED_AMOUNTS, *OPTIONAL_AMOUNTS):
        node = child(f"la:{WAGES}/la:{name}")
        label = f"{WAGES}/{name}"
        if node is None:
            if name in REQUIRED_AMOUNTS:
                problems.append(RowProblem(line, label, "missing_value", "verplicht element ontbreekt"))
            else:
                amounts[name] = ZERO
            continue
        try:
            amounts[name] = parse_plain_decimal(node.text or "")
        except CellError as exc:
            problems.append(_problem(node, label, exc, sensitive=True))
    holiday = child(f"la:{WAGES}/la:VakBsl")
    if amounts.get("VakBsl", ZERO) > 0:
        reason = (
            "uitbetaalde vakantiebijslag staat in de aangifte alleen bruto; lever deze periode aan als "
            "loonstrook met het netto uitbetaalde vakantiegeld"
        )
        problems.append(
            RowProblem(int(holiday.sourceline or line), f"{WAGES}/VakBsl", "holiday_pay_gross_only", reason)
        )

    period = state.correcting if state.section == "TijdvakCorrectie" else state.period
    if period is None:
        problems.append(
            RowProblem(
                line,
                "DatAanvTv/DatEindTv",
                "period_missing",
                "het aangiftetijdvak ontbreekt of is geen datum",
            )
        )
    if not state.tax_number:
        problems.append(RowProblem(line, "LhNr", "missing_value", "het loonheffingennummer ontbreekt"))

    if period is not None and numiv is not None and state.tax_number:
        original = f"LA-{state.tax_number}-{period[0]:%Y%m%d}-{numiv}"
        if state.section == "TijdvakCorrectie" and state.period is not None:
            values[Field.CORRECTS] = original
            values[Field.RECORD_ID] = f"{original}-K{state.period[0]:%Y%m%d}"
        else:
            values[Field.RECORD_ID] = original
    else:
        failed.add(Field.RECORD_ID)
    if Field.BSN not in values:
        failed.add(Field.BSN)
    if period is not None:
        values[Field.PERIOD_START], values[Field.PERIOD_END] = period
        values[Field.PAY_DATE] = period[1]
    if all(name in amounts for name in REQUIRED_AMOUNTS):
        before_tax = max(amounts["LnInGld"] + amounts["WrdLn"] - amounts["LnLbPh"], ZERO)
        premiums = before_tax + amounts["BijdrZvw"]
        values[Field.HOURS] = amounts["AantVerlU"]
        values[Field.GROSS_WAGE] = amounts["LnInGld"]
        values[Field.WAGE_TAX] = amounts["IngLbPh"]
        values[Field.EMPLOYEE_PREMIUMS] = premiums
        values[Field.NET_WAGE] = amounts["LnInGld"] - amounts["IngLbPh"] - premiums
        values[Field.HOLIDAY_PAY_ACCRUED] = amounts["OpgRchtVakBsl"]
        values[Field.UNTAXED_ALLOWANCES] = amounts["Reisk"]
    else:
        failed |= {Field.HOURS, Field.GROSS_WAGE, Field.WAGE_TAX, Field.NET_WAGE}

    if period is None:
        failed |= {Field.PERIOD_START, Field.PERIOD_END, Field.PAY_DATE}
    present = frozenset({Field.PERIOD_START, Field.PERIOD_END})
    record = build_record(
        line=line, values=values, columns=COLUMNS, present=present, failed=failed, problems=problems
    )
    shown = tuple(dataclasses.replace(p, place="element") for p in problems)
    return ParsedRow(line, raw, None if shown else record, shown)


def _problem(node: Any, label: str, exc: CellError, *, sensitive: bool) -> RowProblem:
    return RowProblem(
        int(node.sourceline or 0), label, exc.code, exc.reason, (node.text or "").strip(), sensitive=sensitive
    )
