"""Payout dates on working days: the policy's payout day in the month after, moved forward past weekends and
Dutch public holidays (`parameters/public_holidays.json`); hold deadlines count the same working days."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.engine import dutch
from gateway.engine.days import add_working_days, is_working_day, next_working_day
from tests.engine.factories import case, month, policy

# (description, month settled, payout day, payout date)
TABLE = [
    ("maandag 2 februari 2026: blijft", "2026-01", 2, dt.date(2026, 2, 2)),
    ("zondag 1 maart 2026: maandag 2 maart", "2026-02", 1, dt.date(2026, 3, 2)),
    ("Nieuwjaarsdag donderdag 1 januari 2026: vrijdag 2 januari", "2025-12", 1, dt.date(2026, 1, 2)),
    (
        "Goede Vrijdag 3 april 2026, weekend, Tweede Paasdag 6 april: dinsdag 7 april",
        "2026-03",
        3,
        dt.date(2026, 4, 7),
    ),
    ("Koningsdag maandag 27 april 2026: dinsdag 28 april", "2026-03", 27, dt.date(2026, 4, 28)),
    ("Bevrijdingsdag maandag 5 mei 2025 (lustrum): dinsdag 6 mei", "2025-04", 5, dt.date(2025, 5, 6)),
    ("Hemelvaartsdag donderdag 14 mei 2026: vrijdag 15 mei", "2026-04", 14, dt.date(2026, 5, 15)),
    ("Eerste Kerstdag vrijdag 25 december 2026: maandag 28 december", "2026-11", 25, dt.date(2026, 12, 28)),
]


@pytest.mark.parametrize(("description", "which", "day", "expected"), TABLE)
def test_the_payout_date_falls_on_a_working_day(
    description: str, which: str, day: int, expected: dt.date
) -> None:
    result = month(case(), [], which, the_policy=policy(payout_day=day))
    assert result.payout_date == expected, description
    [line] = [line for line in result.lines if line.code == "BETAALDATUM"]
    # How a date is spelled is tested against the shared table of cases (tests/test_dutch_format.py).
    assert line.text.endswith(f": {dutch.date(expected)}")


def test_working_days_skip_weekends_and_public_holidays() -> None:
    assert not is_working_day(dt.date(2026, 12, 26))  # Tweede Kerstdag, a Saturday anyway
    assert not is_working_day(dt.date(2026, 5, 25))  # Tweede Pinksterdag
    assert is_working_day(dt.date(2026, 5, 5))  # Bevrijdingsdag outside a lustrum year
    assert next_working_day(dt.date(2026, 5, 23)) == dt.date(2026, 5, 26)  # Saturday, Sunday, Pinkstermaandag


def test_a_hold_deadline_counts_working_days_past_new_year() -> None:
    """10 working days after 31 December 2025: 1 January is skipped, so 15 January (not 14)."""
    assert add_working_days(dt.date(2025, 12, 31), 10) == dt.date(2026, 1, 15)
    assert add_working_days(dt.date(2025, 12, 31), 0) == dt.date(2025, 12, 31)
