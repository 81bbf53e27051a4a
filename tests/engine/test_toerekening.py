"""Rule 2, attribution of income to months and weeks (Participatiewet art. 32): golden table and the
conservation of money to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.engine.days import working_days
from gateway.engine.rounding import allocate
from gateway.engine.rules.toerekening import toerekening, weekdelen
from schemas.figures import AttributionRule
from schemas.periods import IsoWeek, Month

W, C, P = AttributionRule.WORKING_DAYS, AttributionRule.CALENDAR_DAYS, AttributionRule.PAY_DATE
EARLY = "2025-01-01"

# (case, rule, start, end, pay date, amount, benefit start, [(month, counted, days, of days, excluded)])
GOLDEN = [
    (
        "week inside a month",
        W,
        "2026-01-05",
        "2026-01-11",
        "2026-01-15",
        "200.00",
        EARLY,
        [("2026-01", "200.00", 5, 5, "0.00")],
    ),
    (
        "week spanning two years: Mon-Wed in December, Thu-Fri in January",
        W,
        "2025-12-29",
        "2026-01-04",
        "2026-01-08",
        "200.00",
        EARLY,
        [("2025-12", "120.00", 3, 5, "0.00"), ("2026-01", "80.00", 2, 5, "0.00")],
    ),
    (
        "odd cent to the largest remainder: 100,01 × 3/5 = 60,006 and × 2/5 = 40,004",
        W,
        "2025-12-29",
        "2026-01-04",
        "2026-01-08",
        "100.01",
        EARLY,
        [("2025-12", "60.01", 3, 5, "0.00"), ("2026-01", "40.00", 2, 5, "0.00")],
    ),
    (
        "four weeks count 20 working days: 10 in January, 10 in February",
        W,
        "2026-01-19",
        "2026-02-15",
        "2026-02-20",
        "880.00",
        EARLY,
        [("2026-01", "440.00", 10, 20, "0.00"), ("2026-02", "440.00", 10, 20, "0.00")],
    ),
    (
        "a Saturday-Friday week: the Saturday in January has no working day",
        W,
        "2026-01-31",
        "2026-02-06",
        "2026-02-10",
        "300.00",
        EARLY,
        [("2026-02", "300.00", 5, 5, "0.00")],
    ),
    (
        "month period",
        W,
        "2026-02-01",
        "2026-02-28",
        "2026-03-05",
        "590.00",
        EARLY,
        [("2026-02", "590.00", 20, 20, "0.00")],
    ),
    (
        "calendar days: 3 of 7 and 4 of 7 of 200,00",
        C,
        "2025-12-29",
        "2026-01-04",
        "2026-01-08",
        "200.00",
        EARLY,
        [("2025-12", "85.71", 3, 7, "0.00"), ("2026-01", "114.29", 4, 7, "0.00")],
    ),
    (
        "pay date: all to the month of payment",
        P,
        "2025-12-29",
        "2026-01-04",
        "2026-01-08",
        "200.00",
        EARLY,
        [("2026-01", "200.00", 1, 1, "0.00")],
    ),
    (
        "benefit starts on Wednesday 7 January: 2 of 5 working days before it do not count",
        W,
        "2026-01-05",
        "2026-01-11",
        "2026-01-15",
        "200.00",
        "2026-01-07",
        [("2026-01", "120.00", 5, 5, "80.00")],
    ),
    (
        "paid before the benefit starts, pay date rule",
        P,
        "2025-12-22",
        "2025-12-28",
        "2026-01-02",
        "150.00",
        "2026-01-05",
        [("2026-01", "0.00", 1, 1, "150.00")],
    ),
]


@pytest.mark.parametrize(
    ("name", "rule", "start", "end", "pay", "amount", "benefit", "expected"),
    GOLDEN,
    ids=[row[0] for row in GOLDEN],
)
def test_attribution_golden_table(
    name: str,
    rule: AttributionRule,
    start: str,
    end: str,
    pay: str,
    amount: str,
    benefit: str,
    expected: list[tuple[str, str, int, int, str]],
) -> None:
    """art. 32: income belongs to the month the work was done, split by working days."""
    parts = toerekening(
        amount=Decimal(amount),
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
        pay_date=dt.date.fromisoformat(pay),
        rule=rule,
        benefit_start=dt.date.fromisoformat(benefit),
    )
    got = [(str(p.month), str(p.amount), p.days, p.of_days, str(p.excluded)) for p in parts]
    assert got == expected


@given(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))
def test_any_four_weeks_hold_twenty_working_days(start: dt.date) -> None:
    assert working_days(start, start + dt.timedelta(days=27)) == 20


@settings(max_examples=300)
@given(
    start=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    length=st.integers(0, 70),
    cents=st.integers(0, 10_000_00),
    rule=st.sampled_from(list(AttributionRule)),
    benefit_offset=st.integers(-40, 40),
)
def test_attribution_conserves_money_to_the_cent(
    start: dt.date, length: int, cents: int, rule: AttributionRule, benefit_offset: int
) -> None:
    amount = Decimal(cents) / 100
    end = start + dt.timedelta(days=length)
    parts = toerekening(
        amount=amount,
        start=start,
        end=end,
        pay_date=end,
        rule=rule,
        benefit_start=start + dt.timedelta(days=benefit_offset),
    )
    assert sum(p.amount + p.excluded for p in parts) == amount
    assert all(p.amount >= 0 and p.excluded >= 0 for p in parts)
    for part in parts:
        if part.amount:
            weeks = weekdelen(
                part=part,
                pay_date=end,
                rule=rule,
                benefit_start=start + dt.timedelta(days=benefit_offset),
                amount=part.amount,
            )
            assert sum(share for _, share in weeks) == part.amount


@given(cents=st.integers(0, 10**9), weights=st.lists(st.integers(0, 31), min_size=1, max_size=8))
def test_allocate_adds_up_and_stays_within_a_cent_of_the_exact_share(cents: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights[0] = 1
    total = Decimal(cents) / 100
    parts = allocate(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / sum(weights)) < Decimal("0.01")


def test_week_split_of_a_month_share() -> None:
    """The January share of the week 29 Dec - 4 Jan lies in ISO week 1 of 2026."""
    (dec, jan) = toerekening(
        amount=Decimal("200.00"),
        start=dt.date(2025, 12, 29),
        end=dt.date(2026, 1, 4),
        pay_date=dt.date(2026, 1, 8),
        rule=W,
        benefit_start=dt.date(2025, 1, 1),
    )
    assert weekdelen(
        part=jan, pay_date=dt.date(2026, 1, 8), rule=W, benefit_start=dt.date(2025, 1, 1), amount=jan.amount
    ) == ((IsoWeek(2026, 1), Decimal("80.00")),)
    four = toerekening(
        amount=Decimal("880.00"),
        start=dt.date(2026, 1, 19),
        end=dt.date(2026, 2, 15),
        pay_date=dt.date(2026, 2, 20),
        rule=W,
        benefit_start=dt.date(2025, 1, 1),
    )
    assert [
        (str(w), str(a))
        for w, a in weekdelen(
            part=four[0],
            pay_date=dt.date(2026, 2, 20),
            rule=W,
            benefit_start=dt.date(2025, 1, 1),
            amount=four[0].amount,
        )
    ] == [("2026-W04", "220.00"), ("2026-W05", "220.00")]
    assert dec.month == Month(2025, 12)
