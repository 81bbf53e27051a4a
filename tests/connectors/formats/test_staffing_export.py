"""The staffing payroll export: periods by type, number and year, including four-week periods."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from connectors.formats.base import Format, ParsedRow, ReadReport
from connectors.formats.detect import open_reader
from schemas.pay_record import PeriodType

HEADER = (
    "Strooknummer;Personeelsnummer;BSN;Tijdvak;Jaar;Periode;Betaaldatum;Uren gewerkt;Bruto loon;"
    "Loonheffing;Premies werknemer;Netto loon;Vakantiegeld opgebouwd;Vakantiegeld uitbetaald;"
    "Reserveringen uitbetaald;Onbelaste vergoedingen"
)


def row(kind: str, year: str, number: str, slip: str = "UL-1") -> str:
    return (
        f"{slip};40017;999900092;{kind};{year};{number};30-01-2026;128,00;1.882,88;98,12;22,59;"
        "1.762,17;150,63;10,00;81,50;36,40"
    )


def read(*lines: str) -> tuple[ReadReport, list[ParsedRow]]:
    data = ("\n".join(lines) + "\n").encode()
    report, rows = open_reader(io.BytesIO(data), format=Format.STAFFING)
    return report, list(rows)


@pytest.mark.parametrize(
    ("kind", "number", "expected"),
    [
        ("4W", "1", (PeriodType.FOUR_WEEKS, dt.date(2025, 12, 29), dt.date(2026, 1, 25), 1)),
        ("4 weken", "2", (PeriodType.FOUR_WEEKS, dt.date(2026, 1, 26), dt.date(2026, 2, 22), 2)),
        ("4W", "13", (PeriodType.FOUR_WEEKS, dt.date(2026, 11, 30), dt.date(2026, 12, 27), 13)),
        ("4W", "14", (PeriodType.WEEK, dt.date(2026, 12, 28), dt.date(2027, 1, 3), 53)),
        ("W", "2", (PeriodType.WEEK, dt.date(2026, 1, 5), dt.date(2026, 1, 11), 2)),
        ("M", "2", (PeriodType.MONTH, dt.date(2026, 2, 1), dt.date(2026, 2, 28), 2)),
    ],
)
def test_period_from_type_number_and_year(
    kind: str, number: str, expected: tuple[PeriodType, dt.date, dt.date, int]
) -> None:
    _, rows = read(HEADER, row(kind, "2026", number))
    record = rows[0].record
    assert record is not None, rows[0].problems
    assert (record.period_type, record.period_start, record.period_end, record.period_number) == expected


def test_every_amount_lands_in_its_field() -> None:
    _, rows = read(HEADER, row("4W", "2026", "1"))
    record = rows[0].record
    assert record is not None
    assert (record.hours, record.gross_wage, record.wage_tax) == (
        Decimal("128.00"),
        Decimal("1882.88"),
        Decimal("98.12"),
    )
    assert (record.employee_premiums, record.net_wage) == (Decimal("22.59"), Decimal("1762.17"))
    assert (record.holiday_pay_accrued, record.holiday_pay_paid) == (Decimal("150.63"), Decimal("10.00"))
    assert (record.reserves_paid, record.untaxed_allowances) == (Decimal("81.50"), Decimal("36.40"))


@pytest.mark.parametrize(
    ("kind", "year", "number", "code"),
    [
        ("4W", "2025", "14", "period_number_invalid"),  # 2025 has no ISO week 53
        ("4W", "2026", "0", "period_number_invalid"),
        ("W", "2025", "53", "period_number_invalid"),
        ("M", "2026", "13", "period_number_invalid"),
        ("D", "2026", "1", "period_type_unknown"),
        ("W", "26", "1", "year_invalid"),
        ("W", "2026", "1a", "whole_number_expected"),
    ],
)
def test_impossible_periods_are_named(kind: str, year: str, number: str, code: str) -> None:
    _, rows = read(HEADER, row(kind, year, number))
    assert rows[0].record is None
    assert [p.code for p in rows[0].problems] == [code]
    assert rows[0].problems[0].column is not None


def test_an_empty_period_cell() -> None:
    _, rows = read(HEADER, row("4W", "", "3"))
    assert [(p.column, p.code) for p in rows[0].problems] == [("Jaar", "missing_value")]


def test_a_missing_period_column_refuses_the_file() -> None:
    report, rows = read(HEADER.replace(";Jaar", ""), row("4W", "2026", "1").replace(";2026", "", 1))
    assert rows == []
    assert [(p.column, p.code) for p in report.file_problems] == [("Jaar", "column_missing")]


def test_the_employee_number_is_not_read_and_is_reported() -> None:
    report, _ = read(HEADER, row("W", "2026", "3"))
    assert report.ignored_columns == ["Personeelsnummer"]
