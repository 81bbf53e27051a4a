"""Period numbering: ISO weeks, 13 four-week periods from ISO week 1, week 53, calendar months."""

import datetime as dt
import itertools

import pytest

from connectors.formats.periods import period_from_number, period_type_from_dates
from connectors.formats.values import CellError
from schemas.pay_record import PeriodType

D = dt.date


@pytest.mark.parametrize(
    ("kind", "number", "year", "expected"),
    [
        (PeriodType.WEEK, 1, 2026, (PeriodType.WEEK, D(2025, 12, 29), D(2026, 1, 4), 1)),
        (PeriodType.WEEK, 53, 2026, (PeriodType.WEEK, D(2026, 12, 28), D(2027, 1, 3), 53)),
        (PeriodType.WEEK, 52, 2025, (PeriodType.WEEK, D(2025, 12, 22), D(2025, 12, 28), 52)),
        # Four weeks: period n = ISO weeks 4n-3 .. 4n.
        (PeriodType.FOUR_WEEKS, 1, 2026, (PeriodType.FOUR_WEEKS, D(2025, 12, 29), D(2026, 1, 25), 1)),
        (PeriodType.FOUR_WEEKS, 2, 2026, (PeriodType.FOUR_WEEKS, D(2026, 1, 26), D(2026, 2, 22), 2)),
        (PeriodType.FOUR_WEEKS, 13, 2026, (PeriodType.FOUR_WEEKS, D(2026, 11, 30), D(2026, 12, 27), 13)),
        (PeriodType.FOUR_WEEKS, 1, 2025, (PeriodType.FOUR_WEEKS, D(2024, 12, 30), D(2025, 1, 26), 1)),
        # Period 14 in a 53-week year is the remaining week 53, paid as a week.
        (PeriodType.FOUR_WEEKS, 14, 2026, (PeriodType.WEEK, D(2026, 12, 28), D(2027, 1, 3), 53)),
        (PeriodType.MONTH, 2, 2028, (PeriodType.MONTH, D(2028, 2, 1), D(2028, 2, 29), 2)),
        (PeriodType.MONTH, 12, 2026, (PeriodType.MONTH, D(2026, 12, 1), D(2026, 12, 31), 12)),
    ],
)
def test_numbered_periods(
    kind: PeriodType, number: int, year: int, expected: tuple[PeriodType, dt.date, dt.date, int]
) -> None:
    period = period_from_number(kind, number, year)
    assert (period.period_type, period.start, period.end, period.number) == expected


def test_every_four_week_period_is_28_days_and_they_tile_the_iso_year() -> None:
    for year in (2020, 2025, 2026, 2027):
        periods = [period_from_number(PeriodType.FOUR_WEEKS, n, year) for n in range(1, 14)]
        assert periods[0].start == dt.date.fromisocalendar(year, 1, 1)
        assert all((p.end - p.start).days == 27 for p in periods)
        assert all(a.end + dt.timedelta(days=1) == b.start for a, b in itertools.pairwise(periods))


@pytest.mark.parametrize(
    ("kind", "number", "year"),
    [
        (PeriodType.WEEK, 53, 2025),  # 2025 has 52 ISO weeks
        (PeriodType.WEEK, 0, 2026),
        (PeriodType.WEEK, 54, 2026),
        (PeriodType.FOUR_WEEKS, 14, 2025),
        (PeriodType.FOUR_WEEKS, 15, 2026),
        (PeriodType.FOUR_WEEKS, 0, 2026),
        (PeriodType.MONTH, 13, 2026),
    ],
)
def test_numbers_outside_the_year_are_refused(kind: PeriodType, number: int, year: int) -> None:
    with pytest.raises(CellError) as caught:
        period_from_number(kind, number, year)
    assert caught.value.code == "period_number_invalid"


def test_implausible_year() -> None:
    with pytest.raises(CellError) as caught:
        period_from_number(PeriodType.WEEK, 1, 26)
    assert caught.value.code == "year_invalid"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 1, 5), D(2026, 1, 11), PeriodType.WEEK),
        (D(2026, 1, 7), D(2026, 1, 13), PeriodType.WEEK),
        (D(2025, 12, 29), D(2026, 1, 25), PeriodType.FOUR_WEEKS),
        (D(2026, 2, 2), D(2026, 3, 1), PeriodType.FOUR_WEEKS),
        (D(2026, 2, 1), D(2026, 2, 28), PeriodType.MONTH),  # a whole month, though also 28 days
        (D(2028, 2, 1), D(2028, 2, 29), PeriodType.MONTH),
        (D(2026, 1, 1), D(2026, 1, 31), PeriodType.MONTH),
    ],
)
def test_type_from_dates(start: dt.date, end: dt.date, expected: PeriodType) -> None:
    assert period_type_from_dates(start, end) is expected


def test_dates_of_no_known_length() -> None:
    with pytest.raises(CellError) as caught:
        period_type_from_dates(D(2026, 1, 5), D(2026, 1, 14))
    assert caught.value.code == "period_length"
