"""The lowest tariff a client may be charged: the hourly minimum wage plus the employer on-cost percentage.

Werkproces Flextensie stap 6a: the municipality sets the tariff; its lower bound is the statutory hourly
minimum wage (21 and older, art. 8 Wml, a dated national parameter) increased by the employer on-costs
(a municipal percentage). A collective agreement may make it higher; the consultant then enters more.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gateway.engine.explain import Line
from gateway.engine.flextensie import rounding
from gateway.engine.flextensie.codes import TARIFF_REFERENCE, Code
from gateway.engine.flextensie.policy import PolicyVersion
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k


def minimumtarief(
    *, day: dt.date, version: PolicyVersion, parameters: ParameterSet
) -> tuple[Decimal, Line, tuple[ParameterValue, ...]]:
    """The minimum tariff on `day`, its explanation and the values it used."""
    wage = parameters.at(k.MINIMUM_WAGE_HOURLY, day)
    on_cost = version.value("employer_on_cost_rate")
    minimum = rounding.minimum_tariff(wage.number, on_cost.number)
    line = Line(
        Code.MINIMUM_TARIFF,
        minimum,
        TARIFF_REFERENCE,
        "Minimumtarief: minimumuurloon € {} × (1 + {} werkgeverslasten) = € {} per uur (naar boven afgerond)",
        (wage, on_cost, minimum),
        parameters=(wage, on_cost),
    )
    return minimum, line, (wage, on_cost)
