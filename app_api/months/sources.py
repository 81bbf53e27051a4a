"""A month's income per person split by where it comes from: wages and the worker's own business (rule 11).

The split is read from the engine's own explanation lines, so the page shows the figures the engine
counted and never adds amounts itself: wages are the net pay attributed to the month (with holiday pay
counted as income and pay counted for days without a pay slip), self-employed income is the month's
revenue minus costs (negative when a loss is set against wages by municipal policy), and the total is
what counted after both.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from gateway.engine.explain import Code
from schemas.base import ApiModel
from schemas.benefit_case import Person
from schemas.figures import MonthSettlement
from schemas.money import ZERO, Money, SignedMoney

_WAGES = frozenset({Code.INCOME, Code.HOLIDAY_PAY_INCOME, Code.HOLD_ESTIMATE})
_BUSINESS = Code.BUSINESS_INCOME


class IncomeSources(ApiModel):
    """One person's counted income of the month, from wages and from their own business side by side."""

    person: Person = Field(description="Wiens inkomen: aanvrager of partner.")
    wages: Money = Field(description="Netto loon toegerekend aan de maand (met vakantiegeld dat meetelt).")
    self_employed: SignedMoney = Field(
        description="Inkomen uit eigen onderneming: omzet exclusief btw min kosten; negatief bij een verlies "
        "dat volgens het gemeentelijk beleid van het loon afgaat."
    )
    has_business: bool = Field(description="Waar als er deze maand facturen of kosten meetellen.")
    total: Money = Field(description="Het meetellende inkomen van de maand: loon en eigen onderneming samen.")


def income_sources(result: MonthSettlement) -> list[IncomeSources]:
    """Per person whose income the month counted, wages and self-employed income as the engine's lines
    give them; empty for a result without income lines (a final settlement)."""
    totals: dict[Person, Decimal] = {}
    wages: dict[Person, Decimal] = {}
    business: dict[Person, Decimal] = {}
    for line in result.lines:
        if line.person is None or line.amount is None:
            continue
        if line.code == Code.INCOME_TOTAL:
            totals[line.person] = line.amount
        elif line.code in _WAGES:
            wages[line.person] = wages.get(line.person, ZERO) + line.amount
        elif line.code == _BUSINESS:
            business[line.person] = business.get(line.person, ZERO) + line.amount
    return [
        IncomeSources(
            person=person,
            wages=wages.get(person, ZERO),
            self_employed=business.get(person, ZERO),
            has_business=person in business,
            total=total,
        )
        for person, total in totals.items()
    ]
