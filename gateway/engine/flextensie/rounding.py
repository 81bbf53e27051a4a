"""Every rounding of the Flextensie rules, with its rule written next to it.

The arithmetic is the engine's (`gateway.engine.rounding`); this module says where each rule applies, so
a change of rounding policy for Flextensie is a change in this one file.

1. The premium for the part of a timesheet that falls in one month: hours × premium per hour, rounded
   half up to the cent (`premium`).
2. An invoice line (one ISO week's hours within the month × tariff): half up to the cent; the invoice
   amount is the sum of its lines, so the lines always add up to the amount (`invoice_line`).
3. VAT and back-office costs: a percentage of the invoice amount without VAT, half up to the cent
   (`percentage`).
4. The minimum tariff: rounded up to the cent, so that a tariff equal to the minimum shown is never below
   the exact minimum (`minimum_tariff`).
5. The remainder to the municipality is a difference of amounts that are already in cents and is never
   rounded: that is what makes invoice amount = premium + travel + back office + remainder, to the cent.
"""

from __future__ import annotations

from decimal import Decimal

from gateway.engine import rounding

ZERO = rounding.ZERO


def premium(hours: Decimal, rate: Decimal) -> Decimal:
    """Rule 1."""
    return rounding.half_up(hours * rate)


def invoice_line(hours: Decimal, tariff: Decimal) -> Decimal:
    """Rule 2."""
    return rounding.half_up(hours * tariff)


def percentage(amount: Decimal, rate: Decimal) -> Decimal:
    """Rule 3."""
    return rounding.half_up(amount * rate)


def minimum_tariff(wage: Decimal, on_cost_rate: Decimal) -> Decimal:
    """Rule 4."""
    return rounding.up(wage * (1 + on_cost_rate))
