"""Rule 12, the final settlement (eindafrekening) after the end of a case.

It follows the last month and is kept as the month after it. The reserved holiday allowance is paid out
at the end (art. 45 Pw), corrections of approved months still to be carried are taken in, and an
advance paid for a month after the end is paid too much. Every open overpayment is then set off against
what is still to be paid, oldest first, whatever its term (art. 58 lid 4 Pw): no payout follows to set
off the rest. What is left is `notOffset`: the bufferbudget may absorb it by a consultant's decision
(art. 34b), and only the municipality decides on a claim; the engine never creates one.

A final settlement is always computed whole, from the ledger after the last month. When an earlier
version was approved, what it paid is subtracted, so a new version (a late pay record) pays or reports
only what is new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gateway.engine import rounding
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import ApprovedMonth, Correction, LedgerState
from gateway.engine.parameters import ParameterSet
from gateway.engine.results import (
    HoldResult,
    MissingSpan,
    MonthResult,
    Remaining,
    missing_lines,
    provisional_lines,
    used_parameters,
)
from gateway.engine.rules import beeindiging, bufferbudget, vakantietoeslag, verrekening
from schemas.benefit_case import Advance, BufferUse, BufferUseKind, CaseEnd
from schemas.case import MunicipalPolicy
from schemas.figures import Regime, ResultKind
from schemas.periods import Month

_NOTHING = Remaining(
    rounding.ZERO, rounding.ZERO, rounding.ZERO, None, None, None, rounding.ZERO, None, None, None, None
)


def settle_final(
    *,
    end: CaseEnd,
    month: Month,
    state: LedgerState,
    pending: Sequence[Correction],
    advances: Sequence[Advance],
    uses: Sequence[BufferUse],
    buffer: bufferbudget.BufferLedger,
    previous: ApprovedMonth | None,
    regime: Regime,
    policy: MunicipalPolicy,
    parameters: ParameterSet,
    payout_date: dt.date,
    complete: bool,
    missing: tuple[MissingSpan, ...],
    hold: HoldResult | None,
    hold_lines: tuple[Line, ...],
) -> MonthResult:
    """The final settlement of a case that ended (see the module docstring).

    `month` is the month after the end month, `state` the ledger after the end month, `pending` the
    corrections not yet carried by an approved version, `advances` those recorded for months after the
    end month, `uses` the bufferbudget decisions for `month`, and `previous` the approved final
    settlement, if any: its corrections were carried before and its payment was made.
    """
    end_month = month.shift(-1)
    lines = [
        Line(
            Code.END,
            None,
            beeindiging.REFERENCE,
            "Eindafrekening: de bijstand is beëindigd op {} ({}); {} was de laatste maand",
            (end.end_date, beeindiging.REASONS[end.reason], end_month),
        )
    ]
    corrections = (*(previous.corrections if previous else ()), *pending)
    allowance_corrections = sum([c.holiday_allowance_delta for c in corrections], rounding.ZERO)
    payout_corrections = sum([c.payout_delta for c in corrections], rounding.ZERO)
    opening = state.holiday_allowance_balance
    paid_out, balance = vakantietoeslag.vakantietoeslag_saldo(
        opening=opening,
        set_off=rounding.ZERO,
        reserve=rounding.ZERO,
        corrections=allowance_corrections,
        payout_month=True,
    )
    lines.append(
        Line(
            Code.HOLIDAY_ALLOWANCE_OPENING,
            opening,
            vakantietoeslag.REFERENCE,
            "Gereserveerde vakantietoeslag na {}: € {}",
            (end_month, opening),
        )
    )
    lines.extend(
        Line(
            Code.CORRECTION if c.payout_delta else Code.HOLIDAY_ALLOWANCE_CORRECTION,
            amount,
            verrekening.CORRECTION_REFERENCE,
            "Correctie {} (goedgekeurd; herberekend): " + what + " € {}",
            (c.month, amount),
        )
        for c in corrections
        for what, amount in (("uitbetaling", c.payout_delta), ("vakantietoeslag", c.holiday_allowance_delta))
        if amount
    )
    lines.append(
        Line(
            Code.HOLIDAY_ALLOWANCE_PAID,
            paid_out,
            beeindiging.FINAL_REFERENCE,
            "De gereserveerde vakantietoeslag wordt bij het einde van de bijstand uitbetaald: € {}",
            (paid_out,),
        )
    )
    advance = sum([a.amount for a in advances], rounding.ZERO)
    lines.extend(
        Line(
            Code.ADVANCE_AFTER_END,
            a.amount,
            "art. 52 Participatiewet",
            "Voorschot over {} na het einde van de bijstand: € {} is te veel betaald",
            (a.month, a.amount),
        )
        for a in advances
    )
    # A negative reserve (a correction took back more than was reserved) is owed like an overpayment.
    difference = paid_out + min(balance, rounding.ZERO) + payout_corrections - advance
    lines.append(
        Line(
            Code.DIFFERENCE,
            difference,
            beeindiging.FINAL_REFERENCE,
            "Verschil: vakantietoeslag € {} + correcties € {} − voorschotten na het einde € {} = € {}",
            (paid_out + min(balance, rounding.ZERO), payout_corrections, advance, difference),
        )
    )
    lines.extend(
        Line(
            Code.CARRIED_FORWARD,
            item.amount,
            verrekening.OFFSET_REFERENCE,
            "Nog te verrekenen uit {}: € {}",
            (item.month, item.amount),
        )
        for item in state.overpayments
    )
    carry = verrekening.eindverrekening(amount=difference, month=month, open_items=state.overpayments)
    lines.extend(
        Line(
            Code.OFFSET,
            amount,
            verrekening.OFFSET_REFERENCE,
            "Verrekend met te veel betaald over {}: € {}",
            (item.month, amount),
        )
        for item, amount in carry.offsets
    )
    to_pay = carry.to_pay
    not_offset = sum([item.amount for item in carry.not_offset], rounding.ZERO)
    if previous is not None:
        # The approved version was paid; pay only what is new, and what it paid too much is not set off.
        lines.append(
            Line(
                Code.PAID_BEFORE,
                previous.to_pay,
                beeindiging.FINAL_REFERENCE,
                "Bij de goedgekeurde eindafrekening al betaald: € {}",
                (previous.to_pay,),
            )
        )
        to_pay -= previous.to_pay
        if to_pay < 0:
            not_offset -= to_pay
            to_pay = rounding.ZERO
    lines.append(
        Line(
            Code.BACK_PAYMENT,
            to_pay,
            verrekening.REFERENCE,
            "Te betalen bij de eindafrekening: € {}",
            (to_pay,),
        )
    )
    maximum = buffer.maximum(month=month, policy=policy, parameters=parameters)
    buffer_used = proposal = None
    if uses or maximum is not None:
        lines.extend(
            Line(
                Code.BUFFER_REFUSED,
                u.amount,
                bufferbudget.REFERENCE,
                "Besluit bufferbudget € {} als aanvulling niet verwerkt: na het einde van de bijstand is er"
                " geen maand meer aan te vullen",
                (u.amount,),
            )
            for u in uses
            if u.kind is BufferUseKind.TOP_UP
        )
        outcome = bufferbudget.bufferbudget_gebruik(
            month=month,
            uses=[u for u in uses if u.kind is BufferUseKind.ABSORB],
            ledger=buffer,
            maximum=maximum,
            not_offset=not_offset,
            offset=rounding.ZERO,
            shortfall=rounding.ZERO,
        )
        lines.extend(outcome.lines)
        not_offset -= outcome.absorbed
        buffer_used, proposal = outcome.absorbed, outcome.proposal
    if not_offset:
        lines.append(
            Line(
                Code.NOT_OFFSET,
                not_offset,
                verrekening.OFFSET_REFERENCE,
                "Niet verrekend: € {}; er volgt geen uitbetaling meer om mee te verrekenen. Ter beslissing"
                " aan de gemeente; Loonbrug maakt zelf geen terugvordering",
                (not_offset,),
            )
        )
    if not complete:
        lines.append(
            Line(
                Code.CORRECTION_EXPECTED,
                None,
                verrekening.CORRECTION_REFERENCE,
                "Nog niet compleet: komt er nog een loonstrook over {}, dan volgt een nieuwe versie van deze"
                " eindafrekening",
                (end_month,),
            )
        )
    lines.extend(hold_lines)
    lines.append(
        Line(
            Code.PAYOUT_DATE,
            None,
            "gemeentelijk beleid (betaaldag)",
            "Betaaldatum van de eindafrekening: {}",
            (payout_date,),
        )
    )
    lines.extend(missing_lines(missing))
    parameters_used = used_parameters(lines)
    lines.extend(provisional_lines(parameters_used))
    zero = rounding.ZERO
    return MonthResult(
        month,
        ResultKind.FINAL,
        regime,
        policy.attribution,
        complete,
        zero,
        zero,
        zero,
        zero,
        zero,
        zero,
        zero,
        paid_out,
        balance - min(balance, zero),
        advance,
        payout_corrections,
        difference,
        sum([amount for _, amount in carry.offsets], zero),
        to_pay,
        max(-difference, zero),
        not_offset,
        (),
        tuple(corrections),
        None,
        None,
        payout_date,
        _NOTHING,
        missing,
        (),
        parameters_used,
        not all([p.confirmed for p in parameters_used]),
        tuple(lines),
        end,
        None,
        None,
        hold,
        buffer_used,
        proposal,
    )


def unchanged(result: MonthResult, previous: ApprovedMonth) -> bool:
    """True when a recomputed final settlement brings nothing new against its approved version."""
    return (
        result.to_pay == 0
        and result.not_offset == previous.not_offset
        and (result.buffer_used or rounding.ZERO) == previous.buffer_used
        and result.advance == previous.advance
        and tuple(result.corrections) == tuple(previous.corrections)
    )
