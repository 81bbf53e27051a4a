"""Rule 11, income from self-employment: invoices minus business costs, attributed to the months of the work.

A bijstand recipient who also works for their own account (not under the Bbz) has income from work
(art. 31 lid 1 and art. 32 lid 1 Pw): the revenue excluding VAT, less the business costs needed to earn it
(CRvB, ECLI:NL:CRVB:2014:1063), attributed like wages to the months in which the work was
done (`toerekening`, the municipality's attribution rule; an invoice without a period counts in its
invoice month). The disregards of art. 31 lid 2 apply to it as to wages (CRvB 16 juli 2024,
ECLI:NL:CRVB:2024:1564). Which costs count, to which month a cost belongs, what a month with a loss means
and when an unpaid invoice counts are the municipality's choices (`SelfEmployedPolicy`), each named in
the explanation lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine import dutch, rounding
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import CostRecord, InvoiceRecord
from gateway.engine.records import huidige_versies
from gateway.engine.rules import toerekening
from schemas.benefit_case import Person
from schemas.figures import AttributionRule
from schemas.periods import Month
from schemas.self_employed import (
    CostAttribution,
    CostCategory,
    CostRule,
    LossRule,
    SelfEmployedPolicy,
    UnpaidRule,
)

REFERENCE = "art. 31 lid 1 en art. 32 lid 1 Participatiewet"
COSTS_REFERENCE = "art. 32 lid 1 Participatiewet; CRvB, ECLI:NL:CRVB:2014:1063"
LOSS_REFERENCE = "art. 32 lid 1 Participatiewet (gemeentelijk beleid)"
_CATEGORY_NAMES = {CostCategory.PHONE_INTERNET.value: "telefoon en internet"}
"""Categories whose code is not already the word a person reads."""
_COST_RULE_TEXT = {
    CostRule.ACTUAL: "werkelijke bedrijfskosten",
    CostRule.NONE: "geen aftrek van kosten (CRvB 16 juli 2024, ECLI:NL:CRVB:2024:1564)",
}


@dataclass(frozen=True, slots=True)
class BusinessIncome:
    """One person's income from self-employment in one month, with its explanation lines."""

    person: Person
    month: Month
    revenue: Decimal
    costs: Decimal
    income: Decimal
    """Revenue minus costs; negative only under `LossRule.SET_AGAINST_WAGES`, zero for a loss otherwise."""
    lines: tuple[Line, ...]


def inkomsten_zelfstandig(
    *,
    invoices: Sequence[InvoiceRecord],
    costs: Sequence[CostRecord],
    months: Sequence[Month],
    rule: AttributionRule,
    policy: SelfEmployedPolicy,
    benefit_start: dt.date,
    benefit_end: dt.date | None,
) -> dict[Month, tuple[BusinessIncome, ...]]:
    """Each month's income from self-employment per person (rule 11), for the months in `months`.

    `invoices` and `costs` may hold every version: corrected versions are left out (rule 7). A month
    without invoices or costs has no entry.
    """
    wanted = set(months)
    revenue: dict[tuple[Month, Person], list[Line]] = {}
    totals: dict[tuple[Month, Person], list[Decimal]] = {}
    unit = toerekening.UNIT_NAMES[rule]
    current = huidige_versies(invoices)
    counted = {
        invoice.number: invoice
        for invoice in current
        if invoice.paid or policy.unpaid is UnpaidRule.WHEN_INVOICED
    }
    for invoice in counted.values():
        for part in _parts(invoice, invoice.amount, rule, benefit_start, benefit_end):
            if part.month not in wanted or not (part.amount or part.excluded):
                continue
            key = (part.month, invoice.person)
            totals.setdefault(key, [rounding.ZERO, rounding.ZERO])[0] += part.amount
            revenue.setdefault(key, []).append(_revenue_line(invoice, part, unit))
    waiting = {invoice.number for invoice in current if invoice.number not in counted}
    cost_lines: dict[tuple[Month, Person], list[Line]] = {}
    if policy.costs is CostRule.ACTUAL:
        for cost in huidige_versies(costs):
            linked = counted.get(cost.invoice_number) if cost.invoice_number is not None else None
            if linked is None and cost.invoice_number in waiting:
                continue  # its invoice does not count yet (policy: when paid), so neither do its costs
            follows = linked is not None and policy.cost_attribution is CostAttribution.WITH_INVOICE
            source: InvoiceRecord | CostRecord = linked if follows and linked is not None else cost
            for part in _parts(source, cost.amount, rule, benefit_start, benefit_end):
                if part.month not in wanted or not (part.amount or part.excluded):
                    continue
                key = (part.month, cost.person)
                totals.setdefault(key, [rounding.ZERO, rounding.ZERO])[1] += part.amount
                cost_lines.setdefault(key, []).append(_cost_line(cost, part, unit, follows))
    result: dict[Month, list[BusinessIncome]] = {}
    for (month, person), (month_revenue, month_costs) in sorted(
        totals.items(), key=lambda item: (item[0][0], item[0][1].value)
    ):
        lines = [*revenue.get((month, person), ()), *cost_lines.get((month, person), ())]
        if policy.costs is CostRule.FLAT_RATE and policy.flat_rate is not None:
            month_costs = rounding.half_up(month_revenue * policy.flat_rate)
            lines.append(
                Line(
                    Code.BUSINESS_COSTS,
                    month_costs,
                    COSTS_REFERENCE,
                    "Forfaitaire bedrijfskosten (gemeentelijk beleid): {} van de omzet € {} = € {}",
                    (f"{dutch.number(policy.flat_rate * 100)}%", month_revenue, month_costs),
                    person=person,
                )
            )
        elif month_costs or policy.costs is CostRule.NONE:
            lines.append(
                Line(
                    Code.BUSINESS_COSTS,
                    month_costs,
                    COSTS_REFERENCE,
                    "Bedrijfskosten over {} ({}): € {}",
                    (month, _COST_RULE_TEXT[policy.costs], month_costs),
                    person=person,
                )
            )
        income = month_revenue - month_costs
        if income < 0 and policy.loss is LossRule.ZERO:
            lines.append(
                Line(
                    Code.BUSINESS_LOSS,
                    income,
                    LOSS_REFERENCE,
                    "Verlies uit eigen onderneming over {}: € {}; telt als € 0,00 en gaat niet af van ander"
                    " inkomen",
                    (month, income),
                    person=person,
                )
            )
            income = rounding.ZERO
        elif income < 0:
            lines.append(
                Line(
                    Code.BUSINESS_LOSS,
                    income,
                    LOSS_REFERENCE,
                    "Verlies uit eigen onderneming over {}: € {}; gaat af van het loon van deze maand, niet"
                    " verder dan € 0,00",
                    (month, income),
                    person=person,
                )
            )
        lines.append(
            Line(
                Code.BUSINESS_INCOME,
                income,
                REFERENCE,
                "Inkomen uit eigen onderneming over {}: omzet € {} − kosten € {} = € {}; telt als inkomen uit"
                " arbeid",
                (month, month_revenue, month_costs, income),
                person=person,
            )
        )
        result.setdefault(month, []).append(
            BusinessIncome(person, month, month_revenue, month_costs, income, tuple(lines))
        )
    return {month: tuple(items) for month, items in result.items()}


def _parts(
    source: InvoiceRecord | CostRecord,
    amount: Decimal,
    rule: AttributionRule,
    benefit_start: dt.date,
    benefit_end: dt.date | None,
) -> tuple[toerekening.Part, ...]:
    """`amount` over the months of `source`'s period under the attribution rule (its date by pay date)."""
    return toerekening.toerekening(
        amount=amount,
        start=source.period_start,
        end=source.period_end,
        pay_date=source.document_date,
        rule=rule,
        benefit_start=benefit_start,
        benefit_end=benefit_end,
    )


def _revenue_line(invoice: InvoiceRecord, part: toerekening.Part, unit: str) -> Line:
    status = "betaald" if invoice.paid else "nog niet betaald"
    head = f"Factuur {{}} aan {{}} ({status}, exclusief btw € {{}})"
    args: tuple[object, ...] = (invoice.number, invoice.client, invoice.amount)
    share = part.amount + part.excluded
    if not invoice.has_period:
        template, args = (
            head + ", factuurdatum {}, telt in {}: € {}",
            (*args, invoice.invoice_date, part.month, share),
        )
    elif part.days == part.of_days:
        template = head + ", werk {} t/m {}, geheel in {}: € {}"
        args = (*args, invoice.period_start, invoice.period_end, part.month, share)
    else:
        template = head + ", werk {} t/m {}: {} van {} {} in {} = € {}"
        args = (
            *args,
            invoice.period_start,
            invoice.period_end,
            part.days,
            part.of_days,
            unit,
            part.month,
            share,
        )
    if part.excluded:
        template += ", waarvan € {} buiten de periode met bijstand valt; telt mee: € {}"
        args += (part.excluded, part.amount)
    return Line(Code.BUSINESS_REVENUE, part.amount, REFERENCE, template, args, person=invoice.person)


def _cost_line(cost: CostRecord, part: toerekening.Part, unit: str, follows: bool) -> Line:
    head = "Kosten {} ({}, € {})"
    args: tuple[object, ...] = (cost.cost_id, _CATEGORY_NAMES.get(cost.category, cost.category), cost.amount)
    share = part.amount + part.excluded
    where = f"bij factuur {cost.invoice_number}" if follows else "eigen periode"
    if part.days == part.of_days:
        template, args = head + ", {}, geheel in {}: € {}", (*args, where, part.month, share)
    else:
        template = head + ", {}: {} van {} {} in {} = € {}"
        args = (*args, where, part.days, part.of_days, unit, part.month, share)
    if part.excluded:
        template += ", waarvan € {} buiten de periode met bijstand valt; telt mee: € {}"
        args += (part.excluded, part.amount)
    return Line(Code.BUSINESS_COST, part.amount, COSTS_REFERENCE, template, args, person=cost.person)
