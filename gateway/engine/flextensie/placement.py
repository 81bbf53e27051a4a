"""Checking a new placement: its limits, its minimum tariff, and what would make it unacceptable.

A placement is refused when its tariff is below the minimum tariff on the start date, or when its planned
end lies beyond the maximum duration for the hours a week expected (DESIGN §4.10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.explain import Line
from gateway.engine.flextensie.codes import FRAMEWORK_REFERENCE, TARIFF_REFERENCE, Code
from gateway.engine.flextensie.duration import (
    laatste_dag,
    maximale_duur,
    signaaldatum,
    uiterste_einddatum,
)
from gateway.engine.flextensie.policy import PolicyVersion
from gateway.engine.flextensie.tariff import minimumtarief
from gateway.engine.parameters import ParameterSet, ParameterValue


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """Why a placement cannot be made: the input field (lowerCamelCase), a code and a Dutch reason."""

    field: str
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlacementPlan:
    """A placement's limits and minimum tariff, with problems (empty when it may be made)."""

    max_months: int
    max_end_date: dt.date
    last_day: dt.date
    alert_date: dt.date
    minimum_tariff: Decimal
    problems: tuple[PlanProblem, ...]
    lines: tuple[Line, ...]
    parameters: tuple[ParameterValue, ...]


def plaatsing_toetsen(
    *,
    start_date: dt.date,
    planned_end_date: dt.date | None,
    ended_on: dt.date | None,
    expected_hours: Decimal,
    hourly_tariff: Decimal,
    version: PolicyVersion,
    parameters: ParameterSet,
) -> PlacementPlan:
    """The limits of a placement starting on `start_date` under the policy `version` in force then."""
    months, duration_line = maximale_duur(expected_hours=expected_hours, version=version)
    max_end = uiterste_einddatum(start=start_date, months=months)
    alert, alert_line = signaaldatum(start=start_date, expected_hours=expected_hours, version=version)
    last = laatste_dag(max_end=max_end, planned_end=planned_end_date, ended_on=ended_on)
    minimum, tariff_line, used = minimumtarief(day=start_date, version=version, parameters=parameters)
    lines = [tariff_line, duration_line]
    problems = []
    if hourly_tariff < minimum:
        problems.append(
            PlanProblem("hourlyTariff", "tariff_below_minimum", "Het uurtarief ligt onder het minimumtarief.")
        )
        lines.append(
            Line(
                Code.TARIFF_BELOW_MINIMUM,
                hourly_tariff,
                TARIFF_REFERENCE,
                "Uurtarief € {} ligt onder het minimumtarief € {}",
                (hourly_tariff, minimum),
            )
        )
    if planned_end_date is not None and planned_end_date > max_end:
        problems.append(
            PlanProblem(
                "plannedEndDate",
                "beyond_maximum_duration",
                "Het geplande einde ligt na de maximale duur van de plaatsing.",
            )
        )
        lines.append(
            Line(
                Code.PLANNED_END_BEYOND,
                None,
                FRAMEWORK_REFERENCE,
                "Gepland einde {} ligt na de laatste dag binnen de maximale duur, {}",
                (planned_end_date, max_end),
            )
        )
    lines.append(
        Line(Code.LAST_DAY, None, FRAMEWORK_REFERENCE, "Uren kunnen worden geschreven tot en met {}", (last,))
    )
    lines.append(alert_line)
    cited = (*used, *duration_line.parameters)
    return PlacementPlan(months, max_end, last, alert, minimum, tuple(problems), tuple(lines), cited)
