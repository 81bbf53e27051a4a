"""Rule 12, the exit forecast (uitstroomsignaal): warn before the payout when income will end the need
for bijstand.

It fires for a month when (a) the claimant's income so far has reached the exit income of rule 8, or
(b) the income reached the exit income in each of the two months before, or (c) the income so far, with
the days still without pay data (the rest of the month, and missing pay slips) at the recent weekly net
pay, will reach it. Only income from pay
records counts; nothing is estimated into a settlement by this rule, it only raises the signal (and,
under the hold policy, keeps the payout until the month's pay data is complete).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from schemas.figures import ExitForecastBasis

REFERENCE = "art. 11 en art. 31 lid 2 Participatiewet; uitstroominkomen (nog te verdienen)"
MONTHS_REACHED = 2
"""How many months in a row at or above the exit income fire the signal for the next month."""


class Forecast(NamedTuple):
    """Why the signal fired and the month's income expected at this pace."""

    basis: ExitForecastBasis
    projected: Decimal


def uitstroomprognose(
    *,
    exit_income: Decimal,
    income_so_far: Decimal,
    weekly_net: Decimal | None,
    days_left: int,
    months_reached_before: int,
) -> Forecast | None:
    """The exit forecast of one month, or None when it does not fire (see the module docstring).

    `days_left` are the calendar days of the month without pay data: after the reference day, and the
    days of enrollments without a pay slip up to it; `months_reached_before`
    counts the months in a row just before this one in which income reached that month's exit income.
    """
    if exit_income <= 0:
        return None
    projected = income_so_far
    if weekly_net and days_left > 0:
        projected += rounding.half_up(weekly_net * days_left / 7)
    if income_so_far >= exit_income:
        return Forecast(ExitForecastBasis.REACHED, projected)
    if months_reached_before >= MONTHS_REACHED:
        return Forecast(ExitForecastBasis.TWO_MONTHS, projected)
    if projected >= exit_income:
        return Forecast(ExitForecastBasis.FORECAST, projected)
    return None
