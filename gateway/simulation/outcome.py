"""What a simulated regime reports: the metrics both regimes share, one worker's trace for the chart, and
the outcome of one seed.

The Loonbrug metrics are read from the store by the pipeline half; the baseline metrics come from
`baseline.run_baseline`. `metrics_from` turns the events of either regime (claims, set-offs, payments)
into the same figures, so the two are counted the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from schemas.periods import IsoWeek, Month

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_SHARE = Decimal("0.0001")


def money(value: Decimal) -> Decimal:
    """Round half up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class RegimeMetrics:
    """The figures of one regime over one simulated pilot."""

    recovery_claims: int
    recovery_total: Decimal
    recovery_mean: Decimal
    recovery_median: Decimal
    claims_stayers: int
    """Claims of workers who stay on the benefit (not leavers)."""
    offsets: int
    offset_total: Decimal
    """Overpayments set off against later payouts instead of claimed."""
    not_offset_count: int
    not_offset_total: Decimal
    not_offset_stayers: int
    months_complete: int
    months_incomplete: int
    """Months whose pay data was complete (or not) at approval / definitive settlement."""
    back_payments: int
    back_payment_total: Decimal
    investigation_workers: int
    investigation_share: Decimal
    """Fraction 0..1 of the cohort's workers with at least one investigation signal."""
    payout_volatility: Decimal
    """Mean over workers of the standard deviation of the amounts paid per calendar month."""
    consultant_actions: int
    actions_per_worker_month: Decimal
    claims_by_month: Mapping[str, int]
    """"YYYY-MM" (the month the claim is made) -> count."""
    claims_by_cause: Mapping[str, int]
    """Cause ("uitstroom", "schatting", "herziening", "late_correctie", ...) -> count."""

    def as_json(self) -> dict[str, Any]:
        """lowerCamelCase keys, money and fractions as strings."""
        return {
            "recoveryClaims": self.recovery_claims,
            "recoveryTotal": str(self.recovery_total),
            "recoveryMean": str(self.recovery_mean),
            "recoveryMedian": str(self.recovery_median),
            "claimsStayers": self.claims_stayers,
            "offsets": self.offsets,
            "offsetTotal": str(self.offset_total),
            "notOffsetCount": self.not_offset_count,
            "notOffset": str(self.not_offset_total),
            "notOffsetStayers": self.not_offset_stayers,
            "monthsComplete": self.months_complete,
            "monthsIncomplete": self.months_incomplete,
            "backPayments": self.back_payments,
            "backPaymentTotal": str(self.back_payment_total),
            "investigationWorkers": self.investigation_workers,
            "investigationShare": str(self.investigation_share),
            "payoutVolatility": str(self.payout_volatility),
            "consultantActions": self.consultant_actions,
            "actionsPerWorkerMonth": str(self.actions_per_worker_month),
            "claimsByMonth": dict(sorted(self.claims_by_month.items())),
            "claimsByCause": dict(sorted(self.claims_by_cause.items())),
        }


@dataclass(frozen=True, slots=True)
class WorkerTrace:
    """One worker through one regime: weekly net earnings, the weekly exit line, and what was paid when
    (a recovery claim as a negative amount on the day it is made)."""

    worker_key: str
    story: str
    weeks: list[tuple[IsoWeek, Decimal]]
    exit_weekly: Decimal
    payouts: list[tuple[dt.date, Decimal]]


@dataclass(frozen=True, slots=True)
class SeedOutcome:
    """Both regimes on the truth of one seed, and how long the run took."""

    seed: int
    loonbrug: RegimeMetrics
    baseline: RegimeMetrics
    trace_loonbrug: WorkerTrace | None
    trace_baseline: WorkerTrace | None
    seconds: float


@dataclass(frozen=True, slots=True)
class Claim:
    """A recovery claim (terugvordering): an amount paid too much that is claimed back."""

    worker_key: str
    made_on: dt.date
    amount: Decimal
    cause: str
    stayer: bool


@dataclass(slots=True)
class Ledger:
    """The events of one regime, counted into `RegimeMetrics` by `metrics`."""

    workers: int
    worker_months: int
    claims: list[Claim] = field(default_factory=list)
    offsets: list[Decimal] = field(default_factory=list)
    not_offset: list[tuple[Decimal, bool]] = field(default_factory=list)
    """Amounts left after the set-off term, and whether the worker stays on the benefit."""
    back_payments: list[Decimal] = field(default_factory=list)
    months_complete: int = 0
    months_incomplete: int = 0
    investigated: set[str] = field(default_factory=set)
    actions: int = 0
    paid: dict[str, dict[Month, Decimal]] = field(default_factory=dict)
    """Per worker, the amounts paid per calendar month."""

    def pay(self, worker_key: str, on: dt.date, amount: Decimal) -> None:
        """Record a payment to the worker in the calendar month of `on`."""
        months = self.paid.setdefault(worker_key, {})
        month = Month.of(on)
        months[month] = months.get(month, ZERO) + amount

    def metrics(self, *, months: Iterable[Month]) -> RegimeMetrics:
        """The figures; volatility over `months` (a month without a payment counts as zero)."""
        amounts = sorted(claim.amount for claim in self.claims)
        total = sum(amounts, ZERO)
        count = len(amounts)
        worker_months = max(1, self.worker_months)
        return RegimeMetrics(
            recovery_claims=count,
            recovery_total=money(total),
            recovery_mean=money(total / count) if count else ZERO,
            recovery_median=_median(amounts),
            claims_stayers=sum(1 for claim in self.claims if claim.stayer),
            offsets=len(self.offsets),
            offset_total=money(sum(self.offsets, ZERO)),
            not_offset_count=len(self.not_offset),
            not_offset_total=money(sum((amount for amount, _ in self.not_offset), ZERO)),
            not_offset_stayers=sum(1 for _, stayer in self.not_offset if stayer),
            months_complete=self.months_complete,
            months_incomplete=self.months_incomplete,
            back_payments=len(self.back_payments),
            back_payment_total=money(sum(self.back_payments, ZERO)),
            investigation_workers=len(self.investigated),
            investigation_share=(Decimal(len(self.investigated)) / max(1, self.workers)).quantize(_SHARE),
            payout_volatility=volatility(self.paid, months=list(months)),
            consultant_actions=self.actions,
            actions_per_worker_month=(Decimal(self.actions) / worker_months).quantize(_SHARE),
            claims_by_month=dict(Counter(str(Month.of(claim.made_on)) for claim in self.claims)),
            claims_by_cause=dict(Counter(claim.cause for claim in self.claims)),
        )


def volatility(paid: Mapping[str, Mapping[Month, Decimal]], *, months: Sequence[Month]) -> Decimal:
    """Mean over workers of the population standard deviation of their monthly amounts paid (Decimal)."""
    if not paid or not months:
        return ZERO
    deviations = []
    for per_month in paid.values():
        values = [per_month.get(month, ZERO) for month in months]
        mean = sum(values, ZERO) / len(values)
        variance = sum(((value - mean) ** 2 for value in values), ZERO) / len(values)
        deviations.append(variance.sqrt())
    return money(sum(deviations, ZERO) / len(deviations))


def _median(ordered: Sequence[Decimal]) -> Decimal:
    if not ordered:
        return ZERO
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return money(ordered[middle])
    return money((ordered[middle - 1] + ordered[middle]) / 2)
