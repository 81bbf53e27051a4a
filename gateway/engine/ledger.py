"""The ledger of an open month (rules 5-7): holiday allowance reserve, advance, carry-forward, and the
corrections of approved months taken in; and `month_result`, which both settlements and recomputations
(`recomputation.py`) end with."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import Correction, LedgerState, Overpayment, RecordRef
from gateway.engine.month_figures import OwnFigures
from gateway.engine.month_setup import MonthSetup
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from gateway.engine.results import (
    BufferProposalResult,
    ExitForecastResult,
    HoldResult,
    MissingSpan,
    MonthResult,
    Remaining,
    missing_lines,
    provisional_lines,
    used_parameters,
)
from gateway.engine.rules import bufferbudget, vakantietoeslag, verrekening
from schemas.benefit_case import BufferUse
from schemas.figures import ResultKind
from schemas.periods import Month


class MonthContext(NamedTuple):
    """What both an open settlement and a recomputation are built from."""

    setup: MonthSetup
    figures: OwnFigures
    remaining: Remaining
    remaining_lines: tuple[Line, ...]
    missing: tuple[MissingSpan, ...]
    records: tuple[RecordRef, ...]
    complete: bool
    exit_forecast: ExitForecastResult | None = None
    hold: HoldResult | None = None
    extra_lines: tuple[Line, ...] = ()
    """The exit forecast and hold lines (rule 12)."""
    expected_income: Decimal | None = None
    """Counted income (income − disregard) of the last complete month before this one, for the expected
    bijstand of art. 52; None when no complete month is known."""


def settle_open(
    *,
    context: MonthContext,
    state: LedgerState,
    pending: Sequence[Correction],
    parameters: ParameterSet,
    buffer: bufferbudget.BufferLedger,
    uses: Sequence[BufferUse] = (),
) -> tuple[MonthResult, LedgerState]:
    """Rules 5-7 for an open month: VT reserve ledger, advance, corrections taken in, carry-forward; and
    the bufferbudget decided for the month (rule 13).

    In the month a case ends nothing expires: every open overpayment goes on to the final settlement,
    where the reserved holiday allowance is paid out and can still set it off (rule 12)."""
    setup, figures = context.setup, context.figures
    month = setup.month
    lines = list(figures.lines)
    allowance_corrections = (
        sum([c.holiday_allowance_delta for c in pending], rounding.ZERO) if pending else rounding.ZERO
    )
    payout_month = month.month == setup.policy.holiday_allowance_payout_month
    paid_out, balance = vakantietoeslag.vakantietoeslag_saldo(
        opening=state.holiday_allowance_balance,
        set_off=figures.holiday_pay_set_off,
        reserve=figures.reserve,
        corrections=allowance_corrections,
        payout_month=payout_month,
    )
    lines.extend(
        _allowance_lines(context, state.holiday_allowance_balance, pending, payout_month, paid_out, balance)
    )
    lines.extend(setup.advance_lines)
    if setup.advance:
        lines.extend(_advance_warning(context, parameters.for_month(k.ADVANCE_MINIMUM_RATE, month)))
    corrections_total = sum([c.payout_delta for c in pending], rounding.ZERO) if pending else rounding.ZERO
    lines.extend(
        Line(
            Code.CORRECTION,
            c.payout_delta,
            verrekening.CORRECTION_REFERENCE,
            "Correctie {} (goedgekeurd; uitbetaling herberekend): € {}",
            (c.month, c.payout_delta),
        )
        for c in pending
        if c.payout_delta
    )
    difference = verrekening.verrekening_voorschot(
        payout=figures.payout, corrections=corrections_total, advance=setup.advance
    )
    lines.append(
        Line(
            Code.DIFFERENCE,
            difference,
            verrekening.REFERENCE,
            "Verschil: uitbetaling € {} + correcties € {} − voorschot € {} = € {}",
            (figures.payout, corrections_total, setup.advance, difference),
        )
    )
    offset_months = parameters.for_month(k.OVERPAYMENT_OFFSET_MONTHS, month)
    carry = verrekening.te_veel_betaald(
        difference=difference, month=month, open_items=state.overpayments, offset_months=offset_months.whole
    )
    if setup.end is not None:
        carry = carry._replace(open=carry.not_offset + carry.open, not_offset=())
    lines.extend(_carry_lines(carry, offset_months))
    offset = sum([t for _, t in carry.offsets], rounding.ZERO)
    not_offset = sum([item.amount for item in carry.not_offset], rounding.ZERO)
    maximum = buffer.maximum(month=month, policy=setup.policy, parameters=parameters)
    used = None
    proposal = None
    if uses or maximum is not None:
        outcome = bufferbudget.bufferbudget_gebruik(
            month=month,
            uses=uses,
            ledger=buffer,
            maximum=maximum,
            not_offset=not_offset,
            offset=offset,
            shortfall=setup.norm - figures.income_total - setup.advance - carry.to_pay,
        )
        lines.extend(outcome.lines)
        not_offset -= outcome.absorbed
        carry = carry._replace(to_pay=carry.to_pay + outcome.top_up)
        used = outcome.absorbed + outcome.top_up
        proposal = outcome.proposal
    lines.append(
        Line(
            Code.PAYOUT_DATE,
            None,
            "gemeentelijk beleid (betaaldag)",
            "Betaaldatum van de bijstand over {}: {}",
            (month, setup.payout_date),
        )
    )
    result = month_result(
        context,
        lines,
        kind=ResultKind.SETTLEMENT,
        paid_out=paid_out,
        balance=balance,
        corrections_total=corrections_total,
        difference=difference,
        offset=offset,
        to_pay=carry.to_pay,
        overpaid=carry.overpaid,
        not_offset=not_offset,
        carry_forward=carry.open,
        corrections=tuple(pending),
        buffer_used=used,
        buffer_proposal=proposal,
    )
    return result, LedgerState(balance, carry.open)


def _allowance_lines(
    context: MonthContext,
    opening: Decimal,
    pending: Sequence[Correction],
    payout_month: bool,
    paid_out: Decimal,
    balance: Decimal,
) -> list[Line]:
    reference = vakantietoeslag.REFERENCE
    lines = [
        Line(
            Code.HOLIDAY_ALLOWANCE_OPENING,
            opening,
            reference,
            "Gereserveerde vakantietoeslag aan het begin van {}: € {}",
            (context.setup.month, opening),
        )
    ]
    lines.extend(
        Line(
            Code.HOLIDAY_ALLOWANCE_CORRECTION,
            c.holiday_allowance_delta,
            verrekening.CORRECTION_REFERENCE,
            "Correctie vakantietoeslag {} (goedgekeurd; herberekend): € {}",
            (c.month, c.holiday_allowance_delta),
        )
        for c in pending
        if c.holiday_allowance_delta
    )
    if payout_month:
        lines.append(
            Line(
                Code.HOLIDAY_ALLOWANCE_PAID,
                paid_out,
                reference,
                "Uitbetaald in {}: de gereserveerde vakantietoeslag van de afgelopen twaalf maanden, € {}",
                (context.setup.month, paid_out),
            )
        )
    lines.append(
        Line(
            Code.HOLIDAY_ALLOWANCE_CLOSING,
            balance,
            reference,
            "Gereserveerde vakantietoeslag aan het eind van {}: € {}",
            (context.setup.month, balance),
        )
    )
    return lines


def _carry_lines(carry: verrekening.CarryForward, offset_months: ParameterValue) -> list[Line]:
    reference = verrekening.OFFSET_REFERENCE
    lines = [
        Line(
            Code.OFFSET,
            amount,
            reference,
            "Verrekend met te veel betaald over {}: € {}",
            (item.month, amount),
        )
        for item, amount in carry.offsets
    ]
    lines.append(
        Line(Code.BACK_PAYMENT, carry.to_pay, verrekening.REFERENCE, "Nabetaling: € {}", (carry.to_pay,))
    )
    if carry.overpaid:
        lines.append(
            Line(
                Code.OVERPAID,
                carry.overpaid,
                reference,
                "Te veel betaald: € {}; wordt verrekend met de uitbetalingen van de volgende {}",
                (carry.overpaid, offset_months),
            )
        )
    lines.extend(
        Line(
            Code.NOT_OFFSET,
            item.amount,
            reference,
            "Van te veel betaald over {} is € {} niet binnen de termijn verrekend: ter beslissing aan de"
            " gemeente; Loonbrug maakt zelf geen terugvordering",
            (item.month, item.amount),
        )
        for item in carry.not_offset
    )
    lines.extend(
        Line(
            Code.CARRIED_FORWARD,
            item.amount,
            reference,
            "Nog te verrekenen: € {} uit {}, uiterlijk in {}",
            (item.amount, item.month, item.last_month),
        )
        for item in carry.open
    )
    return lines


def _advance_warning(context: MonthContext, minimum: ParameterValue) -> tuple[Line, ...]:
    """A warning when the advance is below the least share of the expected bijstand (art. 52 lid 1).

    The line is informative: no amount depends on the rate, so it does not carry the parameter and an
    unconfirmed rate does not make the settlement provisional; its text says so instead.
    """
    setup = context.setup
    expected, least = verrekening.voorschot_minimum(
        norm=setup.norm, expected_income=context.expected_income, rate=minimum.number
    )
    if setup.advance >= least:
        return ()
    if context.expected_income is None:
        basis: tuple[str, tuple[object, ...]] = ("de norm; er is nog geen volledige maand inkomen bekend", ())
    else:
        basis = (
            "norm € {} min het getelde inkomen € {} van de laatste volledige maand",
            (setup.norm, context.expected_income),
        )
    note = "" if minimum.confirmed else "; dit percentage is nog niet bevestigd"
    return (
        Line(
            Code.ADVANCE_BELOW_MINIMUM,
            None,
            minimum.article,
            "Let op: voorschot € {} is minder dan {} van de verwachte bijstand € {} ("
            + basis[0]
            + ") = € {}"
            + note,
            (setup.advance, minimum, expected, *basis[1], least),
        ),
    )


def month_result(
    context: MonthContext,
    lines: list[Line],
    *,
    kind: ResultKind,
    paid_out: Decimal | None,
    balance: Decimal | None,
    corrections_total: Decimal | None,
    difference: Decimal | None,
    offset: Decimal | None,
    to_pay: Decimal | None,
    overpaid: Decimal | None,
    not_offset: Decimal | None,
    carry_forward: tuple[Overpayment, ...],
    corrections: tuple[Correction, ...],
    correction_carried: Correction | None = None,
    correction_to: Month | None = None,
    buffer_used: Decimal | None = None,
    buffer_proposal: BufferProposalResult | None = None,
) -> MonthResult:
    """The month result from its context and lines, with remaining-to-exit, missing and provisional lines."""
    setup, figures = context.setup, context.figures
    lines.extend(context.extra_lines)
    lines.extend(context.remaining_lines)
    lines.extend(missing_lines(context.missing))
    parameters = used_parameters(lines)
    lines.extend(provisional_lines(parameters))
    return MonthResult(
        setup.month,
        kind,
        setup.regime,
        setup.attribution,
        context.complete,
        setup.norm,
        figures.income_total,
        figures.disregard,
        figures.bijstand,
        figures.payout,
        figures.reserve,
        figures.holiday_pay_set_off,
        paid_out,
        balance,
        setup.advance,
        corrections_total,
        difference,
        offset,
        to_pay,
        overpaid,
        not_offset,
        carry_forward,
        corrections,
        correction_carried,
        correction_to,
        setup.payout_date,
        context.remaining,
        context.missing,
        context.records,
        parameters,
        not all([p.confirmed for p in parameters]),
        tuple(lines),
        setup.end,
        setup.pro_rata,
        context.exit_forecast,
        context.hold,
        buffer_used,
        buffer_proposal,
        figures.business_income,
    )
