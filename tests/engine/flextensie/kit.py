"""Shared test helpers for the Flextensie rules: the shipped parameters and policy versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gateway.engine.flextensie.policy import PolicyHistory, PolicyVersion
from gateway.engine.flextensie.premium import PremiumWorker
from gateway.engine.parameters.loader import load_parameters
from gateway.store.flextensie import default_policy_versions
from schemas.flextensie import FlextensiePolicyVersion

PARAMETERS = load_parameters()
DEFAULTS = default_policy_versions()
WORKER = PremiumWorker(birth_date=dt.date(1990, 5, 17), wage_cost_subsidy_target_group=False)
"""A made-up worker of 35 in 2026: the premium applies (art. 31 lid 5 sets no limit at that age)."""


def d(text: str) -> Decimal:
    """A Decimal from text (tests never use floats)."""
    return Decimal(text)


def version(
    *, valid_from: dt.date = dt.date(2025, 1, 1), confirmed: bool = True, **changes: Any
) -> PolicyVersion:
    """A policy version: the standard policy with some values changed."""
    policy = DEFAULTS[0].policy.model_copy(update=changes)
    item = FlextensiePolicyVersion(
        valid_from=valid_from, source="testbeleid", confirmed=confirmed, policy=policy
    )
    return PolicyHistory.combine(defaults=DEFAULTS, municipal=[item]).at(valid_from)


def week_days(monday: dt.date, *hours: str) -> tuple[tuple[dt.date, Decimal], ...]:
    """Hours per day from `monday` on."""
    return tuple((monday + dt.timedelta(days=i), Decimal(h)) for i, h in enumerate(hours))
