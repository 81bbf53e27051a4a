"""Rule 1, the norm: by household type and age, with the kostendelersnorm (Participatiewet art. 20-22a).

The published norms include the 5% holiday allowance. Ages are read on the first day of the month.
Household facts can change within a month (a cost-sharer moves in, a partner arrives) and the benefit
can start within a month: the month's norm is then the sum over the parts of the month of each part's
norm × its calendar days / the days of the month, each part rounded half up to the cent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.days import calendar_days, last_day
from gateway.engine.errors import EngineInputError, UnsupportedCaseError
from gateway.engine.explain import Code, Line
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from gateway.engine.rules.leeftijd import leeftijd, op_aow_leeftijd
from schemas.benefit_case import BenefitCase, HouseholdPeriod, HouseholdType
from schemas.periods import Month

KOSTENDELER_REFERENCE = "art. 22a lid 1 Participatiewet"
_HOUSEHOLD_NAMES = {
    HouseholdType.SINGLE: "alleenstaand",
    HouseholdType.SINGLE_PARENT: "alleenstaande ouder",
    HouseholdType.COUPLE: "gehuwd/samenwonend",
}


class NormSituation(NamedTuple):
    """The facts the norm depends on, for one household period within one month."""

    household_type: HouseholdType
    cost_sharers: int
    claimant_age: int
    claimant_at_pension_age: bool
    partner_age: int | None
    partner_at_pension_age: bool
    has_children: bool = False
    """The household facts name a (youngest) child: dependent children (art. 20 lid 2, art. 22a lid 3)."""


class NormOutcome(NamedTuple):
    """A full month's norm for one situation, with how it was found."""

    amount: Decimal
    template: str
    args: tuple[object, ...]
    reference: str
    parameters: tuple[ParameterValue, ...]


def kostendelersnorm(
    *, couple_norm: Decimal, persons: int, base_rate: Decimal, rate_per_person: Decimal
) -> Decimal:
    """The norm per person when `persons` (A) share a home: ((40% + A × 30%) / A) × the couple norm.

    Participatiewet art. 22a lid 1. A counts the claimant, a spouse aged 21 or over and every housemate
    aged 27 or over who is a cost-sharer; students, commercial tenants and lodgers do not count.
    """
    return rounding.half_up(couple_norm * (base_rate + persons * rate_per_person) / persons)


def norm(*, situation: NormSituation, month: Month, parameters: ParameterSet) -> NormOutcome:
    """The norm for a whole month in `situation` (Participatiewet art. 20, 21, 22 and 22a)."""
    at = parameters.for_month
    minimum_age = at(k.NORM_MINIMUM_AGE, month)
    adult_age = at(k.NORM_ADULT_AGE, month)
    if situation.claimant_age < minimum_age.whole:
        raise UnsupportedCaseError("case.birthDate", "jonger dan 18 jaar: de Participatiewet kent geen norm")
    if situation.household_type is HouseholdType.COUPLE:
        return _couple_norm(
            situation=situation,
            month=month,
            parameters=parameters,
            minimum_age=minimum_age,
            adult_age=adult_age,
        )
    if situation.claimant_age < adult_age.whole:
        parent = situation.household_type is HouseholdType.SINGLE_PARENT
        youth = at(k.NORM_SINGLE_PARENT_18_20 if parent else k.NORM_SINGLE_18_20, month)
        note = " (de kostendelersnorm geldt pas vanaf 21 jaar)" if situation.cost_sharers else ""
        template = youth.label + ": € {}" + note
        return NormOutcome(youth.number, template, (youth.number,), youth.article, (youth,))
    pension = situation.claimant_at_pension_age
    single = at(k.NORM_SINGLE_PENSION_AGE if pension else k.NORM_SINGLE, month)
    if situation.cost_sharers == 0:
        return NormOutcome(
            single.number, single.label + ": € {}", (single.number,), single.article, (single,)
        )
    couple = at(k.NORM_COUPLE_PENSION_AGE if pension else k.NORM_COUPLE, month)
    return _cost_sharing(
        couple=couple, persons=situation.cost_sharers + 1, partners=1, month=month, parameters=parameters
    )


def _couple_norm(
    *,
    situation: NormSituation,
    month: Month,
    parameters: ParameterSet,
    minimum_age: ParameterValue,
    adult_age: ParameterValue,
) -> NormOutcome:
    partner_age = situation.partner_age
    if partner_age is None or partner_age < minimum_age.whole:
        raise UnsupportedCaseError(
            "case.household", "partner jonger dan 18 jaar: de Participatiewet kent voor hem of haar geen norm"
        )
    young = (situation.claimant_age < adult_age.whole) + (partner_age < adult_age.whole)
    pension = situation.claimant_at_pension_age or situation.partner_at_pension_age
    if young:
        if pension:
            raise UnsupportedCaseError(
                "case.household",
                "gehuwden met een partner jonger dan 21 jaar en een partner op AOW-leeftijd: "
                "deze norm staat niet in de parameterbestanden",
            )
        return _young_couple_norm(situation=situation, both=young == 2, month=month, parameters=parameters)
    couple = parameters.for_month(k.NORM_COUPLE_PENSION_AGE if pension else k.NORM_COUPLE, month)
    if situation.cost_sharers == 0:
        return NormOutcome(
            couple.number, couple.label + ": € {}", (couple.number,), couple.article, (couple,)
        )
    return _cost_sharing(
        couple=couple, persons=situation.cost_sharers + 2, partners=2, month=month, parameters=parameters
    )


def _young_couple_norm(
    *, situation: NormSituation, both: bool, month: Month, parameters: ParameterSet
) -> NormOutcome:
    """Art. 20: a couple with one or both partners aged 18-20; art. 22a lid 3 with cost-sharers.

    Both under 21: the kostendelersnorm does not apply (art. 22a lid 1 is for those aged 21 or over).
    One under 21 with cost-sharers: the kostendelersnorm of the partner aged 21 or over, where A counts
    that partner and the cost-sharers, plus the amount of art. 22a lid 3 for the young partner.
    """
    at = parameters.for_month
    children = situation.has_children
    if both:
        value = at(k.NORM_COUPLE_BOTH_18_20_CHILDREN if children else k.NORM_COUPLE_BOTH_18_20, month)
        note = " (de kostendelersnorm geldt niet als beide partners jonger dan 21 jaar zijn)"
        template = value.label + ": € {}" + (note if situation.cost_sharers else "")
        return NormOutcome(value.number, template, (value.number,), value.article, (value,))
    if situation.cost_sharers == 0:
        value = at(k.NORM_COUPLE_ONE_18_20_CHILDREN if children else k.NORM_COUPLE_ONE_18_20, month)
        return NormOutcome(value.number, value.label + ": € {}", (value.number,), value.article, (value,))
    couple = at(k.NORM_COUPLE, month)
    adult = _cost_sharing(
        couple=couple, persons=situation.cost_sharers + 1, partners=1, month=month, parameters=parameters
    )
    young = at(
        k.NORM_COST_SHARING_YOUNG_PARTNER_CHILDREN if children else k.NORM_COST_SHARING_YOUNG_PARTNER, month
    )
    amount = adult.amount + young.number
    template = (
        adult.template + " voor de partner van 21 jaar of ouder, plus € {} voor de partner van 18 tot en met"
        " 20 jaar ({}) = € {}"
    )
    args = (*adult.args, young.number, "met kinderen" if children else "zonder kinderen", amount)
    return NormOutcome(amount, template, args, young.article, (*adult.parameters, young))


def _cost_sharing(
    *, couple: ParameterValue, persons: int, partners: int, month: Month, parameters: ParameterSet
) -> NormOutcome:
    base = parameters.for_month(k.COST_SHARING_BASE_RATE, month)
    per = parameters.for_month(k.COST_SHARING_RATE_PER_PERSON, month)
    per_person = kostendelersnorm(
        couple_norm=couple.number, persons=persons, base_rate=base.number, rate_per_person=per.number
    )
    template = "Kostendelersnorm: ({} + {} × {}) / {} × gehuwdennorm € {} = € {} per persoon"
    args: tuple[object, ...] = (base, persons, per, persons, couple.number, per_person)
    amount = per_person
    if partners == 2:
        amount = per_person * 2
        template += " × 2 partners = € {}"
        args += (amount,)
    return NormOutcome(amount, template, args, KOSTENDELER_REFERENCE, (couple, base, per))


def maandnorm(
    *, case: BenefitCase, month: Month, parameters: ParameterSet
) -> tuple[Decimal, tuple[Line, ...]]:
    """The norm for `month`: one NORM line per part of the month with other household facts.

    Days before the benefit starts, and after it ends (`case.end`), have no norm: the norm is taken for
    the calendar days with a right to bijstand (art. 45 Pw). Every such day must be covered by a household
    period, else the input is refused.
    """
    start = max(month.first_day, case.benefit_start)
    end = last_day(month)
    if case.end is not None and case.end.end_date < end:
        end = case.end.end_date
    days_in_month = last_day(month).day
    claimant_age = leeftijd(birth_date=case.birth_date, month=month)
    claimant_pension, claimant_value = op_aow_leeftijd(
        birth_date=case.birth_date, month=month, parameters=parameters
    )
    lines: list[Line] = []
    total = rounding.ZERO
    covered = start
    for period in sorted(case.household, key=lambda p: p.valid_from):
        seg_start = max(start, period.valid_from)
        seg_end = end if period.valid_to is None else min(end, period.valid_to)
        if seg_end < seg_start:
            continue
        if seg_start > covered:
            break
        situation, inputs, extra = _situation(
            period=period,
            month=month,
            parameters=parameters,
            claimant_age=claimant_age,
            claimant_pension=claimant_pension,
        )
        outcome = parameters.memo(
            ("norm", situation, month.year, month.month),
            partial(norm, situation=situation, month=month, parameters=parameters),
        )
        days = calendar_days(seg_start, seg_end)
        template, args, amount = outcome.template, outcome.args, outcome.amount
        if days != days_in_month:
            amount = rounding.half_up(outcome.amount * days / days_in_month)
            template += "; {} van {} dagen ({} t/m {}) = € {}"
            args += (days, days_in_month, seg_start, seg_end, amount)
        lines.append(
            Line(
                Code.NORM,
                amount,
                outcome.reference,
                template,
                args,
                parameters=(*outcome.parameters, claimant_value, *extra),
                inputs=inputs,
            )
        )
        total += amount
        covered = seg_end + _ONE_DAY
    if covered <= end:
        raise EngineInputError("case.household", f"geen huishoudgegevens voor {covered.isoformat()}")
    return total, tuple(lines)


_ONE_DAY = dt.timedelta(days=1)


def _situation(
    *,
    period: HouseholdPeriod,
    month: Month,
    parameters: ParameterSet,
    claimant_age: int,
    claimant_pension: bool,
) -> tuple[NormSituation, tuple[str, ...], tuple[ParameterValue, ...]]:
    name = _HOUSEHOLD_NAMES[period.household_type]
    inputs = [
        f"huishouden vanaf {period.valid_from.isoformat()}: {name}, {period.cost_sharers} kostendeler(s)"
        + (", met kinderen" if period.youngest_child_birth_date is not None else ""),
        f"leeftijd aanvrager op {month.first_day.isoformat()}: {claimant_age} jaar"
        + (" (AOW-leeftijd)" if claimant_pension else ""),
    ]
    partner_age: int | None = None
    partner_pension = False
    extra: tuple[ParameterValue, ...] = ()
    if period.partner_birth_date is not None:
        partner_age = leeftijd(birth_date=period.partner_birth_date, month=month)
        partner_pension, partner_value = op_aow_leeftijd(
            birth_date=period.partner_birth_date, month=month, parameters=parameters
        )
        extra = (partner_value,)
        inputs.append(
            f"leeftijd partner op {month.first_day.isoformat()}: {partner_age} jaar"
            + (" (AOW-leeftijd)" if partner_pension else "")
        )
    situation = NormSituation(
        period.household_type,
        period.cost_sharers,
        claimant_age,
        claimant_pension,
        partner_age,
        partner_pension,
        period.youngest_child_birth_date is not None,
    )
    return situation, tuple(inputs), extra
