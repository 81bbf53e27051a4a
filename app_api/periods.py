"""Path parameters for periods (`2026-W05`, `2026-01`) and today's date where the workers live."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Path, Request

from app_api.context import app_context
from gateway.web.errors import InvalidInput
from schemas.periods import IsoWeek, Month
from schemas.problems import InvalidParam

NL = ZoneInfo("Europe/Amsterdam")


async def now(request: Request) -> dt.datetime:
    """The current time (aware, UTC) by the app's clock."""
    return app_context(request).clock()


async def today(request: Request) -> dt.date:
    """The date in the Netherlands now (the benefit's months and weeks are Dutch calendar periods)."""
    return app_context(request).clock().astimezone(NL).date()


def _invalid(name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        "Controleer de periode in het pad.",
        invalid_params=[InvalidParam(name=name, code="period_format", reason=reason)],
    )


async def week_path(
    week: Annotated[str, Path(description="ISO-week, bijv. 2026-W05.", examples=["2026-W05"])],
) -> IsoWeek:
    """The ISO week in the path."""
    try:
        return IsoWeek.parse(week)
    except ValueError:
        raise _invalid("week", "Verwacht een bestaande ISO-week zoals 2026-W05.") from None


async def month_path(
    month: Annotated[str, Path(description="Kalendermaand, bijv. 2026-01.", examples=["2026-01"])],
) -> Month:
    """The calendar month in the path."""
    try:
        return Month.parse(month)
    except ValueError:
        raise _invalid("month", "Verwacht een maand zoals 2026-01.") from None


Now = Annotated[dt.datetime, Depends(now)]
Today = Annotated[dt.date, Depends(today)]
WeekPath = Annotated[IsoWeek, Depends(week_path)]
MonthPath = Annotated[Month, Depends(month_path)]
