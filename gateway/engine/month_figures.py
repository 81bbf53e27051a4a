"""The figures of one month (or of a month so far) from its attributed income: income per person, holiday
pay (rule 5), disregards (rule 3), bijstand, payout and holiday allowance reserve (rule 4).

Month settlements and week figures both use this, so a week's month-to-date position is computed exactly
as the month itself will be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from gateway.engine import hold, rounding
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import IncomeRecord
from gateway.engine.month_setup import MonthSetup
from gateway.engine.parameters import ParameterValue
from gateway.engine.rules import bijstand as bijstand_rule
from gateway.engine.rules import toerekening, vakantietoeslag
from gateway.engine.rules.toerekening import Part
from gateway.engine.rules.vrijlating import DisregardRule, vrijlating
from gateway.engine.rules.zelfstandig import BusinessIncome
from schemas.benefit_case import Person
from schemas.periods import IsoWeek

_CLAIMANT = Person.CLAIMANT
PERSON_NAMES = {Person.CLAIMANT: "aanvrager", Person.PARTNER: "partner"}


class OwnFigures(NamedTuple):
    """Rules 1-5 for one month (or for a month so far)."""

    income: Mapping[Person, Decimal]
    income_total: Decimal
    disregard: Decimal
    disregards: Mapping[Person, Decimal]
    bijstand: Decimal
    payout: Decimal
    reserve: Decimal
    holiday_pay_set_off: Decimal
    lines: tuple[Line, ...]
    business_income: Decimal = rounding.ZERO
    """Income from self-employment counted in `income` (rule 11)."""


def own_figures(
    *,
    setup: MonthSetup,
    parts: Sequence[tuple[IncomeRecord, Part]],
    holiday: Sequence[IncomeRecord],
    balance: Decimal,
    to_date: IsoWeek | None = None,
    estimate: Decimal = rounding.ZERO,
    business: Sequence[BusinessIncome] = (),
) -> OwnFigures:
    """Income, disregards, bijstand, payout and VT reserve of a month from its attributed income.

    `parts` are the records' shares of this month (rule 2), `holiday` the records paying out holiday pay
    this month (rule 5), `balance` the VT reserve at the start of the month. With `to_date` the parts are
    the month's income up to and including that week (week figures). `estimate` is the claimant's
    pay counted for working days without a pay slip when a held payout is released by its deadline
    (rule 12, `gateway.engine.hold`). `business` is the month's income from self-employment per person
    (rule 11), income from work like wages.
    """
    lines = list(setup.norm_lines)
    income = dict.fromkeys(setup.persons, rounding.ZERO)
    unit = toerekening.UNIT_NAMES[setup.attribution]
    for record, part in parts:
        counts = record.person in income
        if counts:
            income[record.person] += part.amount
        lines.append(_income_line(record, part, unit, counts, to_date))
    if estimate:
        income[_CLAIMANT] += estimate
        lines.append(
            Line(
                Code.HOLD_ESTIMATE,
                estimate,
                hold.REFERENCE,
                "Meegeteld voor werkdagen zonder loonstrook, zodat niet te veel wordt betaald: € {}; komt de"
                " loonstrook, dan wordt opnieuw gerekend",
                (estimate,),
                person=_CLAIMANT,
            )
        )
    business_income = _add_business(income, business, lines) if business else rounding.ZERO
    counted_holiday = [r for r in holiday if r.person in income] if holiday else []
    splits = (
        vakantietoeslag.vakantiegeld_verrekening(
            holiday_pay=[r.holiday_pay for r in counted_holiday],
            balance=balance,
            treatment=setup.policy.holiday_pay,
        )
        if counted_holiday
        else ()
    )
    set_off_total = rounding.ZERO
    for record, (set_off, excess) in zip(counted_holiday, splits, strict=True):
        if set_off:
            set_off_total += set_off
            lines.append(
                Line(
                    Code.HOLIDAY_PAY_SET_OFF,
                    set_off,
                    vakantietoeslag.HOLIDAY_PAY_REFERENCE,
                    "Vakantiegeld {} (€ {}, betaald {}): € {} verrekend met de gereserveerde vakantietoeslag",
                    (record.ref, record.holiday_pay, record.pay_date, set_off),
                    person=record.person,
                    records=(record.ref,),
                )
            )
        if excess:
            income[record.person] += excess
            lines.append(
                Line(
                    Code.HOLIDAY_PAY_INCOME,
                    excess,
                    vakantietoeslag.HOLIDAY_PAY_REFERENCE,
                    "Vakantiegeld {} (€ {}, betaald {}): € {} telt als inkomen in de maand van betaling",
                    (record.ref, record.holiday_pay, record.pay_date, excess),
                    person=record.person,
                    records=(record.ref,),
                )
            )
    disregards: dict[Person, Decimal] = {}
    for person, amount in income.items():
        lines.append(
            Line(
                Code.INCOME_TOTAL,
                amount,
                toerekening.REFERENCE,
                "Inkomen {} over {}: € {}",
                (PERSON_NAMES[person], setup.month, amount),
                person=person,
            )
        )
        disregard, rule = vrijlating(income=amount, rules=setup.rules.get(person, ()))
        disregards[person] = disregard
        if rule is not None:
            lines.append(_disregard_line(person, rule, amount, disregard))
    lines.extend(setup.disregard_lines)
    income_total = sum(income.values(), rounding.ZERO)
    disregard_total = sum(disregards.values(), rounding.ZERO)
    amount = bijstand_rule.bijstand(norm=setup.norm, income=income_total, disregard=disregard_total)
    lines.append(
        Line(
            Code.BIJSTAND,
            amount,
            bijstand_rule.REFERENCE,
            "Bijstand: norm € {} − (inkomen € {} − vrijlating € {}) = € {}"
            + (", niet minder dan € 0,00" if amount == 0 else ""),
            (setup.norm, income_total, disregard_total, setup.norm - income_total + disregard_total),
        )
    )
    rate = setup.holiday_allowance_rate
    payout, reserve = bijstand_rule.uitbetaling(bijstand=amount, holiday_allowance_rate=rate.number)
    lines.append(
        Line(
            Code.PAYOUT,
            payout,
            bijstand_rule.PAYOUT_REFERENCE,
            "Uit te betalen: bijstand € {} min {} vakantietoeslag, afgerond op centen = € {}",
            (amount, rate, payout),
            parameters=(rate,),
        )
    )
    lines.append(
        Line(
            Code.HOLIDAY_ALLOWANCE_RESERVE,
            reserve,
            bijstand_rule.PAYOUT_REFERENCE,
            "Gereserveerde vakantietoeslag: € {} − € {} = € {}",
            (amount, payout, reserve),
            parameters=(rate,),
        )
    )
    return OwnFigures(
        income,
        income_total,
        disregard_total,
        disregards,
        amount,
        payout,
        reserve,
        set_off_total,
        tuple(lines),
        business_income,
    )


def _add_business(
    income: dict[Person, Decimal], business: Sequence[BusinessIncome], lines: list[Line]
) -> Decimal:
    """Add each person's income from self-employment to their income (rule 11); a loss the policy sets
    against wages takes their income down to € 0 at most."""
    total = rounding.ZERO
    for item in business:
        if item.person not in income:
            lines.append(
                Line(
                    Code.INCOME_EXCLUDED,
                    item.income,
                    toerekening.REFERENCE,
                    "Inkomen uit eigen onderneming over {}: € {} telt niet mee (geen partner in het"
                    " huishouden deze maand)",
                    (item.month, item.income),
                    person=item.person,
                )
            )
            continue
        lines.extend(item.lines)
        income[item.person] = max(rounding.ZERO, income[item.person] + item.income)
        total += item.income
    return total


def _income_line(record: IncomeRecord, part: Part, unit: str, counts: bool, to_date: IsoWeek | None) -> Line:
    if to_date is not None and counts:
        return Line(
            Code.INCOME,
            part.amount,
            toerekening.REFERENCE,
            "Nettoloon {} toegerekend aan {} tot en met {}: € {}",
            (record.ref, part.month, to_date, part.amount),
            person=record.person,
            records=(record.ref,),
        )
    if not counts:
        template = "Nettoloon {} ({} t/m {}): € {} telt niet mee (geen partner in het huishouden deze maand)"
        return Line(
            Code.INCOME_EXCLUDED,
            part.amount,
            toerekening.REFERENCE,
            template,
            (record.ref, record.period_start, record.period_end, part.amount),
            person=record.person,
            records=(record.ref,),
        )
    share = part.amount + part.excluded
    if part.days == part.of_days:
        template = "Nettoloon {} ({} t/m {}), geheel in {}: € {}"
        args: tuple[object, ...] = (record.ref, record.period_start, record.period_end, part.month, share)
    else:
        template = "Nettoloon {} ({} t/m {}) € {} × {} van {} {} in {} = € {}"
        args = (
            record.ref,
            record.period_start,
            record.period_end,
            record.work_net,
            part.days,
            part.of_days,
            unit,
            part.month,
            share,
        )
    if part.excluded:
        template += ", waarvan € {} buiten de periode met bijstand valt; telt mee: € {}"
        args += (part.excluded, part.amount)
    return Line(
        Code.INCOME,
        part.amount,
        toerekening.REFERENCE,
        template,
        args,
        person=record.person,
        records=(record.ref,),
    )


def _disregard_line(person: Person, rule: DisregardRule, income: Decimal, amount: Decimal) -> Line:
    template = "Vrijlating {} ({}): {} × € {}"
    args: tuple[object, ...] = (rule.kind.value, rule.description, rule.rate, income)
    parameters: tuple[ParameterValue, ...] = (rule.rate,)
    if rule.cap is not None:
        template += ", ten hoogste € {}"
        args += (rule.cap.number,)
        parameters += (rule.cap,)
    return Line(
        Code.DISREGARD,
        amount,
        rule.reference,
        template + " = € {}",
        (*args, amount),
        person=person,
        parameters=parameters,
    )
