"""Reading single cells: amounts in both notations, dates, BSN, period types."""

import datetime as dt
from decimal import Decimal

import pytest

from connectors.formats.values import (
    CellError,
    DecimalMark,
    normalise_bsn,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_iso_date,
    parse_period_type,
    parse_plain_decimal,
)
from schemas.pay_record import PeriodType

COMMA, POINT = DecimalMark.COMMA, DecimalMark.POINT


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("1.234,56", COMMA, "1234.56"),
        ("1234,56", COMMA, "1234.56"),
        ("12.345.678,9", COMMA, "12345678.9"),
        ("-12,50", COMMA, "-12.50"),
        ("€ 1.234,56", COMMA, "1234.56"),
        (" 38 ", COMMA, "38"),
        ("1.234", COMMA, "1234"),
        ("1,234.56", POINT, "1234.56"),
        ("1234.56", POINT, "1234.56"),
        ("1,234", POINT, "1234"),
        ("0.005", POINT, "0.005"),
    ],
)
def test_amounts_in_the_file_notation(text: str, mark: DecimalMark, expected: str) -> None:
    assert parse_decimal(text, mark) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("12.50", COMMA),  # a point in a decimal-comma file is only a thousands separator
        ("1.23,4", COMMA),
        ("12,50", POINT),
        ("1,234,5", POINT),
        ("1 234,56", COMMA),
        ("12,5.0", COMMA),
        ("1e5", POINT),
        ("NaN", POINT),
        ("", COMMA),
        ("--1", COMMA),
        ("١٢", POINT),  # Arabic-Indic digits: Decimal would accept them, a payroll file has none
        ("9" * 41, POINT),
    ],
)
def test_anything_else_is_refused_not_guessed(text: str, mark: DecimalMark) -> None:
    with pytest.raises(CellError) as caught:
        parse_decimal(text, mark)
    assert caught.value.code == "number_format"
    assert text.strip() not in caught.value.reason or not text.strip()


def test_plain_decimal_for_json_text() -> None:
    assert parse_plain_decimal("1234.56") == Decimal("1234.56")
    for bad in ("1,234.56", "1.234,56", "12,5", "1e3", ""):
        with pytest.raises(CellError):
            parse_plain_decimal(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05-01-2026", dt.date(2026, 1, 5)),
        ("5-1-2026", dt.date(2026, 1, 5)),
        ("2026-01-05", dt.date(2026, 1, 5)),
        ("29-02-2028", dt.date(2028, 2, 29)),
    ],
)
def test_dates_dutch_and_iso(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31-02-2026", "date_invalid"),
        ("2026-13-01", "date_invalid"),
        ("05/01/2026", "date_format"),
        ("01-05-26", "date_format"),
        ("2026-1-5", "date_format"),
        ("5 januari 2026", "date_format"),
    ],
)
def test_wrong_dates(text: str, code: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(text)
    assert caught.value.code == code


def test_json_dates_are_iso_only() -> None:
    assert parse_iso_date("2026-01-05") == dt.date(2026, 1, 5)
    with pytest.raises(CellError):
        parse_iso_date("05-01-2026")


def test_bsn_keeps_nine_digits_and_restores_a_dropped_leading_zero() -> None:
    assert normalise_bsn(" 999900006 ") == "999900006"
    assert normalise_bsn("12345672") == "012345672"
    for bad in ("9999 00006", "9999000", "9999000061", "99990000x", "99990000²"):
        with pytest.raises(CellError) as caught:
            normalise_bsn(bad)
        assert caught.value.code == "bsn_invalid"
        assert bad not in caught.value.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("week", PeriodType.WEEK),
        ("W", PeriodType.WEEK),
        ("4 weken", PeriodType.FOUR_WEEKS),
        ("4  Weken", PeriodType.FOUR_WEEKS),
        ("4W", PeriodType.FOUR_WEEKS),
        ("vierweken", PeriodType.FOUR_WEEKS),
        ("fourWeeks", PeriodType.FOUR_WEEKS),
        ("Maand", PeriodType.MONTH),
        ("M", PeriodType.MONTH),
    ],
)
def test_period_types(text: str, expected: PeriodType) -> None:
    assert parse_period_type(text) is expected


def test_period_type_spellings_of_a_profile() -> None:
    assert parse_period_type("WK", {"wk": PeriodType.WEEK}) is PeriodType.WEEK
    with pytest.raises(CellError) as caught:
        parse_period_type("dag")
    assert caught.value.code == "period_type_unknown"


def test_integers() -> None:
    assert parse_integer(" 13 ") == 13
    for bad in ("1.5", "-1", "", "x", "1234567"):
        with pytest.raises(CellError):
            parse_integer(bad)
