"""Rule 2, attribution (toerekening): which month, and which ISO week, a pay record's income belongs to.

Participatiewet art. 32: income from work belongs to the month in which the work was done. A pay period
spanning months is split in proportion to its working days (Monday to Friday) in each month; a
four-week period always counts 20. A municipality may choose calendar days or the pay date instead
(policy `attribution`). Days before the benefit starts, or after it ends, do not count: the share of the
start (or end) month is split once more, in proportion to the days outside and inside the benefit.
Money is divided by `rounding.allocate`, so the parts of a record add up exactly to the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from gateway.engine.days import calendar_days, month_of, working_days
from gateway.engine.rounding import ZERO, allocate
from schemas.figures import AttributionRule
from schemas.periods import IsoWeek, Month

REFERENCE = "art. 32 Participatiewet"
UNIT_NAMES = {
    AttributionRule.WORKING_DAYS: "werkdagen",
    AttributionRule.CALENDAR_DAYS: "kalenderdagen",
    AttributionRule.PAY_DATE: "betaaldatum",
}


class Part(NamedTuple):
    """The share of one record in one month."""

    month: Month
    amount: Decimal
    """What counts in `month`."""
    days: int
    """The record's days in `month` under the rule (for `pay_date`: 1 of 1)."""
    of_days: int
    """The record's days in all months under the rule."""
    excluded: Decimal
    """The share of `month` that falls before the benefit starts, or after it ends, and does not count."""
    start: dt.date
    end: dt.date
    """The record's days in `month`."""


def day_counter(rule: AttributionRule) -> Callable[[dt.date, dt.date], int]:
    """How a rule weighs a span of days: working days or calendar days (art. 32 Pw; policy)."""
    return working_days if rule is AttributionRule.WORKING_DAYS else calendar_days


def toerekening(
    *,
    amount: Decimal,
    start: dt.date,
    end: dt.date,
    pay_date: dt.date,
    rule: AttributionRule,
    benefit_start: dt.date,
    benefit_end: dt.date | None = None,
) -> tuple[Part, ...]:
    """Split `amount` of the pay period `start`..`end` over calendar months (art. 32 Pw).

    Only days from `benefit_start` up to and including `benefit_end` (open when None) count. A period
    without a single working day (not possible for the week, four-week and month periods of a pay record)
    is split by calendar days instead.
    """
    if rule is AttributionRule.PAY_DATE:
        month = month_of(pay_date.year, pay_date.month)
        if pay_date < benefit_start or (benefit_end is not None and pay_date > benefit_end):
            return (Part(month, ZERO, 1, 1, amount, pay_date, pay_date),)
        return (Part(month, amount, 1, 1, ZERO, pay_date, pay_date),)
    count = working_days if rule is AttributionRule.WORKING_DAYS else calendar_days
    if (
        start.month == end.month
        and start.year == end.year
        and start >= benefit_start
        and (benefit_end is None or end <= benefit_end)
    ):
        weight = count(start, end) or calendar_days(start, end)
        return (Part(month_of(start.year, start.month), amount, weight, weight, ZERO, start, end),)
    spans = _month_spans(start, end)
    weights = [count(span_start, span_end) for _, span_start, span_end in spans]
    total = sum(weights)
    if total == 0:
        count = calendar_days
        weights = [count(span_start, span_end) for _, span_start, span_end in spans]
        total = sum(weights)
    shares = allocate(amount, weights)
    parts = []
    for (month, span_start, span_end), weight, share in zip(spans, weights, shares, strict=True):
        if weight == 0:
            continue
        counted, excluded = share, ZERO
        inside_start = max(span_start, benefit_start)
        inside_end = span_end if benefit_end is None else min(span_end, benefit_end)
        if inside_start > span_start or inside_end < span_end:
            inside = count(inside_start, inside_end) if inside_start <= inside_end else 0
            outside = weight - inside
            if inside == 0:
                counted, excluded = ZERO, share
            elif outside:
                excluded, counted = allocate(share, (outside, inside))
        parts.append(Part(month, counted, weight, total, excluded, span_start, span_end))
    return tuple(parts)


def weekdelen(
    *, part: Part, pay_date: dt.date, rule: AttributionRule, benefit_start: dt.date, amount: Decimal
) -> tuple[tuple[IsoWeek, Decimal], ...]:
    """Split `amount`, a record's counted share of one month, over the ISO weeks of its days (art. 32 Pw).

    Same rule as for months; days before the benefit start are left out. Splitting the month's share
    (rather than the whole record) keeps every week's figures consistent with the month they belong to.
    """
    if rule is AttributionRule.PAY_DATE:
        return ((IsoWeek.of(pay_date), amount),)
    count = day_counter(rule)
    start = max(part.start, benefit_start)
    spans: list[tuple[IsoWeek, int]] = []
    day = start
    while day <= part.end:
        week = IsoWeek.of(day)
        span_end = min(part.end, day + dt.timedelta(days=6 - day.weekday()))
        spans.append((week, count(day, span_end)))
        day = span_end + _ONE_DAY
    if sum(weight for _, weight in spans) == 0:
        spans = [(week, 1) for week, _ in spans]
    shares = allocate(amount, [weight for _, weight in spans])
    return tuple(
        (week, share) for (week, _), share in zip(spans, shares, strict=True) if share or len(spans) == 1
    )


_ONE_DAY = dt.timedelta(days=1)


def _month_spans(start: dt.date, end: dt.date) -> list[tuple[Month, dt.date, dt.date]]:
    spans = []
    span_start = start
    while True:
        year, month = span_start.year, span_start.month
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        if end < following:
            spans.append((month_of(year, month), span_start, end))
            return spans
        spans.append((month_of(year, month), span_start, following - _ONE_DAY))
        span_start = following
