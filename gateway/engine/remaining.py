"""Remaining to exit (rule 8) for a month as it stands, with its explanation lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gateway.engine import rounding
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import IncomeRecord
from gateway.engine.month_figures import OwnFigures
from gateway.engine.month_setup import MonthSetup
from gateway.engine.results import Remaining
from gateway.engine.rules import uitstroom
from schemas.benefit_case import Person

# Bound once: on Python 3.11 reading an enum member from its class is slow for a hot path.
_CLAIMANT = Person.CLAIMANT


def remaining(
    *,
    setup: MonthSetup,
    figures: OwnFigures,
    claimant_records: Sequence[IncomeRecord],
    reference_day: dt.date,
) -> tuple[Remaining, tuple[Line, ...]]:
    """Rule 8 for the month as it stands: exit income, and what is still to earn (net, gross, hours)."""
    others = rounding.ZERO
    for person in setup.persons:
        if person is not _CLAIMANT:
            others += figures.income[person] - figures.disregards[person]
    needed = setup.norm - others
    rules = setup.rules.get(_CLAIMANT, ())
    exit_income = uitstroom.uitstroominkomen(needed=needed, rules=rules)
    income = figures.income[_CLAIMANT]
    net = max(rounding.ZERO, exit_income - income)
    wage = uitstroom.loongegevens(records=claimant_records, reference_day=reference_day)
    gross, hours = uitstroom.bruto_en_uren(net=net, wage=wage)
    weekly_exit = uitstroom.per_week(exit_income=exit_income)
    weekly_now = wage.weekly_net
    weekly_net = None if weekly_now is None else max(rounding.ZERO, weekly_exit - weekly_now)
    weekly_gross, weekly_hours = (
        (None, None) if weekly_net is None else uitstroom.bruto_en_uren(net=weekly_net, wage=wage)
    )
    hourly_wage = wage.hourly_wage
    result = Remaining(
        exit_income,
        income,
        net,
        gross,
        hours,
        hourly_wage,
        weekly_exit,
        weekly_now,
        weekly_net,
        weekly_gross,
        weekly_hours,
    )
    parameters = tuple(p for rule in rules for p in (rule.rate, rule.cap) if p is not None)
    template = (
        "Uitstroominkomen: het kleinste netto inkomen waarvan na aftrek van de vrijlating ten minste € {}"
        " overblijft"
    )
    args: tuple[object, ...] = (max(needed, rounding.ZERO),)
    if len(setup.persons) > 1:
        template += " (norm € {} − meetellend inkomen partner na vrijlating € {})"
        args += (setup.norm, others)
    lines = [
        Line(
            Code.EXIT_INCOME,
            exit_income,
            uitstroom.REFERENCE,
            template + ": € {}",
            (*args, exit_income),
            person=_CLAIMANT,
            parameters=parameters,
        ),
        Line(
            Code.EXIT_REMAINING,
            net,
            uitstroom.REFERENCE,
            "Nog te verdienen over {}: € {} − € {} al verdiend = € {} netto",
            (setup.month, exit_income, income, net),
            person=_CLAIMANT,
        ),
    ]
    refs = tuple(r.ref for r in wage.records)
    if gross is None:
        lines.append(
            Line(
                Code.EXIT_WAGE,
                None,
                uitstroom.REFERENCE,
                "Bruto en uren onbekend: geen loonstroken met loon in de 13 weken tot {}",
                (reference_day,),
                person=_CLAIMANT,
            )
        )
    else:
        lines.append(
            Line(
                Code.EXIT_WAGE,
                gross,
                uitstroom.REFERENCE,
                "Bruto nog te verdienen: € {} × bruto € {} / netto € {} (loonstroken 13 weken tot {}) = € {}"
                + ("; uren: € {} / uurloon € {} = {} uur" if hours is not None else "; uren onbekend"),
                (net, wage.gross, wage.net, reference_day, gross)
                + ((gross, hourly_wage, hours) if hours is not None else ()),
                person=_CLAIMANT,
                records=refs,
            )
        )
    lines.append(
        Line(
            Code.EXIT_WEEKLY,
            weekly_net,
            uitstroom.REFERENCE,
            "Blijvend per week nodig: € {} × 12 / 52 = € {}"
            + (
                "; nu gemiddeld € {} per week, dus € {} per week meer"
                if weekly_net is not None
                else "; wat nu per week wordt verdiend is onbekend"
            ),
            (exit_income, weekly_exit) + ((weekly_now, weekly_net) if weekly_net is not None else ()),
            person=_CLAIMANT,
        )
    )
    return result, tuple(lines)
