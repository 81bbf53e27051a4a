"""Rule 5 and the holiday allowance (vakantietoeslag, VT) reserve.

The norms include 5% VT, which is reserved every month and paid out once a year in the municipality's
payout month (policy `holidayAllowancePayoutMonth`, default June), for the twelve months before.
Holiday pay from wages (vakantiegeld) is municipal policy: by default the net holiday pay an agency
pays out is set against the reserve, and what exceeds the reserve counts as income from work in the
month it is paid; a municipality may instead count all of it as income in the month it is paid.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gateway.engine import rounding
from schemas.figures import HolidayPayTreatment

REFERENCE = "art. 19 en art. 45 Participatiewet"
HOLIDAY_PAY_REFERENCE = "art. 31 en art. 32 Participatiewet; gemeentelijk beleid vakantiegeld"


def vakantiegeld_verrekening(
    *, holiday_pay: Sequence[Decimal], balance: Decimal, treatment: HolidayPayTreatment
) -> tuple[tuple[Decimal, Decimal], ...]:
    """Rule 5 (policy; art. 31-32 Pw): for each net holiday pay amount, in order, the part set against the
    VT reserve and the part that counts as income. Earlier amounts use the reserve first."""
    result = []
    left = balance if treatment is HolidayPayTreatment.SET_AGAINST_RESERVE else rounding.ZERO
    for amount in holiday_pay:
        set_off = min(amount, max(left, rounding.ZERO))
        left -= set_off
        result.append((set_off, amount - set_off))
    return tuple(result)


def vakantietoeslag_saldo(
    *,
    opening: Decimal,
    set_off: Decimal,
    reserve: Decimal,
    corrections: Decimal,
    payout_month: bool,
) -> tuple[Decimal, Decimal]:
    """The VT paid out this month and the reserve at the end of the month (art. 19 and 45 Pw).

    Holiday pay set off and corrections of approved months change the reserve first; in the payout
    month what is then left is paid out; this month's reservation starts the new year.
    """
    available = opening - set_off + corrections
    paid_out = max(available, rounding.ZERO) if payout_month else rounding.ZERO
    return paid_out, available - paid_out + reserve
