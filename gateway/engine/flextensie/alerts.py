"""Alerts for consultants about placements: the end is in sight, or the premium nears its yearly maximum.

Pure: the jobs turn these into signals (gateway.jobs.flextensie_alerts). A key names what the alert is
about, so the same situation gives the same key and is raised once; a changed end date gives a new key.
Payloads hold ids, dates and codes only: never an amount or a name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gateway.engine.parameters import ParameterValue

END_NEAR = "flextensie_end_near"
"""A placement reached its alert date (2.5 or 5.5 months) and has not ended yet."""
CAP_NEAR = "flextensie_premium_cap_near"
"""The premium accrued in a calendar year reached the alert share of the yearly maximum."""

KINDS = frozenset({END_NEAR, CAP_NEAR})


@dataclass(frozen=True, slots=True)
class Alert:
    """Something a consultant should look at: a kind, a stable key, and a payload of ids and dates."""

    kind: str
    key: str
    payload: dict[str, Any] = field(default_factory=dict)


def einde_in_zicht(
    *, placement_id: str, alert_date: dt.date, last_day: dt.date, active: bool, today: dt.date
) -> Alert | None:
    """An alert from the alert date up to and including the last day of an active placement."""
    if not active or not alert_date <= today <= last_day:
        return None
    return Alert(
        END_NEAR,
        f"{placement_id}:{last_day.isoformat()}",
        {"placementId": placement_id, "alertDate": alert_date.isoformat(), "lastDay": last_day.isoformat()},
    )


def premiemaximum_in_zicht(
    *, year: int, accrued: Decimal, cap: ParameterValue, rate: Decimal
) -> Alert | None:
    """An alert when `accrued` in `year` reached `rate` of the yearly maximum `cap`."""
    if accrued < cap.number * rate:
        return None
    reached = "bereikt" if accrued >= cap.number else "bijna"
    return Alert(CAP_NEAR, f"{year}:{reached}", {"year": year, "state": reached})
