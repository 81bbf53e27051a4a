"""How long a placement may last and when the consultant is alerted (Flextensie kaders, werkproces 4 and 8).

A placement lasts at most `maxMonths` (6) when fewer than `longHoursFrom` (28) hours a week are expected,
else `maxMonthsLongHours` (3). Its last day is the day before the same day of the month that many months
after the start (a start on the 31st ends on the day before the last day of a shorter month). The alert
comes `alertAfterMonths` (5.5) after the start, or `alertAfterMonthsHighHours` (2.5) when more than
`highHoursAbove` (24) hours a week are expected. Half a month is half the days of the month it falls in,
rounded down.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal

from gateway.engine import dutch
from gateway.engine.explain import Line
from gateway.engine.flextensie.codes import FRAMEWORK_REFERENCE, Code
from gateway.engine.flextensie.policy import PolicyVersion

_ONE_DAY = dt.timedelta(days=1)


def shift_date(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_months(day: dt.date, months: Decimal) -> dt.date:
    """`day` plus a number of months with a fraction: the fraction of the next month's days, rounded down."""
    whole = int(months)
    base = shift_date(day, whole)
    fraction = months - whole
    if not fraction:
        return base
    span = (shift_date(day, whole + 1) - base).days
    return base + dt.timedelta(days=int((span * fraction).to_integral_value(rounding=ROUND_FLOOR)))


def maximale_duur(*, expected_hours: Decimal, version: PolicyVersion) -> tuple[int, Line]:
    """The maximum duration in months for the hours a week expected, with its explanation."""
    policy = version.policy
    long_hours = expected_hours >= policy.long_hours_from
    field = "max_months_long_hours" if long_hours else "max_months"
    value = version.value(field)
    comparison = "of meer" if long_hours else "minder"
    line = Line(
        Code.MAX_DURATION,
        None,
        FRAMEWORK_REFERENCE,
        "{} uur per week verwacht: {} dan {} uur, dus hoogstens {}",
        (expected_hours, comparison, policy.long_hours_from, value),
        parameters=(value,),
    )
    return value.whole, line


def uiterste_einddatum(*, start: dt.date, months: int) -> dt.date:
    """The last day within the maximum duration."""
    return shift_date(start, months) - _ONE_DAY


def signaaldatum(*, start: dt.date, expected_hours: Decimal, version: PolicyVersion) -> tuple[dt.date, Line]:
    """The day the 'end in sight' alert is due, with its explanation."""
    policy = version.policy
    high = expected_hours > policy.high_hours_above
    months = policy.alert_after_months_high_hours if high else policy.alert_after_months
    day = add_months(start, months)
    reason = f"meer dan {policy.high_hours_above} uur per week verwacht" if high else "de gewone termijn"
    line = Line(
        Code.ALERT_DATE,
        None,
        FRAMEWORK_REFERENCE,
        "Signaal 'einde in zicht' {} maanden na de start ({}): {}",
        (dutch.number(months), reason, day),
    )
    return day, line


def laatste_dag(*, max_end: dt.date, planned_end: dt.date | None, ended_on: dt.date | None) -> dt.date:
    """The last day hours may be written: the earliest of the maximum, the planned end and the actual end."""
    return min(day for day in (max_end, planned_end, ended_on) if day is not None)


def buiten_plaatsing(
    *, days: Iterable[tuple[dt.date, Decimal]], start: dt.date, last_day: dt.date
) -> tuple[dt.date, ...]:
    """The days with hours before the start or after the last day (such hours are refused)."""
    return tuple(sorted(day for day, hours in days if hours > 0 and not start <= day <= last_day))
