"""Every rounding of the engine, with its rule written next to it.

Amounts are `Decimal` euros with two places. Nothing else in the engine rounds: rules call these
functions, so a change of rounding policy is a change in this one file.

1. Amounts the law derives from a percentage (payout, disregard, kostendelersnorm, a norm for part of a
   month) are rounded half up to the cent (`half_up`): 0.005 becomes 0.01.
2. Amounts a worker still has to earn (remaining-to-exit in gross or per week, hours still to work) are
   rounded up (`up`, `up_hours`), so that earning the shown figure is always enough.
3. A pay record split over months or weeks is divided by `allocate` (largest remainder, Hamilton): each
   part first gets its exact share rounded down to the cent; the cents that are left over go one by one
   to the parts with the largest remainders, and on equal remainders to the earlier part. The parts
   therefore always add up exactly to the record. With two parts (the usual case: a week or four weeks
   spanning two months) a larger record never gives a smaller part; only with three or more parts can
   one cent move between parts when the total grows (the known Alabama paradox of this method).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_HUNDRED = 100


def half_up(amount: Decimal) -> Decimal:
    """Round to the cent, half up (rule 1)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def up(amount: Decimal) -> Decimal:
    """Round up to the cent (rule 2)."""
    return amount.quantize(CENT, rounding=ROUND_CEILING)


def up_hours(hours: Decimal) -> Decimal:
    """Round hours up to a hundredth of an hour (rule 2)."""
    return hours.quantize(CENT, rounding=ROUND_CEILING)


def allocate(total: Decimal, weights: Sequence[int]) -> tuple[Decimal, ...]:
    """Split `total` (two places) over parts in proportion to `weights`, exactly to the cent (rule 3).

    `weights` are non-negative whole numbers (days) with a positive sum.
    """
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("allocate needs a positive total weight")
    if len(weights) == 1:
        return (total,)
    cents = int(total * _HUNDRED)
    if len(weights) == 2:
        # The usual case (a period over two months), without sorting: the same rule written out.
        first, first_rest = divmod(cents * weights[0], whole)
        second, second_rest = divmod(cents * weights[1], whole)
        if cents - first - second:
            if first_rest >= second_rest:
                first += 1
            else:
                second += 1
        return (Decimal(first) * CENT, Decimal(second) * CENT)
    shares = [divmod(cents * weight, whole) for weight in weights]
    parts = [share for share, _ in shares]
    left = cents - sum(parts)
    if left:
        # Largest remainder first; on a tie the earlier part (lower index) wins.
        order = sorted(range(len(weights)), key=lambda i: (-shares[i][1], i))
        for index in order[:left]:
            parts[index] += 1
    return tuple(Decimal(part) * CENT for part in parts)
