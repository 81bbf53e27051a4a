"""Counting days: working days (Monday to Friday), calendar days, ages, month arithmetic.

Two notions of working day: `working_days` counts Mondays to Fridays (the attribution of pay, art. 32,
where a four-week period must count 20), while payment days and deadlines (`next_working_day`,
`add_working_days`) also skip the Dutch public holidays: the dated rules in
`parameters/public_holidays.json` (Algemene termijnenwet art. 3), loaded once when a date first needs them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

from gateway.engine.parameters.loader import load_public_holidays
from gateway.engine.public_holidays import PublicHoliday, holiday_dates
from schemas.periods import Month

_ONE_DAY = dt.timedelta(days=1)


def calendar_days(start: dt.date, end: dt.date) -> int:
    """Days from `start` to `end`, both included (0 when `end` is before `start`)."""
    return max(0, (end - start).days + 1)


def working_days(start: dt.date, end: dt.date) -> int:
    """Mondays to Fridays from `start` to `end`, both included; public holidays are not excluded.

    Any 28 consecutive days hold exactly 20 working days, so a four-week pay period counts 20.
    """
    days = (end - start).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    return weeks * 5 + _WORKING_DAYS_IN_REST[start.weekday()][rest]


# _WORKING_DAYS_IN_REST[w][n]: Mondays to Fridays among n consecutive days starting on weekday w.
_WORKING_DAYS_IN_REST = tuple(
    tuple(sum(1 for offset in range(rest) if (first + offset) % 7 < 5) for rest in range(7))
    for first in range(7)
)


_MONTHS: dict[tuple[int, int], Month] = {}


def month_of(year: int, month: int) -> Month:
    """`Month(year, month)`, one shared object per month.

    Month is immutable, so sharing it is safe; settling builds the same few months for every record and
    line, and a shared object is cheaper than a new one and lets lookups start with an identity check.
    """
    found = _MONTHS.get((year, month))
    if found is None:
        found = _MONTHS.setdefault((year, month), Month(year, month))
    return found


_LAST_DAYS: dict[tuple[int, int], dt.date] = {}


def last_day(month: Month) -> dt.date:
    """`month.last_day`, computed once per month."""
    key = (month.year, month.month)
    found = _LAST_DAYS.get(key)
    if found is None:
        found = _LAST_DAYS.setdefault(key, month.last_day)
    return found


@cache
def _holiday_rules() -> tuple[PublicHoliday, ...]:
    # Read on first use rather than at import: most callers never ask for a payment day or deadline.
    return load_public_holidays()


@cache
def _public_holidays(year: int) -> frozenset[dt.date]:
    return holiday_dates(_holiday_rules(), year)


def public_holiday(day: dt.date) -> bool:
    """Whether `day` is a Dutch public holiday (Nieuwjaarsdag, Goede Vrijdag, Pasen, Koningsdag,
    Bevrijdingsdag in a lustrum year, Hemelvaartsdag, Pinksteren, Kerstmis; see the holiday file)."""
    return day in _public_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """A Monday to Friday that is not a Dutch public holiday."""
    return day.weekday() < 5 and not public_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it (a payment day in a
    weekend or on a public holiday moves forward, never back into the month being settled)."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day` (`day` itself when `count` is 0), skipping weekends and
    Dutch public holidays."""
    while count > 0:
        day += _ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`; someone born on 29 February turns a year older on 1 March."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; when that month is shorter, its last day."""
    target = Month(day.year, day.month).shift(months)
    last = calendar.monthrange(target.year, target.month)[1]
    return dt.date(target.year, target.month, min(day.day, last))


def months_between(first: Month, last: Month) -> tuple[Month, ...]:
    """Every month from `first` to `last`, both included."""
    start = first.year * 12 + first.month - 1
    count = last.year * 12 + last.month - 1 - start + 1
    return tuple(month_of(index // 12, index % 12 + 1) for index in range(start, start + max(0, count)))


def month_index(month: Month) -> int:
    """A month as a running number, so that month differences are plain subtraction."""
    return month.year * 12 + month.month - 1
