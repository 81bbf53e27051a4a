"""A new placement: its minimum tariff, and refusal below it or beyond the maximum duration."""

from __future__ import annotations

import datetime as dt

from gateway.engine.flextensie.placement import PlacementPlan, plaatsing_toetsen
from gateway.engine.flextensie.tariff import minimumtarief
from tests.engine.flextensie.kit import PARAMETERS, d, version


def test_minimum_tariff_is_minimum_wage_plus_on_cost_rounded_up() -> None:
    minimum, line, used = minimumtarief(day=dt.date(2026, 3, 2), version=version(), parameters=PARAMETERS)
    assert minimum == d("19.13")  # 14.71 × 1.30 = 19.123
    assert line.amount == minimum
    assert [value.key for value in used] == ["minimum_wage.hourly", "flextensie.employer_on_cost_rate"]
    assert minimumtarief(day=dt.date(2025, 3, 3), version=version(), parameters=PARAMETERS)[0] == d("18.28")


def test_on_cost_is_the_municipality_s_own() -> None:
    policy = version(employer_on_cost_rate=d("0.25"))
    assert minimumtarief(day=dt.date(2026, 3, 2), version=policy, parameters=PARAMETERS)[0] == d("18.39")


def _plan(*, tariff: str, hours: str = "16.00", planned_end: dt.date | None = None) -> PlacementPlan:
    return plaatsing_toetsen(
        start_date=dt.date(2026, 3, 2),
        planned_end_date=planned_end,
        ended_on=None,
        expected_hours=d(hours),
        hourly_tariff=d(tariff),
        version=version(),
        parameters=PARAMETERS,
    )


def test_a_placement_at_the_minimum_tariff_within_its_limits_passes() -> None:
    plan = _plan(tariff="19.13", planned_end=dt.date(2026, 9, 1))
    assert plan.problems == ()
    assert (plan.max_months, plan.max_end_date, plan.last_day) == (
        6,
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 1),
    )
    assert plan.alert_date == dt.date(2026, 8, 17)
    assert [line.code for line in plan.lines] == [
        "MINIMUMTARIEF",
        "MAXIMALE_DUUR",
        "LAATSTE_DAG",
        "SIGNAALDATUM",
    ]


def test_below_the_minimum_tariff_and_beyond_the_duration_both_problems_are_named() -> None:
    plan = _plan(tariff="19.12", hours="28.00", planned_end=dt.date(2026, 6, 2))
    assert [(p.field, p.code) for p in plan.problems] == [
        ("hourlyTariff", "tariff_below_minimum"),
        ("plannedEndDate", "beyond_maximum_duration"),
    ]
    assert plan.max_end_date == dt.date(2026, 6, 1)
    assert {"TARIEF_ONDER_MINIMUM", "EINDE_NA_MAXIMUM"} <= {line.code for line in plan.lines}
