"""Maximum duration by hours a week, last day, alert date, and hours outside the placement."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.engine.flextensie.duration import (
    add_months,
    buiten_plaatsing,
    laatste_dag,
    maximale_duur,
    shift_date,
    signaaldatum,
    uiterste_einddatum,
)
from tests.engine.flextensie.kit import d, version

POLICY = version()


@pytest.mark.parametrize(
    ("hours", "months", "last_day"),
    [
        ("4.00", 6, dt.date(2026, 9, 1)),
        ("27.99", 6, dt.date(2026, 9, 1)),
        ("28.00", 3, dt.date(2026, 6, 1)),
        ("36.00", 3, dt.date(2026, 6, 1)),
    ],
)
def test_six_months_under_28_hours_three_from_28(hours: str, months: int, last_day: dt.date) -> None:
    found, line = maximale_duur(expected_hours=d(hours), version=POLICY)
    assert found == months
    assert line.code == "MAXIMALE_DUUR"
    assert f"{months} maanden" in line.text
    assert uiterste_einddatum(start=dt.date(2026, 3, 2), months=found) == last_day


def test_a_start_late_in_the_month_ends_before_the_same_day_or_the_month_end() -> None:
    assert shift_date(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert uiterste_einddatum(start=dt.date(2026, 8, 31), months=6) == dt.date(2027, 2, 27)
    assert uiterste_einddatum(start=dt.date(2026, 11, 1), months=3) == dt.date(2027, 1, 31)


@pytest.mark.parametrize(
    ("hours", "alert"),
    [
        ("24.00", dt.date(2026, 6, 16)),  # 5.5 months: June 1 plus half of June's 30 days
        ("24.01", dt.date(2026, 3, 16)),  # 2.5 months: March 1 plus half of March's 31 days, rounded down
        ("32.00", dt.date(2026, 3, 16)),
    ],
)
def test_alert_after_five_and_a_half_months_or_two_and_a_half_above_24_hours(
    hours: str, alert: dt.date
) -> None:
    day, line = signaaldatum(start=dt.date(2026, 1, 1), expected_hours=d(hours), version=POLICY)
    assert day == alert
    assert line.code == "SIGNAALDATUM"


def test_whole_months_add_no_days() -> None:
    assert add_months(dt.date(2026, 5, 15), d("2")) == dt.date(2026, 7, 15)


def test_last_day_is_the_earliest_end() -> None:
    maximum = dt.date(2026, 9, 1)
    assert laatste_dag(max_end=maximum, planned_end=None, ended_on=None) == maximum
    assert laatste_dag(max_end=maximum, planned_end=dt.date(2026, 7, 31), ended_on=None) == dt.date(
        2026, 7, 31
    )
    assert laatste_dag(
        max_end=maximum, planned_end=dt.date(2026, 7, 31), ended_on=dt.date(2026, 5, 8)
    ) == dt.date(2026, 5, 8)


def test_hours_before_the_start_or_after_the_last_day_are_found_and_zero_days_are_not() -> None:
    days = (
        (dt.date(2026, 3, 1), d("4.00")),
        (dt.date(2026, 3, 2), d("4.00")),
        (dt.date(2026, 9, 1), d("4.00")),
        (dt.date(2026, 9, 2), d("0.00")),
        (dt.date(2026, 9, 3), d("0.25")),
    )
    found = buiten_plaatsing(days=days, start=dt.date(2026, 3, 2), last_day=dt.date(2026, 9, 1))
    assert found == (dt.date(2026, 3, 1), dt.date(2026, 9, 3))
