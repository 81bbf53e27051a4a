"""Rule 7 for an approved month: recompute it, let the approved figures stand, and carry what changed as a
correction into the first open month after it."""

from __future__ import annotations

from decimal import Decimal

from gateway.engine.errors import EngineInputError
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import ApprovedMonth, Correction
from gateway.engine.ledger import MonthContext, month_result
from gateway.engine.results import MonthResult
from gateway.engine.rules import verrekening
from schemas.figures import ResultKind
from schemas.periods import Month


def recompute(
    *,
    context: MonthContext,
    approved: ApprovedMonth,
    already: tuple[Decimal, Decimal],
    correction_to: Month | None,
) -> tuple[MonthResult, Correction | None]:
    """Recompute an approved month and the correction to carry into `correction_to` (None when unchanged)."""
    figures = context.figures
    month = context.setup.month
    payout_delta = verrekening.correctie(
        recomputed=figures.payout, approved=approved.payout, already_corrected=already[0]
    )
    allowance_delta = verrekening.correctie(
        recomputed=figures.reserve - figures.holiday_pay_set_off,
        approved=approved.holiday_allowance_reserve - approved.holiday_pay_set_off,
        already_corrected=already[1],
    )
    lines = list(figures.lines)
    lines.append(
        Line(
            Code.APPROVED,
            None,
            verrekening.CORRECTION_REFERENCE,
            "{} is goedgekeurd met uitbetaling € {}, vakantietoeslag € {} en vakantiegeld verrekend € {};"
            " eerder gecorrigeerd: € {} en vakantietoeslag € {}",
            (
                month,
                approved.payout,
                approved.holiday_allowance_reserve,
                approved.holiday_pay_set_off,
                already[0],
                already[1],
            ),
        )
    )
    correction = None
    if payout_delta or allowance_delta:
        if correction_to is None:
            raise EngineInputError(
                "lastMonth",
                f"de correctie van {month} heeft geen open maand erna om in te "
                "worden verwerkt; reken tot en met een open maand",
            )
        correction = Correction(month, payout_delta, allowance_delta)
        lines.append(
            Line(
                Code.CORRECTION_CARRIED,
                payout_delta,
                verrekening.CORRECTION_REFERENCE,
                "Uitbetaling herberekend € {} − goedgekeurd € {} − eerder gecorrigeerd € {} = € {},"
                " verwerkt in {}",
                (figures.payout, approved.payout, already[0], payout_delta, correction_to),
            )
        )
        lines.append(
            Line(
                Code.HOLIDAY_ALLOWANCE_CORRECTION_CARRIED,
                allowance_delta,
                verrekening.CORRECTION_REFERENCE,
                "Vakantietoeslag (reservering − verrekend vakantiegeld) herberekend € {} − goedgekeurd € {}"
                " − eerder gecorrigeerd € {} = € {}, verwerkt in {}",
                (
                    figures.reserve - figures.holiday_pay_set_off,
                    approved.holiday_allowance_reserve - approved.holiday_pay_set_off,
                    already[1],
                    allowance_delta,
                    correction_to,
                ),
            )
        )
    result = month_result(
        context,
        lines,
        kind=ResultKind.RECOMPUTATION,
        paid_out=None,
        balance=None,
        corrections_total=None,
        difference=None,
        offset=None,
        to_pay=None,
        overpaid=None,
        not_offset=None,
        carry_forward=(),
        corrections=(),
        correction_carried=correction,
        correction_to=correction_to if correction else None,
    )
    return result, correction
