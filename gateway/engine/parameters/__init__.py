"""Dated parameters: every legal amount, percentage, cap and age the engine uses, looked up by date.

The values live in the JSON files next to this module and are read by `loader`; this module only holds
them and answers lookups, so it does no I/O. A value holds from its `valid_from` (always the first of a
month, so one month never has two values) to its `valid_to`. After the last `valid_to` a series has no
confirmed value: a lookup then returns the last known value marked `confirmed=False` with a note, and
every result that uses it says so. Nothing is invented.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar, cast

from gateway.engine import dutch
from gateway.engine.errors import ParameterError
from schemas.periods import Month

T = TypeVar("T")
_MISSING = object()


class Kind(StrEnum):
    """What a parameter's number means."""

    MONEY = "money"
    RATE = "rate"
    MONTHS = "months"
    YEARS = "years"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One dated value of one parameter, with where it comes from."""

    key: str
    label: str
    kind: Kind
    number: Decimal
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool
    source_url: str
    article: str
    note: str | None = None

    @property
    def whole(self) -> int:
        """The value as a whole number (months, years)."""
        return int(self.number)

    @property
    def flag(self) -> bool:
        """The value as yes/no."""
        return self.number != 0

    @property
    def display(self) -> str:
        """The value as a person reads it: `1.401,50`, `25%`, `67 jaar en 3 maanden`, `ja`."""
        return display_value(self.kind, self.number)


def display_value(kind: Kind, number: Decimal) -> str:
    """Dutch notation of a parameter value."""
    if kind is Kind.MONEY:
        return dutch.amount(number)
    if kind is Kind.RATE:
        return f"{dutch.number(number * 100)}%"
    if kind is Kind.MONTHS:
        years, months = divmod(int(number), 12)
        spelled_months = dutch.count(months, "maand", "maanden")
        if years and months:
            return f"{years} jaar en {spelled_months}"
        return f"{years} jaar" if years else spelled_months
    if kind is Kind.YEARS:
        return f"{int(number)} jaar"
    return "ja" if number else "nee"


@dataclass(frozen=True, slots=True)
class Series:
    """All dated values of one parameter, earliest first, contiguous."""

    key: str
    values: tuple[ParameterValue, ...]
    _starts: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)
    _beyond: ParameterValue | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(value.valid_from for value in self.values))
        last = self.values[-1]
        beyond = None
        if last.valid_to is not None:
            beyond = replace(
                last,
                confirmed=False,
                note=f"na {last.valid_to.isoformat()} nog niet vastgesteld; laatst bekende waarde gebruikt",
            )
        object.__setattr__(self, "_beyond", beyond)

    def at(self, day: dt.date) -> ParameterValue:
        """The value on `day`; past the last `valid_to` the last value, marked unconfirmed."""
        index = bisect.bisect_right(self._starts, day) - 1
        if index < 0:
            raise ParameterError(f"parameter {self.key} heeft geen waarde vóór {self.values[0].valid_from}")
        value = self.values[index]
        if value.valid_to is not None and day > value.valid_to and self._beyond is not None:
            return self._beyond
        return value


class ParameterSet:
    """Every parameter series, with lookups by date.

    Values only change on the first of a month, so the values of a month are looked up once and kept;
    `memo` keeps other answers that depend only on the parameters (such as a birth date's pensionable
    age). Both only remember answers to pure lookups, so results never depend on call order.
    """

    __slots__ = ("_last", "_memo", "_months", "_series")

    def __init__(self, series: Mapping[str, Series]) -> None:
        self._series = dict(series)
        self._months: dict[Month, dict[str, ParameterValue]] = {}
        self._memo: dict[Hashable, object] = {}
        # The month asked last and its values, as one tuple so that a thread never sees half of it.
        self._last: tuple[Month | None, dict[str, ParameterValue]] = (None, {})

    def series(self, key: str) -> Series:
        """The whole dated series of `key`."""
        try:
            return self._series[key]
        except KeyError:
            raise ParameterError(f"onbekende parameter {key}") from None

    def at(self, key: str, day: dt.date) -> ParameterValue:
        """The value of `key` on `day`."""
        return self.series(key).at(day)

    def for_month(self, key: str, month: Month) -> ParameterValue:
        """The value of `key` in `month`."""
        last_month, values = self._last
        if last_month is not month:
            found = self._months.get(month)
            if found is None:
                first = month.first_day
                found = {name: series.at(first) for name, series in self._series.items()}
                self._months[month] = found
            values = found
            self._last = (month, found)
        try:
            return values[key]
        except KeyError:
            raise ParameterError(f"onbekende parameter {key}") from None

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, remembered under `key`; only for answers that depend on the parameters alone."""
        found = self._memo.get(key, _MISSING)
        if found is not _MISSING:
            return cast(T, found)
        value = compute()
        self._memo[key] = value
        return value

    @property
    def keys(self) -> frozenset[str]:
        """The names of all series."""
        return frozenset(self._series)
