"""Calendar periods: ISO weeks and calendar months, written as `2026-W05` and `2026-01`."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

# Years from 1000: a calendar date has no year 0, and a month or week a year before stays a real date.
_MONTH = re.compile(r"^([1-9]\d{3})-(0[1-9]|1[0-2])$")
_WEEK = re.compile(r"^([1-9]\d{3})-W(0[1-9]|[1-4]\d|5[0-3])$")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read `YYYY-MM`."""
        match = _MONTH.match(text)
        if not match:
            raise ValueError(f"'{text}' is geen maand (JJJJ-MM)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """The month that contains `day`."""
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the month."""
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Month:
        """The month `months` later (or earlier when negative)."""
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _text_schema(cls)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": _MONTH.pattern, "examples": ["2026-01"]}


@dataclass(frozen=True, order=True, slots=True)
class IsoWeek:
    """An ISO 8601 week (Monday to Sunday; week 1 holds the year's first Thursday)."""

    year: int
    week: int

    def __post_init__(self) -> None:
        # Raises for week 53 in a year that has only 52.
        dt.date.fromisocalendar(self.year, self.week, 1)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read `YYYY-Www`."""
        match = _WEEK.match(text)
        if not match:
            raise ValueError(f"'{text}' is geen ISO-week (JJJJ-Wnn)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        """The ISO week that contains `day`."""
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def monday(self) -> dt.date:
        """The Monday that starts the week."""
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        """The Sunday that ends the week."""
        return dt.date.fromisocalendar(self.year, self.week, 7)

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _text_schema(cls)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": _WEEK.pattern, "examples": ["2026-W05"]}


def _text_schema(cls: type[Month] | type[IsoWeek]) -> core_schema.CoreSchema:
    def parse(value: Any) -> Month | IsoWeek:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise PydanticCustomError("period_type", "Verwacht tekst zoals 2026-01 of 2026-W05.")
        try:
            return cls.parse(value)
        except ValueError as exc:
            raise PydanticCustomError("period_format", str(exc)) from None

    return core_schema.no_info_plain_validator_function(
        parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
    )
