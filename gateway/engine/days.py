"""Counting days: working days (Monday to Friday), calendar days, ages, month arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt

from schemas.periods import Month

_ONE_DAY = dt.timedelta(days=1)


def calendar_days(start: dt.date, end: dt.date) -> int:
    """Days from `start` to `end`, both included (0 when `end` is before `start`)."""
    return max(0, (end - start).days + 1)


def working_days(start: dt.date, end: dt.date) -> int:
    """Mondays to Fridays from `start` to `end`, both included; public holidays are not excluded.

    Any 28 consecutive days hold exactly 20 working days, so a four-week pay period counts 20.
    """
    days = calendar_days(start, end)
    weeks, rest = divmod(days, 7)
    return weeks * 5 + _WORKING_DAYS_IN_REST[start.weekday()][rest]


# _WORKING_DAYS_IN_REST[w][n]: Mondays to Fridays among n consecutive days starting on weekday w.
_WORKING_DAYS_IN_REST = tuple(
    tuple(sum(1 for offset in range(rest) if (first + offset) % 7 < 5) for rest in range(7))
    for first in range(7)
)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a Monday to Friday, else the Monday after."""
    while day.weekday() >= 5:
        day += _ONE_DAY
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
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return tuple(first.shift(offset) for offset in range(max(0, count)))


def month_index(month: Month) -> int:
    """A month as a running number, so that month differences are plain subtraction."""
    return month.year * 12 + month.month - 1
