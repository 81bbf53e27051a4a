"""Dutch public holidays as dated rules: the days a payment day or a deadline in working days skips.

Which days count, since when and on what legal ground (Algemene termijnenwet art. 3) is data, in
`parameters/public_holidays.json`, read and checked by `parameters.loader`; this module computes the
dates, so it does no I/O. A rule is a fixed day of the year or a day counted from Easter Sunday,
optionally moved off a Sunday (Koningsdag) and optionally only in years divisible by a number
(Bevrijdingsdag in a lustrum year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dateutil.easter import easter


class SundayMove(StrEnum):
    """Where a holiday that falls on a Sunday is celebrated instead."""

    PREVIOUS_SATURDAY = "previous_saturday"
    NEXT_MONDAY = "next_monday"


_MOVES = {SundayMove.PREVIOUS_SATURDAY: dt.timedelta(days=-1), SundayMove.NEXT_MONDAY: dt.timedelta(days=1)}


@dataclass(frozen=True, slots=True)
class PublicHoliday:
    """One public holiday rule: how its date follows from the year, while it holds, and its source."""

    name: str
    month_day: tuple[int, int] | None  # None: Easter Sunday plus `easter_offset` days
    easter_offset: int
    on_sunday: SundayMove | None
    years_divisible_by: int
    valid_from: dt.date
    valid_to: dt.date | None
    source_url: str
    article: str
    note: str | None = None

    def date_in(self, year: int) -> dt.date | None:
        """The holiday's date in `year`, or None when the rule does not hold that year."""
        last_year = self.valid_to.year if self.valid_to is not None else year
        if not self.valid_from.year <= year <= last_year or year % self.years_divisible_by:
            return None
        if self.month_day is not None:
            day = dt.date(year, *self.month_day)
        else:
            day = easter(year) + dt.timedelta(days=self.easter_offset)
        if self.on_sunday is not None and day.weekday() == 6:
            day += _MOVES[self.on_sunday]
        if day < self.valid_from or (self.valid_to is not None and day > self.valid_to):
            return None
        return day


def holiday_dates(rules: Iterable[PublicHoliday], year: int) -> frozenset[dt.date]:
    """Every public holiday in `year`."""
    return frozenset(day for rule in rules if (day := rule.date_in(year)) is not None)
