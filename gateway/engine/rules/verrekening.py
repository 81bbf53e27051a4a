"""Rules 6 and 7: settlement with the advance, carrying an overpayment forward, and corrections.

Participatiewet art. 58 lid 4: an advance paid too much is set off against the payouts of the next
months, within 6 months; the engine never creates a recovery claim. What is not set off within that
time is reported for the municipality to decide on.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.inputs import Overpayment
from schemas.periods import Month

REFERENCE = "art. 52 Participatiewet"
OFFSET_REFERENCE = "art. 58 lid 4 Participatiewet"
CORRECTION_REFERENCE = "art. 54 lid 3 Participatiewet (herziening); correctie in de eerste open maand"


def verrekening_voorschot(*, payout: Decimal, corrections: Decimal, advance: Decimal) -> Decimal:
    """Difference = payout + corrections of approved months − advance paid for the month (art. 52 Pw).

    Positive: a back payment (nabetaling); negative: paid too much.
    """
    return payout + corrections - advance


def voorschot_minimum(
    *, norm: Decimal, expected_income: Decimal | None, rate: Decimal
) -> tuple[Decimal, Decimal]:
    """The expected bijstand of a month and the least advance on it (art. 52 lid 1 Pw).

    The expected bijstand is what the college can foresee before the month's pay is known: the month's
    norm less the counted income (income − disregard) of the last complete month before it, or the norm
    when no complete month is known. The least advance is `rate` × that, rounded half up to the cent.
    """
    expected = norm if expected_income is None else max(rounding.ZERO, norm - expected_income)
    return expected, rounding.half_up(rate * expected)


class CarryForward(NamedTuple):
    """What the difference of one month leads to."""

    to_pay: Decimal
    """Back payment after setting off earlier overpayments."""
    offsets: tuple[tuple[Overpayment, Decimal], ...]
    """Earlier overpayments set off this month, with the amount."""
    overpaid: Decimal
    """Paid too much this month, carried forward."""
    open: tuple[Overpayment, ...]
    """Overpayments still to set off after this month."""
    not_offset: tuple[Overpayment, ...]
    """Overpayments whose last month this was, with what could not be set off."""


def te_veel_betaald(
    *, difference: Decimal, month: Month, open_items: tuple[Overpayment, ...], offset_months: int
) -> CarryForward:
    """Set a positive difference off against open overpayments, oldest first (art. 58 lid 4), or carry a
    negative difference forward to be set off in the next `offset_months` months."""
    to_pay = max(difference, rounding.ZERO)
    overpaid = max(-difference, rounding.ZERO)
    offsets = []
    remaining = []
    for item in open_items:
        take = min(item.amount, to_pay)
        if take:
            offsets.append((item, take))
            to_pay -= take
        if item.amount - take:
            remaining.append(Overpayment(item.month, item.amount - take, item.last_month))
    still_open = tuple(item for item in remaining if item.last_month > month)
    expired = tuple(item for item in remaining if item.last_month <= month)
    if overpaid:
        still_open += (Overpayment(month, overpaid, month.shift(offset_months)),)
    return CarryForward(to_pay, tuple(offsets), overpaid, still_open, expired)


def correctie(*, recomputed: Decimal, approved: Decimal, already_corrected: Decimal) -> Decimal:
    """Art. 54 lid 3 Pw, DESIGN §4.7: the change to carry into the first open month: recomputed −
    approved − corrections already made."""
    return recomputed - approved - already_corrected


def eindverrekening(*, amount: Decimal, month: Month, open_items: tuple[Overpayment, ...]) -> CarryForward:
    """DESIGN §4.12: the final settlement sets every open overpayment off against what is still to be
    paid at the end (`amount`), oldest first, whatever its term; no payout follows to set off the rest,
    so what is left is not set off (`not_offset`) and nothing stays open. A negative `amount` is paid
    too much at the end and is not set off either."""
    carry = te_veel_betaald(difference=amount, month=month, open_items=open_items, offset_months=0)
    return carry._replace(open=(), not_offset=carry.not_offset + carry.open)
