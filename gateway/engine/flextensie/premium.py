"""The premium for work (premie arbeidsinschakeling, art. 31 lid 2 onder j Pw): accrual and payouts.

The worker earns the placement's premium per hour for every approved hour. What one worker accrues in a
calendar year, over all placements together, never exceeds the statutory maximum per calendar year (the
value in force in the month of the work; it is indexed on 1 January and 1 July). Accrual follows the
order in which timesheets are approved, so an approved accrual never changes afterwards.

The premium is paid on at most `payoutsPerYear` moments a year (werkproces stap 7c), on dates the
consultant sets. A payout pays what was accrued for work up to its date and not paid before, but never
more than leaves the payouts of its calendar year within the maximum: the law caps what is granted in a
year, so a premium earned in December and paid in January counts for January's year. What is left waits
for the next moment. The premium is not income for the benefit (that is what lid 2 j says).

Art. 31 lid 5: the premium does not apply to a person under 27 (age on the first day of the month of
the work), except for a person in the wage-cost-subsidy target group (doelgroep loonkostensubsidie, a
case fact). The hours of such a month are still recorded, with a premium of nil and the reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.explain import Line
from gateway.engine.flextensie import rounding
from gateway.engine.flextensie.codes import PREMIUM_REFERENCE, Code
from gateway.engine.flextensie.policy import PolicyVersion
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from gateway.engine.rules.leeftijd import leeftijd
from schemas.periods import Month

ZERO = rounding.ZERO
AGE_LIMIT_REFERENCE = "art. 31 lid 5 Participatiewet"


@dataclass(frozen=True, slots=True, repr=False)
class PremiumWorker:
    """What art. 31 lid 5 asks about the worker: the birth date and the wage-cost-subsidy target group."""

    birth_date: dt.date
    wage_cost_subsidy_target_group: bool

    def __repr__(self) -> str:
        return "PremiumWorker(…)"


@dataclass(frozen=True, slots=True)
class Accrual:
    """The premium for the hours of one timesheet that fall in one month."""

    month: Month
    last_day: dt.date
    hours: Decimal
    amount: Decimal
    lines: tuple[Line, ...]
    parameters: tuple[ParameterValue, ...]


@dataclass(frozen=True, slots=True)
class PayoutFigures:
    """What a payout on `date` pays, with how it was reached."""

    date: dt.date
    amount: Decimal
    available: Decimal
    cap: ParameterValue
    lines: tuple[Line, ...]


def premie_opbouw(
    *,
    days: Iterable[tuple[dt.date, Decimal]],
    rate: Decimal,
    accrued: Mapping[int, Decimal],
    worker: PremiumWorker,
    parameters: ParameterSet,
) -> tuple[Accrual, ...]:
    """The accruals of one approved timesheet, per month, given what was `accrued` per year before it.

    In a month in which the worker is younger than `premium.minimum_age` and not in the wage-cost-subsidy
    target group the accrual is nil, with a line saying why (art. 31 lid 5)."""
    by_month: dict[Month, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for day, hours in days:
        if hours > 0:
            by_month[Month.of(day)].append((day, hours))
    running = dict(accrued)
    result = []
    for month in sorted(by_month):
        worked = by_month[month]
        hours = sum((h for _, h in worked), ZERO)
        last = max(d for d, _ in worked)
        minimum_age = parameters.for_month(k.PREMIUM_MINIMUM_AGE, month)
        age = leeftijd(birth_date=worker.birth_date, month=month)
        if age < minimum_age.whole and not worker.wage_cost_subsidy_target_group:
            line = Line(
                Code.PREMIUM_NOT_APPLICABLE,
                ZERO,
                AGE_LIMIT_REFERENCE,
                "Geen premie over {} uur in {}: de werkende is dan {} jaar, jonger dan {}, en hoort niet "
                "bij de doelgroep loonkostensubsidie",
                (hours, month, age, minimum_age),
                parameters=(minimum_age,),
            )
            result.append(Accrual(month, last, hours, ZERO, (line,), (minimum_age,)))
            continue
        uncapped = rounding.premium(hours, rate)
        cap = parameters.for_month(k.PREMIUM_MAX_PER_YEAR, month)
        already = running.get(month.year, ZERO)
        room = max(ZERO, cap.number - already)
        amount = min(uncapped, room)
        lines = [
            Line(
                Code.PREMIUM_ACCRUAL,
                uncapped,
                PREMIUM_REFERENCE,
                "{} uur gewerkt in {} × € {} premie per uur = € {}",
                (hours, month, rate, uncapped),
            )
        ]
        if amount < uncapped:
            lines.append(
                Line(
                    Code.PREMIUM_CAP,
                    amount,
                    PREMIUM_REFERENCE,
                    "Maximum per kalenderjaar € {}; in {} al opgebouwd € {}, nog ruimte € {}: opbouw € {}",
                    (cap, month.year, already, room, amount),
                    parameters=(cap,),
                )
            )
        running[month.year] = already + amount
        if age < minimum_age.whole:
            lines.append(
                Line(
                    Code.PREMIUM_TARGET_GROUP,
                    None,
                    AGE_LIMIT_REFERENCE,
                    "Premie ondanks leeftijd {} jaar (jonger dan {}): de werkende hoort bij de doelgroep "
                    "loonkostensubsidie",
                    (age, minimum_age),
                    parameters=(minimum_age,),
                )
            )
        result.append(Accrual(month, last, hours, amount, tuple(lines), (cap,)))
    return tuple(result)


def premie_uitbetaling(
    *,
    payout_date: dt.date,
    accrued_until: Decimal,
    paid_before: Decimal,
    paid_in_year: Decimal,
    parameters: ParameterSet,
) -> PayoutFigures:
    """A payout on `payout_date`: accrued for work up to that day, less what was paid, within the year cap.

    `accrued_until` counts accruals for work up to and including `payout_date`; `paid_before` every
    earlier payout; `paid_in_year` the earlier payouts in the calendar year of `payout_date`.
    """
    available = max(ZERO, accrued_until - paid_before)
    cap = parameters.at(k.PREMIUM_MAX_PER_YEAR, payout_date)
    room = max(ZERO, cap.number - paid_in_year)
    amount = min(available, room)
    lines = [
        Line(
            Code.PAYOUT_AVAILABLE,
            available,
            PREMIUM_REFERENCE,
            "Opgebouwd voor werk tot en met {}: € {}; eerder uitbetaald € {}; beschikbaar € {}",
            (payout_date, accrued_until, paid_before, available),
        )
    ]
    if amount < available:
        lines.append(
            Line(
                Code.PAYOUT_CAP,
                amount,
                PREMIUM_REFERENCE,
                "Maximum per kalenderjaar € {}; in {} al uitbetaald € {}: nu hoogstens € {}, de rest later",
                (cap, payout_date.year, paid_in_year, amount),
                parameters=(cap,),
            )
        )
    lines.append(
        Line(Code.PAYOUT, amount, PREMIUM_REFERENCE, "Uitbetaling op {}: € {}", (payout_date, amount))
    )
    return PayoutFigures(payout_date, amount, available, cap, tuple(lines))


def uitbetaalmoment_toegestaan(*, moments_in_year: int, version: PolicyVersion) -> bool:
    """Whether one more payout moment fits in a year that already has `moments_in_year`."""
    return moments_in_year < version.policy.payouts_per_year
