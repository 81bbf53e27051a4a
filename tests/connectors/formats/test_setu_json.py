"""JSON pay slips in SETU naming style: exact numbers, strict properties, streaming and line numbers."""

import io
import json
from decimal import Decimal
from typing import Any

import pytest

from connectors.formats import json_stream
from connectors.formats.base import Format, ParsedRow, ReadReport
from connectors.formats.detect import open_reader
from schemas.pay_record import PeriodType

SLIP: dict[str, Any] = {
    "payslipId": "JS-1",
    "bsn": "999900043",
    "periodType": "week",
    "periodStartDate": "2026-01-26",
    "periodEndDate": "2026-02-01",
    "paymentDate": "2026-02-06",
    "hoursWorked": "32.00",
    "grossWage": "470.72",
    "netWage": "443.67",
}


def read(data: bytes | str) -> tuple[ReadReport, list[ParsedRow]]:
    raw = data.encode() if isinstance(data, str) else data
    report, rows = open_reader(io.BytesIO(raw), format=Format.SETU_JSON)
    return report, list(rows)


def document(*slips: dict[str, Any]) -> str:
    return json.dumps({"documentId": "D-1", "payslips": list(slips)}, indent=2)


def test_a_pay_slip_becomes_a_record() -> None:
    report, rows = read(document(SLIP))
    record = rows[0].record
    assert record is not None
    assert not report.file_problems
    assert not report.ignored_columns
    assert record.net_wage == Decimal("443.67")
    assert record.period_type is PeriodType.WEEK
    assert rows[0].line == 4  # the line the object starts on


def test_json_numbers_are_read_exactly_never_through_float() -> None:
    slip = SLIP | {"grossWage": "@", "netWage": "@@"}
    text = document(slip).replace('"@@"', "0.29").replace('"@"', "1765.20")
    _, rows = read(text)
    record = rows[0].record
    assert record is not None
    assert record.gross_wage == Decimal("1765.20")
    assert record.net_wage == Decimal("0.29")


def test_a_bare_array_and_a_period_by_number() -> None:
    slip = {k: v for k, v in SLIP.items() if not k.startswith("period")}
    slip |= {"periodType": "fourWeeks", "periodNumber": 2, "year": 2026}
    _, rows = read(json.dumps([slip]))
    record = rows[0].record
    assert record is not None
    assert record.period_type is PeriodType.FOUR_WEEKS
    assert str(record.period_start) == "2026-01-26"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"bsn": 999900043}, [("bsn", "text_expected")]),
        ({"bsn": "999900044"}, [("bsn", "bsn_invalid")]),
        ({"netWage": True}, [("netWage", "number_expected")]),
        ({"netWage": "-1.00"}, [("netWage", "negative_amount")]),
        ({"netWage": "1.234,56"}, [("netWage", "number_format")]),
        ({"paymentDate": "06-02-2026"}, [("paymentDate", "date_format")]),
        ({"hoursWorked": None}, [("hoursWorked", "missing_value")]),
        ({"netwage": "1.00"}, [("netwage", "unknown_property")]),
        ({"periodNumber": 5.0}, [("periodNumber", "whole_number_expected")]),
        ({"grossWage": "1" * 30}, [("grossWage", "decimal_too_large")]),
    ],
)
def test_faults_name_the_property(change: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    _, rows = read(document(SLIP | change))
    assert rows[0].record is None
    assert [(p.column, p.code) for p in rows[0].problems] == expected


def test_a_property_given_twice_is_refused_rather_than_the_last_one_winning() -> None:
    text = document(SLIP).replace('"netWage": "443.67"', '"netWage": "443.67", "netWage": "4.67"')
    _, rows = read(text)
    assert [(p.column, p.code) for p in rows[0].problems] == [("netWage", "duplicate_property")]


def test_an_element_that_is_not_an_object() -> None:
    _, rows = read('{"payslips": [12, "x"]}')
    assert [[p.code for p in r.problems] for r in rows] == [["not_an_object"], ["not_an_object"]]


def test_invalid_json_stops_reading_at_its_line_after_what_came_before() -> None:
    text = document(SLIP, SLIP | {"payslipId": "JS-2"})
    broken = text[: text.rindex("}")] + ",\n  ]\n"
    report, rows = read(broken)
    assert [r.record is not None for r in rows] == [True, True]
    (problem,) = report.file_problems
    assert problem.code == "json_syntax"
    assert problem.line is not None
    assert problem.line > 20


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"documentId": "x"}', "json_shape"),
        ("[] []", "json_syntax"),
        ("42", "json_syntax"),
        ('{"payslips": [] , }', "json_syntax"),
    ],
)
def test_documents_of_the_wrong_shape(text: str, code: str) -> None:
    report, rows = read(text)
    assert rows == []
    assert [p.code for p in report.file_problems] == [code]


def test_unknown_top_level_properties_are_reported() -> None:
    report, _ = read(json.dumps({"payslips": [], "afzender": "x", "documentId": "D"}))
    assert report.ignored_columns == ["afzender"]


def test_streaming_across_small_chunks_keeps_values_and_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 7)
    slips = [SLIP | {"payslipId": f"JS-{n}", "grossWage": f"G{n}"} for n in range(30)]
    text = document(*slips)
    for n in range(30):
        text = text.replace(f'"G{n}"', f"{470 + n}.720")  # JSON numbers, split across chunks
    _, rows = read(text)
    # Each object's "{" is on the line before its payslipId.
    assert [r.line for r in rows] == [text.count("\n", 0, text.index(f'"JS-{n}"')) for n in range(30)]
    assert all(r.record is not None for r in rows)
    assert rows[29].record is not None
    assert rows[29].record.gross_wage == Decimal("499.72")


def test_utf8_bom_and_windows_1252() -> None:
    text = document(SLIP | {"payslipId": "JS-é"})
    _, rows = read(b"\xef\xbb\xbf" + text.encode())
    assert [p.code for p in rows[0].problems] == ["record_id_format"]
    _, rows = read(document(SLIP).encode("cp1252"))
    assert rows[0].record is not None
