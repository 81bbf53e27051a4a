"""Rule 8, remaining to exit: the income that ends the need for bijstand, and what is still to earn.

The exit income E is the smallest monthly income from work of the claimant with E − disregard(E) ≥ what
the norm leaves after everyone else's counted income (e.g. with n: E = norm + cap when 25% of E exceeds
the cap, else norm / 0.75). It is shown as net still to earn this month, in gross and in hours at the
worker's current gross hourly wage and net/gross ratio, and per week on a lasting basis (E × 12 / 52)
against what the worker nets per week now. Wage figures come from the claimant's pay records that end
beginning in the 13 weeks up to the reference day; without them gross and hours are unknown, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.inputs import IncomeRecord
from gateway.engine.rules.vrijlating import DisregardRule

REFERENCE = "DESIGN §4.8; art. 19 en art. 31 lid 2 Participatiewet"
RECENT_DAYS = 91
_RECENT = dt.timedelta(days=RECENT_DAYS - 1)
_CENT = rounding.CENT


def uitstroominkomen(*, needed: Decimal, rules: Sequence[DisregardRule]) -> Decimal:
    """The smallest income E (in cents) with E − disregard(E) ≥ `needed`; 0 when none (DESIGN §4.8).

    With several applicable rules the largest disregard counts, so E is the largest of each rule's own E.
    Each rule's E starts from the closed form and is then moved by whole cents until it is exactly the
    smallest, so that rounding of the disregard can never make the figure one cent off.
    """
    if needed <= 0:
        return rounding.ZERO
    exit_income = needed
    for rule in rules:
        exit_income = max(exit_income, _exit_income_for(needed, rule))
    return exit_income


def _exit_income_for(needed: Decimal, rule: DisregardRule) -> Decimal:
    rate = rule.rate.number
    if rate >= 1:
        raise ValueError("a disregard of 100% or more has no exit income")
    candidate = rounding.up(needed / (1 - rate))
    if rule.cap is not None and rule.amount(candidate) >= rule.cap.number:
        candidate = needed + rule.cap.number
    while candidate - rule.amount(candidate) < needed:
        candidate += _CENT
    while candidate > needed and candidate - _CENT - rule.amount(candidate - _CENT) >= needed:
        candidate -= _CENT
    return candidate


class WageFacts(NamedTuple):
    """The worker's current wage, from recent pay records; None where the records do not tell."""

    gross: Decimal
    net: Decimal
    hours: Decimal
    gross_with_hours: Decimal
    weeks: Decimal
    records: tuple[IncomeRecord, ...]

    @property
    def hourly_wage(self) -> Decimal | None:
        """Gross per hour over the records with hours."""
        if not self.hours or not self.gross_with_hours:
            return None
        return rounding.half_up(self.gross_with_hours / self.hours)

    @property
    def weekly_net(self) -> Decimal | None:
        """Average net income from work per week."""
        return rounding.half_up(self.net / self.weeks) if self.weeks else None


def loongegevens(*, records: Sequence[IncomeRecord], reference_day: dt.date) -> WageFacts:
    """Wage facts (DESIGN §4.8) from the claimant's `records` beginning in the 13 weeks to `reference_day`.

    The weekly average divides their net by the weeks from the earliest start to the latest end among
    them, so a pay period that is not over yet neither lowers nor raises it.
    """
    since = reference_day - _RECENT
    recent = tuple(r for r in records if since <= r.period_start <= reference_day)
    gross = net = hours = gross_with_hours = weeks = rounding.ZERO
    if recent:
        first, last = recent[0].period_start, recent[0].period_end
        for record in recent:
            gross += record.gross
            net += record.work_net
            if record.hours > 0:
                hours += record.hours
                gross_with_hours += record.gross
            if record.period_start < first:
                first = record.period_start
            if record.period_end > last:
                last = record.period_end
        weeks = Decimal((last - first).days + 1) / 7
    return WageFacts(gross, net, hours, gross_with_hours, weeks, recent)


def bruto_en_uren(*, net: Decimal, wage: WageFacts) -> tuple[Decimal | None, Decimal | None]:
    """DESIGN §4.8: `net` still to earn as gross (at the recent net/gross ratio) and as hours (at the
    recent gross hourly wage), both rounded up; None when the records do not give ratio or wage."""
    if not wage.net or not wage.gross:
        return None, None
    gross = rounding.up(net * wage.gross / wage.net)
    if not wage.hours or not wage.gross_with_hours:
        return gross, None
    hours = rounding.up_hours(gross * wage.hours / wage.gross_with_hours)
    return gross, hours


def per_week(*, exit_income: Decimal) -> Decimal:
    """DESIGN §4.8: the weekly income that, earned every week, reaches E: E × 12 / 52, rounded up."""
    return rounding.up(exit_income * 12 / 52)
