"""Pay slips as JSON in the naming style of the SETU standards: camelCase properties, ISO 8601 dates.

Layout (docs/import-formats.md): `{"payslips": [{...}, ...]}` or a bare array of pay slips. Amounts are
JSON strings ("1234.56") or numbers, read exactly as written (never through float).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator
from decimal import Decimal
from typing import Any, BinaryIO

from connectors.formats import decoding
from connectors.formats.base import JsonLayout, ParsedRow, ReadReport
from connectors.formats.build import build_record
from connectors.formats.fields import Field, Kind
from connectors.formats.json_stream import Element, JsonStreamError, stream_array
from connectors.formats.problems import RowProblem
from connectors.formats.values import (
    CellError,
    normalise_bsn,
    parse_integer,
    parse_iso_date,
    parse_period_type,
    parse_plain_decimal,
)

ARRAY_KEY = "payslips"
PROBLEMS_KEY = "loonbrugProblemen"
"""Property the quarantine file adds to each refused pay slip; ignored when that file is imported again."""

PROPERTIES: dict[str, Field] = {
    "payslipId": Field.RECORD_ID,
    "correctsPayslipId": Field.CORRECTS,
    "bsn": Field.BSN,
    "periodType": Field.PERIOD_TYPE,
    "periodNumber": Field.PERIOD_NUMBER,
    "year": Field.YEAR,
    "periodStartDate": Field.PERIOD_START,
    "periodEndDate": Field.PERIOD_END,
    "paymentDate": Field.PAY_DATE,
    "hoursWorked": Field.HOURS,
    "grossWage": Field.GROSS_WAGE,
    "wageTax": Field.WAGE_TAX,
    "employeePremiums": Field.EMPLOYEE_PREMIUMS,
    "netWage": Field.NET_WAGE,
    "holidayAllowanceAccrued": Field.HOLIDAY_PAY_ACCRUED,
    "holidayAllowancePaid": Field.HOLIDAY_PAY_PAID,
    "reservationsPaid": Field.RESERVES_PAID,
    "untaxedAllowances": Field.UNTAXED_ALLOWANCES,
    "yearToDateGrossWage": Field.YTD_GROSS,
    "yearToDateNetWage": Field.YTD_NET,
}
DOCUMENT_PROPERTIES = frozenset({"documentId", "creationDateTime", "sender"})
"""Top-level properties that describe the file; read and not needed."""

_NAMES = {f: name for name, f in PROPERTIES.items()}


def read_setu_json(
    stream: BinaryIO, *, report: ReadReport, encoding: decoding.Encoding | None = None
) -> Generator[ParsedRow, None, None]:
    """Yield every pay slip of a JSON file as a record or its problems; file problems go to `report`."""
    found = decoding.detect(stream, encoding)
    if isinstance(found, RowProblem):
        report.file_problems.append(found)
        return
    report.layout = JsonLayout(found)
    report.labels = dict(_NAMES)
    text = decoding.open_text(stream, found)
    header: dict[str, Any] = {}
    try:
        for element in stream_array(text, ARRAY_KEY, header):
            yield _parse_element(element)
    except JsonStreamError as exc:
        report.file_problems.append(RowProblem(exc.line, None, exc.code, f"{exc.reason}; lezen gestopt"))
    finally:
        if not text.closed:
            text.detach()
    report.ignored_columns.extend(k for k in header if k not in DOCUMENT_PROPERTIES)


def _parse_element(element: Element) -> ParsedRow:
    line, value = element.line, element.value
    if not isinstance(value, dict):
        problem = RowProblem(line, None, "not_an_object", "een loonstrook moet een JSON-object zijn")
        return ParsedRow(line, element.text, None, (problem,))
    problems = [
        RowProblem(line, key, "duplicate_property", "eigenschap komt twee keer voor")
        for key in getattr(value, "duplicate_keys", ())
    ]
    values: dict[Field, Any] = {}
    failed: set[Field] = set()
    for key, item in value.items():
        field = PROPERTIES.get(key)
        if field is None:
            if key != PROBLEMS_KEY:
                problems.append(RowProblem(line, key, "unknown_property", "onbekende eigenschap"))
            continue
        if item is None:
            continue
        try:
            values[field] = _READERS[field.kind](item)
        except CellError as exc:
            failed.add(field)
            shown = item if isinstance(item, str) else json.dumps(item, default=str)
            problems.append(RowProblem(line, key, exc.code, exc.reason, shown, sensitive=field.sensitive))
    present = frozenset(PROPERTIES[k] for k in value if k in PROPERTIES and value[k] is not None)
    record = build_record(
        line=line, values=values, columns=_NAMES, present=present, failed=failed, problems=problems
    )
    return ParsedRow(line, element.text, None if problems else record, tuple(problems))


def _text(item: Any) -> str:
    if not isinstance(item, str):
        raise CellError("text_expected", "moet tekst zijn")
    return item.strip()


def _bsn(item: Any) -> str:
    # A BSN as a JSON number would have lost any leading zero; it must be text.
    return normalise_bsn(_text(item))


def _number(item: Any) -> Decimal:
    if isinstance(item, bool):
        raise CellError("number_expected", "moet een getal zijn, geen ja/nee-waarde")
    if isinstance(item, Decimal | int):
        return Decimal(item)
    if isinstance(item, str):
        return parse_plain_decimal(item)
    raise CellError("number_expected", "moet een getal zijn")


def _integer(item: Any) -> int:
    if isinstance(item, int) and not isinstance(item, bool):
        return item
    if isinstance(item, str):
        return parse_integer(item)
    raise CellError("whole_number_expected", "moet een geheel getal zijn")


_READERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: _text,
    Kind.BSN: _bsn,
    Kind.DATE: lambda item: parse_iso_date(_text(item)),
    Kind.MONEY: _number,
    Kind.HOURS: _number,
    Kind.INTEGER: _integer,
    Kind.PERIOD_TYPE: lambda item: parse_period_type(_text(item)),
}
