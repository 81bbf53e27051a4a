"""Everything about a month that does not depend on income: the norm (rule 1), the disregard regime and
the disregards that apply (rule 3), whose income counts, the advance and the payout date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.days import last_day, next_working_day
from gateway.engine.explain import Code, Line
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from gateway.engine.rules import beeindiging
from gateway.engine.rules.leeftijd import leeftijd, op_aow_leeftijd
from gateway.engine.rules.norm import maandnorm
from gateway.engine.rules.vrijlating import DisregardRule, PersonFacts, regime, vrijlatingen
from schemas.benefit_case import BenefitCase, CaseEnd, HouseholdPeriod, HouseholdType, Person
from schemas.case import MunicipalPolicy
from schemas.figures import AttributionRule, Regime
from schemas.periods import Month

# Enum members bound once: on Python 3.11 reading one from its class costs more than the test it is in.
_CLAIMANT, _COUPLE, _SINGLE_PARENT, _BALANS = (
    Person.CLAIMANT,
    HouseholdType.COUPLE,
    HouseholdType.SINGLE_PARENT,
    Regime.BALANS,
)
_CLAIMANT_ONLY = (Person.CLAIMANT,)
_COUPLE_PERSONS = (Person.CLAIMANT, Person.PARTNER)


class MonthSetup(NamedTuple):
    """Everything about a month that does not depend on income."""

    month: Month
    norm: Decimal
    norm_lines: tuple[Line, ...]
    regime: Regime
    persons: tuple[Person, ...]
    """Whose income counts: the claimant, and the partner when the household is a couple that month."""
    rules: Mapping[Person, tuple[DisregardRule, ...]]
    disregard_lines: tuple[Line, ...]
    """Granted disregards that do not apply this month, with the reason."""
    holiday_allowance_rate: ParameterValue
    advance: Decimal
    advance_lines: tuple[Line, ...]
    payout_date: dt.date
    attribution: AttributionRule
    policy: MunicipalPolicy
    pro_rata: tuple[int, int] | None = None
    """In the month the benefit ends: days with a right to bijstand, and the days of the month."""
    end: CaseEnd | None = None
    """The end of the case, in the month it ends."""


def month_setup(
    *, case: BenefitCase, month: Month, parameters: ParameterSet, policy: MunicipalPolicy
) -> MonthSetup:
    """Norm, regime, applicable disregards, advance and payout date of `month`."""
    norm, norm_lines = maandnorm(case=case, month=month, parameters=parameters)
    pro_rata = None
    end = case.end
    if end is not None and end.end_date.year == month.year and end.end_date.month == month.month:
        days, of_days = beeindiging.dagen_met_recht(
            month=month, benefit_start=case.benefit_start, end_date=end.end_date
        )
        pro_rata = (days, of_days)
        norm_lines = (
            *norm_lines,
            Line(
                Code.NORM_PRO_RATA,
                None,
                beeindiging.PRO_RATA_REFERENCE,
                "De bijstand eindigt op {} ({}): de norm geldt voor {} van de {} kalenderdagen",
                (end.end_date, beeindiging.REASONS[end.reason], days, of_days),
            ),
        )
    month_regime, in_force = regime(month=month, balans_opt_in=policy.balans_opt_in, parameters=parameters)
    first_day = month.first_day
    reference_day = max(first_day, case.benefit_start)
    household = _household_on(case.household, reference_day)
    month_end = last_day(month)
    couple = any(
        p.household_type is _COUPLE
        and p.valid_from <= month_end
        and (p.valid_to is None or p.valid_to >= reference_day)
        for p in case.household
    )
    persons = _COUPLE_PERSONS if couple else _CLAIMANT_ONLY
    rules: dict[Person, tuple[DisregardRule, ...]] = {}
    disregard_lines: list[Line] = []
    if case.disregards:
        youngest = household.youngest_child_birth_date
        child_age = None if youngest is None else leeftijd(birth_date=youngest, month=month)
        for person in persons:
            birth_date = case.birth_date if person is _CLAIMANT else household.partner_birth_date
            grants = tuple(g for g in case.disregards if g.person is person)
            if birth_date is None or not grants:
                continue
            facts = PersonFacts(
                age=leeftijd(birth_date=birth_date, month=month),
                at_pension_age=op_aow_leeftijd(birth_date=birth_date, month=month, parameters=parameters)[0],
                single_parent=household.household_type is _SINGLE_PARENT,
                youngest_child_age=child_age,
            )
            applied, not_applied = vrijlatingen(
                grants=grants, month=month, person=facts, month_regime=month_regime, parameters=parameters
            )
            rules[person] = applied
            disregard_lines.extend(
                Line(
                    Code.DISREGARD_NOT_APPLIED,
                    None,
                    item.reference,
                    "Vrijlating {} niet toegepast: {}",
                    (item.kind.value, item.reason),
                    person=person,
                    parameters=item.parameters,
                )
                for item in not_applied
            )
        if month_regime is _BALANS:
            disregard_lines.insert(0, _regime_line(month, in_force, policy.balans_opt_in))
    advance, advance_lines = _advance(case=case, month=month)
    payout_day = policy.payout_day
    payout_date = parameters.memo(
        ("payout_date", month.year, month.month, payout_day), lambda: _payout_date(month, payout_day)
    )
    return MonthSetup(
        month,
        norm,
        norm_lines,
        month_regime,
        persons,
        rules,
        tuple(disregard_lines),
        parameters.for_month(k.HOLIDAY_ALLOWANCE_RATE, month),
        advance,
        advance_lines,
        payout_date,
        policy.attribution,
        policy,
        pro_rata,
        end if pro_rata is not None else None,
    )


def _regime_line(month: Month, in_force: ParameterValue, opt_in: Month | None) -> Line:
    """Which regime decides the disregards; by law its in-force value is a parameter like any other."""
    if in_force.flag:
        return Line(
            Code.REGIME,
            None,
            in_force.article,
            "Vrijlatingen volgens art. 34a: in werking vanaf {}",
            (in_force.valid_from,),
            parameters=(in_force,),
        )
    return Line(
        Code.REGIME,
        None,
        "art. 34a Participatiewet; gemeentelijk beleid",
        "Vrijlatingen volgens art. 34a: de gemeente past dit toe vanaf {}",
        (opt_in,),
    )


def _payout_date(month: Month, day: int) -> dt.date:
    following = month.shift(1)
    return next_working_day(dt.date(following.year, following.month, day))


def _household_on(periods: Sequence[HouseholdPeriod], day: dt.date) -> HouseholdPeriod:
    for period in periods:
        if period.valid_from <= day and (period.valid_to is None or day <= period.valid_to):
            return period
    raise AssertionError("maandnorm has checked that household periods cover the month")


def _advance(*, case: BenefitCase, month: Month) -> tuple[Decimal, tuple[Line, ...]]:
    year, number = month.year, month.month
    advances = [a for a in case.advances if a.month.month == number and a.month.year == year]
    if not advances:
        return rounding.ZERO, (
            Line(
                Code.ADVANCE,
                rounding.ZERO,
                "art. 52 Participatiewet",
                "Geen voorschot geregistreerd voor {}",
                (month,),
            ),
        )
    lines = tuple(
        Line(
            Code.ADVANCE,
            a.amount,
            "art. 52 Participatiewet",
            "Voorschot over {}" + (" betaald op {}" if a.paid_on else "") + ": € {}",
            (month, a.paid_on, a.amount) if a.paid_on else (month, a.amount),
        )
        for a in advances
    )
    return sum((a.amount for a in advances), rounding.ZERO), lines
