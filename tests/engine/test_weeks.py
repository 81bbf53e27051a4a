"""Rule 9, week figures per ISO week (DESIGN §4.9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gateway.engine.inputs import EnrollmentPeriod
from gateway.engine.weeks import weeks_of
from schemas.periods import IsoWeek, Month
from tests.engine.factories import case, record, run, weeks

D = Decimal


def test_a_week_belongs_to_the_month_of_its_thursday() -> None:
    assert [w.week for w in weeks_of(Month(2026, 1))] == [1, 2, 3, 4, 5]
    assert [w.week for w in weeks_of(Month(2026, 2))] == [6, 7, 8, 9]
    assert weeks_of(Month(2025, 12))[-1] == IsoWeek(2025, 52)  # 29 Dec - 4 Jan is week 1 of 2026


def test_week_figures_and_the_month_position_so_far() -> None:
    """n from November; weekly net 165 (29 Dec - 4 Jan: 2/5 in January = 66), 220, 220, nothing, 268,50."""
    the_case = case(disregards=[{"kind": "n", "startMonth": "2025-11"}], advances={"2026-01": "700.00"})
    records = [
        *weeks("2025-12-29", ["165.00", "220.00", "220.00"]),
        record("2026-01-26", "2026-02-01", "268.50"),
    ]
    enrollments = [EnrollmentPeriod("bureau", dt.date(2025, 10, 1))]
    calc = run(the_case, records, "2026-01", as_of="2026-02-04", enrollments=enrollments, with_weeks=True)
    settlement = calc.settlements[0]
    by_week = {w.week.week: w for w in calc.weeks}
    assert sorted(by_week) == [1, 2, 3, 4, 5]
    # Week 1 shows the whole week's own figures, the January position only its January share.
    assert (by_week[1].net, by_week[1].month_income) == (D("165.00"), D("66.00"))
    assert [by_week[n].month_income for n in (2, 3, 4, 5)] == [
        D("286.00"),
        D("506.00"),
        D("506.00"),
        D("774.50"),
    ]
    # 1401,50 − (66 − 16,50) = 1352,00 if nothing more is earned after week 1; payout 1284,40
    assert (by_week[1].bijstand, by_week[1].payout) == (D("1352.00"), D("1284.40"))
    assert by_week[1].expected_difference == D("584.40")
    # The month's last week is the month itself.
    assert (by_week[5].bijstand, by_week[5].payout) == (settlement.bijstand, settlement.payout)
    assert by_week[5].remaining == settlement.remaining
    # Week 4 has no record: missing, not estimated.
    assert [(m.start, m.end) for m in by_week[4].missing] == [(dt.date(2026, 1, 19), dt.date(2026, 1, 25))]
    assert by_week[4].net == D("0")
    assert by_week[4].payout_date == dt.date(2026, 2, 2)
    assert all(w.remaining.net >= settlement.remaining.net for w in calc.weeks)


def test_weeks_not_yet_begun_are_not_computed() -> None:
    calc = run(case(), weeks("2026-01-05", ["100.00"]), "2026-01", as_of="2026-01-14", with_weeks=True)
    assert [w.week.week for w in calc.weeks] == [1, 2, 3]


def test_weeks_from_leaves_out_only_the_weeks_of_earlier_months() -> None:
    """What a recompute stores again from February on: the same months, and February's weeks unchanged."""
    the_case = case(disregards=[{"kind": "n", "startMonth": "2025-11"}])
    records = weeks("2025-12-29", ["165.00", "220.00", "220.00", "0.00", "268.50", "300.00", "310.00"])
    every = run(the_case, records, "2026-01", "2026-02", as_of="2026-02-20", with_weeks=True)
    later = run(
        the_case, records, "2026-01", "2026-02", as_of="2026-02-20", with_weeks=True, weeks_from="2026-02"
    )
    assert later.settlements == every.settlements
    assert later.weeks == tuple(w for w in every.weeks if w.month >= Month(2026, 2))
    assert [w.week.week for w in later.weeks] == [6, 7, 8]


def test_hours_and_gross_are_attributed_like_net() -> None:
    """A four-week period of 80 hours, gross 1200, net 1000: 20 hours, 300 and 250 per full week."""
    records = [record("2026-01-05", "2026-02-01", "1000.00", gross="1200.00", hours="80.00")]
    calc = run(case(), records, "2026-01", as_of="2026-02-02", with_weeks=True)
    full = [w for w in calc.weeks if w.week.week in (2, 3, 4, 5)]
    assert {(w.hours, w.gross, w.net) for w in full} == {(D("20.00"), D("300.00"), D("250.00"))}
