"""Settling a row's pay period from its dates, or from period type, number and year.

Numbering rules (docs/import-formats.md):
- week n of year j is ISO week j-Wnn, Monday to Sunday; j is the ISO week-year.
- four-week period n (1..13) of year j is ISO weeks 4n-3 to 4n of j: 28 days from the Monday of week 4n-3.
  In a year with 53 ISO weeks, period 14 is the one remaining week, week 53; it is imported as a week
  record, because the payroll tax rules pay that week with the week table (a 5-week 13th period cannot be
  a four-week record and is refused).
- month n of year j is the calendar month j-nn.
Without a type, a whole calendar month is a month (also February 1-28), otherwise 7 days make a week and
28 days four weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connectors.formats.values import CellError
from schemas.pay_record import PeriodType
from schemas.periods import IsoWeek, Month

FOUR_WEEK_PERIODS = 13


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved pay period."""

    period_type: PeriodType
    start: dt.date
    end: dt.date
    number: int | None


def period_from_number(period_type: PeriodType, number: int, year: int) -> Period:
    """The period with this number in this year, by the numbering rules above."""
    if not 1900 <= year <= 2200:
        raise CellError("year_invalid", "jaar ligt niet tussen 1900 en 2200")
    if period_type is PeriodType.WEEK:
        week = _iso_week(year, number)
        return Period(PeriodType.WEEK, week.monday, week.sunday, number)
    if period_type is PeriodType.MONTH:
        if not 1 <= number <= 12:
            raise CellError("period_number_invalid", "een maandnummer ligt tussen 1 en 12")
        month = Month(year, number)
        return Period(PeriodType.MONTH, month.first_day, month.last_day, number)
    if number == FOUR_WEEK_PERIODS + 1:
        week = _iso_week(year, 53)
        return Period(PeriodType.WEEK, week.monday, week.sunday, 53)
    if not 1 <= number <= FOUR_WEEK_PERIODS:
        raise CellError("period_number_invalid", "een vierwekenperiode ligt tussen 1 en 13 (14: week 53)")
    first = IsoWeek(year, 4 * number - 3)
    last = IsoWeek(year, 4 * number)
    return Period(PeriodType.FOUR_WEEKS, first.monday, last.sunday, number)


def _iso_week(year: int, week: int) -> IsoWeek:
    if not 1 <= week <= 53:
        raise CellError("period_number_invalid", "een weeknummer ligt tussen 1 en 53")
    try:
        return IsoWeek(year, week)
    except ValueError:
        raise CellError("period_number_invalid", "dit jaar heeft geen week 53") from None


def period_type_from_dates(start: dt.date, end: dt.date) -> PeriodType:
    """The period type that dates without a stated type describe."""
    month = Month.of(start)
    # A whole calendar month is a month, also a February of 28 days: monthly pay is common, a four-week
    # period that happens to be 1-28 February is rare and can say so in its period type column.
    if start == month.first_day and end == month.last_day:
        return PeriodType.MONTH
    days = (end - start).days + 1
    if days == 7:
        return PeriodType.WEEK
    if days == 28:
        return PeriodType.FOUR_WEEKS
    raise CellError(
        "period_length",
        "begin- en einddatum vormen geen week (7 dagen), vier weken (28 dagen) of kalendermaand",
    )
