"""Rule 4, the benefit for the month and its split into payout and holiday allowance reserve."""

from __future__ import annotations

from decimal import Decimal

from gateway.engine import rounding

REFERENCE = "art. 19 Participatiewet"
PAYOUT_REFERENCE = "art. 19 en art. 45 Participatiewet"


def bijstand(*, norm: Decimal, income: Decimal, disregard: Decimal) -> Decimal:
    """Bijstand = max(0, norm − (income − disregard)) (Participatiewet art. 19; income art. 31-32)."""
    return max(rounding.ZERO, norm - (income - disregard))


def uitbetaling(*, bijstand: Decimal, holiday_allowance_rate: Decimal) -> tuple[Decimal, Decimal]:
    """The monthly payout and the holiday allowance (VT) reserve of `bijstand`.

    The payout is bijstand × (1 − VT rate), rounded half up to the cent; the reserve is the rest, so the
    two always add up to the bijstand. The reserve is paid out once a year (art. 45).
    """
    payout = rounding.half_up(bijstand * (1 - holiday_allowance_rate))
    return payout, bijstand - payout
