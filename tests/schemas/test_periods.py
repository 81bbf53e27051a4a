"""Months and ISO weeks."""

import datetime as dt

import pytest

from schemas.periods import IsoWeek, Month


def test_iso_week_of_a_year_boundary() -> None:
    # 2026-12-31 is a Thursday: it belongs to 2026-W53; 2027-01-01 belongs to 2026-W53 too.
    assert str(IsoWeek.of(dt.date(2026, 12, 31))) == "2026-W53"
    assert str(IsoWeek.of(dt.date(2027, 1, 1))) == "2026-W53"
    assert IsoWeek.parse("2026-W53").sunday == dt.date(2027, 1, 3)


def test_week_53_in_a_52_week_year_is_refused() -> None:
    with pytest.raises(ValueError, match="week"):
        IsoWeek.parse("2025-W53")


def test_month_arithmetic_and_bounds() -> None:
    assert Month.parse("2026-11").shift(3) == Month(2027, 2)
    assert Month(2026, 1).shift(-1) == Month(2025, 12)
    assert Month(2028, 2).last_day == dt.date(2028, 2, 29)
    with pytest.raises(ValueError, match="maand"):
        Month.parse("2026-13")
