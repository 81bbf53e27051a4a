"""A page of weeks joined from each summary's rendered JSON is byte for byte what FastAPI renders for the
same `Page[WeekSummary]` (the route's response model)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.utils import create_model_field

from app_api.pagination import Page, Paging
from app_api.weeks.rendering import CachedSummary, page_json
from app_api.weeks.schemas import WeekSummary
from schemas.periods import IsoWeek, Month


def _summary(number: int) -> WeekSummary:
    week = IsoWeek.parse(f"2026-W{number:02d}")
    late = number % 3 == 0
    return WeekSummary.model_construct(
        week=week,
        month=Month.parse("2026-01"),
        version=number,
        computed_at=dt.datetime(2026, 1, number, 12, 30, 5, 123456, tzinfo=dt.UTC),
        hours=Decimal("24.50"),
        gross=Decimal("390.00"),
        net=Decimal(f"355.{number:02d}"),
        payout=Decimal("1200.10"),
        expected_difference=Decimal("-12.30") if number % 2 else Decimal("0.00"),
        payout_date=dt.date(2026, 2, 1),
        missing_periods=1 if late else 0,
        missing_from=dt.date(2026, 1, 20) if late else None,
        missing_late=late,
        running=number == 1,
        unconfirmed=number % 4 == 0,
    )


def _fastapi_json(page: Page[WeekSummary]) -> bytes:
    """How FastAPI renders a route's return value with `response_model=Page[WeekSummary]`."""
    field = create_model_field(name="Response", type_=Page[WeekSummary], mode="serialization")
    value, errors = field.validate(page, {}, loc=("response",))
    assert not errors
    return field.serialize_json(value, by_alias=True)


@pytest.mark.parametrize(
    ("count", "page", "page_size"),
    [(0, 1, 20), (5, 1, 20), (21, 1, 20), (4, 2, 3), (3, 3, 3), (1, 1, 1), (2, 1, 1)],
)
def test_a_joined_page_is_what_fastapi_renders(count: int, page: int, page_size: int) -> None:
    summaries = [_summary(number) for number in range(1, count + 1)]
    paging = Paging(page=page, page_size=page_size)

    joined = page_json([CachedSummary.of(summary) for summary in summaries], paging)

    assert joined == _fastapi_json(Page[WeekSummary].of(summaries, paging))
