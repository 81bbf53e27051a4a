"""What the engine returns: month settlements and week figures with their explanation lines.

These mirror the contract models in `schemas.figures` field by field; `gateway.engine.contract` turns
them into those models. They stay dataclasses so settling builds no pydantic model on its hot path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.explain import Code, Line
from gateway.engine.inputs import Correction, Overpayment, RecordRef
from gateway.engine.parameters import ParameterValue
from gateway.engine.rounding import ZERO
from schemas.benefit_case import BufferUseKind, CaseEnd, Person
from schemas.figures import AttributionRule, ExitForecastBasis, HoldReason, HoldStatus, Regime, ResultKind
from schemas.periods import IsoWeek, Month


@dataclass(frozen=True, slots=True)
class MissingSpan:
    """Days of an enrollment without a pay record of that agency."""

    agency: str
    person: Person
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Remaining:
    """Remaining to exit (rule 8); None where the pay records do not tell."""

    exit_income: Decimal
    income: Decimal
    net: Decimal
    gross: Decimal | None
    hours: Decimal | None
    hourly_wage: Decimal | None
    weekly_exit_income: Decimal
    weekly_net_now: Decimal | None
    weekly_net: Decimal | None
    weekly_gross: Decimal | None
    weekly_hours: Decimal | None


@dataclass(frozen=True, slots=True)
class ExitForecastResult:
    """The exit forecast of a month (rule 12)."""

    basis: ExitForecastBasis
    exit_income: Decimal
    income_so_far: Decimal
    weekly_net: Decimal | None
    projected: Decimal
    weeks: tuple[IsoWeek, ...]


@dataclass(frozen=True, slots=True)
class HoldResult:
    """A payout that waits until the month's pay data is complete or `until` (policy, rule 12)."""

    reason: HoldReason
    until: dt.date
    status: HoldStatus
    estimated_missing: Decimal


@dataclass(frozen=True, slots=True)
class BufferProposalResult:
    """A use of the bufferbudget Loonbrug proposes (rule 13); a consultant decides."""

    kind: BufferUseKind
    amount: Decimal
    year_left: Decimal


@dataclass(frozen=True, slots=True)
class MonthResult:
    """The settlement of one month, or the recomputation of an approved one (`kind`)."""

    month: Month
    kind: ResultKind
    regime: Regime
    attribution: AttributionRule
    complete: bool
    norm: Decimal
    income: Decimal
    disregard: Decimal
    bijstand: Decimal
    payout: Decimal
    holiday_allowance_reserve: Decimal
    holiday_pay_set_off: Decimal
    holiday_allowance_paid_out: Decimal | None
    holiday_allowance_balance: Decimal | None
    advance: Decimal
    corrections_total: Decimal | None
    difference: Decimal | None
    offset: Decimal | None
    to_pay: Decimal | None
    overpaid: Decimal | None
    not_offset: Decimal | None
    carry_forward: tuple[Overpayment, ...]
    corrections: tuple[Correction, ...]
    correction_carried: Correction | None
    correction_to: Month | None
    payout_date: dt.date
    remaining: Remaining
    missing: tuple[MissingSpan, ...]
    records: tuple[RecordRef, ...]
    parameters: tuple[ParameterValue, ...]
    unconfirmed: bool
    lines: tuple[Line, ...]
    end: CaseEnd | None = None
    pro_rata: tuple[int, int] | None = None
    exit_forecast: ExitForecastResult | None = None
    hold: HoldResult | None = None
    buffer_used: Decimal | None = None
    buffer_proposal: BufferProposalResult | None = None
    self_employed_income: Decimal = ZERO
    """The part of `income` from self-employment (rule 11)."""


@dataclass(frozen=True, slots=True)
class WeekResult:
    """The figures of one ISO week and the position of its month so far."""

    week: IsoWeek
    month: Month
    hours: Decimal
    gross: Decimal
    net: Decimal
    month_income: Decimal
    bijstand: Decimal
    payout: Decimal
    advance: Decimal
    expected_difference: Decimal
    payout_date: dt.date
    remaining: Remaining
    missing: tuple[MissingSpan, ...]
    records: tuple[RecordRef, ...]
    parameters: tuple[ParameterValue, ...]
    unconfirmed: bool
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Calculation:
    """The result of one `settle` call."""

    settlements: tuple[MonthResult, ...]
    weeks: tuple[WeekResult, ...]


def used_parameters(lines: Iterable[Line]) -> tuple[ParameterValue, ...]:
    """Every parameter value the lines used, once, in order of first use."""
    seen: dict[tuple[str, dt.date, bool], ParameterValue] = {}
    # Lines mostly share the very same value objects; checking identity first skips building their keys.
    known: set[int] = set()
    for line in lines:
        for value in line.parameters:
            if id(value) not in known:
                known.add(id(value))
                seen.setdefault((value.key, value.valid_from, value.confirmed), value)
    return tuple(seen.values())


def provisional_lines(parameters: Iterable[ParameterValue]) -> tuple[Line, ...]:
    """One VOORLOPIG line for every unconfirmed parameter value that was used."""
    return tuple(
        Line(
            Code.PROVISIONAL,
            None,
            value.article,
            "Voorlopig: {} ({}, geldig vanaf {}) is niet bevestigd"
            + (f"; {value.note}" if value.note else ""),
            (value.label, value, value.valid_from),
            parameters=(value,),
        )
        for value in parameters
        if not value.confirmed
    )


def missing_lines(missing: Iterable[MissingSpan]) -> tuple[Line, ...]:
    """One ONTBREEKT line per span of enrolled days without a pay record."""
    return tuple(
        Line(
            Code.MISSING,
            None,
            "art. 32 Participatiewet; DESIGN §4.2 (niets schatten)",
            "Ontbreekt: geen loonstrook van {} voor {} van {} t/m {}; er is niets geschat",
            (span.agency, span.person.value, span.start, span.end),
            person=span.person,
        )
        for span in missing
    )
