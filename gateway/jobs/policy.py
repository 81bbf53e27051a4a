"""The jobs' own policy data (terms and thresholds) from `policy.json`; see docs/jobs.md for each value.

None of these are legal amounts: those live in the engine's dated parameter files. The values here are
operational choices of this installation, kept as data so that changing one is not a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_IDEMPOTENCY_RECORD_DAYS = 7
"""The longest an idempotency record may be kept. An agency's retry comes within minutes (its client gives
up after about a minute, a message is stale after 15), while each record keeps a digest of a message
naming its workers: a week covers a rerun after a weekend and keeps no more than that."""


@dataclass(frozen=True, slots=True)
class MissingDataPolicy:
    """When a pay period counts as missing."""

    grace_days: int
    """Days after a period ends before its absence is reported (pay data arrives around the pay date)."""
    lookback_weeks: int
    """How far back the weekly check looks for missing periods."""


@dataclass(frozen=True, slots=True)
class OutboxPolicy:
    """How the outbox consumer batches and retries."""

    batch_size: int
    retry_base_seconds: int
    retry_max_seconds: int


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long technical records are kept before the retention job deletes them."""

    outbox_processed_days: int
    idempotency_record_days: int
    used_assertion_days_after_expiry: int
    resolved_signal_days: int
    batch_size: int


@dataclass(frozen=True, slots=True)
class JobsPolicy:
    """All policy data of the jobs."""

    missing_data: MissingDataPolicy
    ytd_tolerance: Decimal
    """Largest difference, in euros, between a year-to-date figure and its expected value."""
    proposal_day: int
    """From this day of a month, that month's drafts are proposed (earlier months always are)."""
    disregard_lead_months: int
    """How many months before a disregard's last month the consultant is alerted."""
    outbox: OutboxPolicy
    retention: RetentionPolicy


def _positive(section: dict[str, Any], name: str, *, allow_zero: bool = False) -> int:
    value = section[name]
    if not isinstance(value, int) or isinstance(value, bool) or value < (0 if allow_zero else 1):
        raise ValueError(
            f"jobs policy: {name} must be a {'non-negative' if allow_zero else 'positive'} integer"
        )
    return value


def _at_most(value: int, limit: int, name: str) -> int:
    if value > limit:
        raise ValueError(f"jobs policy: {name} must be at most {limit}")
    return value


def parse(document: dict[str, Any]) -> JobsPolicy:
    """Read and check a policy document."""
    missing = document["missingData"]
    outbox = document["outbox"]
    retention = document["retention"]
    proposal_day = _positive(document["proposals"], "dayOfMonth")
    if proposal_day > 28:
        raise ValueError("jobs policy: dayOfMonth must be at most 28 (every month has it)")
    tolerance = Decimal(str(document["anomalies"]["ytdTolerance"]))
    if tolerance < 0:
        raise ValueError("jobs policy: ytdTolerance must not be negative")
    return JobsPolicy(
        missing_data=MissingDataPolicy(
            grace_days=_positive(missing, "graceDays", allow_zero=True),
            lookback_weeks=_positive(missing, "lookbackWeeks"),
        ),
        ytd_tolerance=tolerance,
        proposal_day=proposal_day,
        disregard_lead_months=_positive(document["alerts"], "disregardLeadMonths", allow_zero=True),
        outbox=OutboxPolicy(
            batch_size=_positive(outbox, "batchSize"),
            retry_base_seconds=_positive(outbox, "retryBaseSeconds"),
            retry_max_seconds=_positive(outbox, "retryMaxSeconds"),
        ),
        retention=RetentionPolicy(
            outbox_processed_days=_positive(retention, "outboxProcessedDays"),
            idempotency_record_days=_at_most(
                _positive(retention, "idempotencyRecordDays"),
                MAX_IDEMPOTENCY_RECORD_DAYS,
                "idempotencyRecordDays",
            ),
            used_assertion_days_after_expiry=_positive(
                retention, "usedAssertionDaysAfterExpiry", allow_zero=True
            ),
            resolved_signal_days=_positive(retention, "resolvedSignalDays"),
            batch_size=_positive(retention, "batchSize"),
        ),
    )


@lru_cache(maxsize=1)
def default_policy() -> JobsPolicy:
    """The policy shipped in `gateway/jobs/policy.json`, read once."""
    text = resources.files("gateway.jobs").joinpath("policy.json").read_text(encoding="utf-8")
    return parse(json.loads(text))


class RetentionSettings(BaseSettings):
    """Retention terms this installation keeps shorter than `policy.json` says, from the environment
    (`LOONBRUG_RETENTION_IDEMPOTENCY_RECORD_DAYS=3`); unset keeps the shipped term."""

    model_config = SettingsConfigDict(env_prefix="LOONBRUG_RETENTION_", extra="ignore")

    idempotency_record_days: int | None = Field(default=None, ge=1, le=MAX_IDEMPOTENCY_RECORD_DAYS)


def configured_policy() -> JobsPolicy:
    """The shipped policy with this installation's retention settings applied (read anew on each call)."""
    shipped = default_policy()
    overrides = RetentionSettings().model_dump(exclude_none=True)
    return replace(shipped, retention=replace(shipped.retention, **overrides))
