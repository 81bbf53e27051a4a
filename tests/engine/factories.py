"""Factories for engine tests: made-up people, pay records and the shipped parameters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gateway.engine import IncomeRecord, RecordRef, load_default_policy, load_parameters, settle
from gateway.engine.inputs import (
    SELF_EMPLOYED_COSTS,
    SELF_EMPLOYED_INVOICES,
    ApprovedMonth,
    CostRecord,
    EnrollmentPeriod,
    InvoiceRecord,
    LedgerState,
)
from gateway.engine.results import Calculation, MonthResult
from schemas.benefit_case import BenefitCase, Person
from schemas.case import MunicipalPolicy
from schemas.periods import Month

PARAMETERS = load_parameters()
POLICY = load_default_policy()


def d(text: str) -> Decimal:
    """A Decimal from text (tests never use floats)."""
    return Decimal(text)


def policy(**changes: Any) -> MunicipalPolicy:
    """The default municipal policy with some fields changed."""
    return POLICY.model_copy(update=changes)


def case(
    *,
    birth_date: str = "1990-05-17",
    benefit_start: str = "2025-01-01",
    household: list[dict[str, Any]] | None = None,
    disregards: list[dict[str, Any]] | None = None,
    advances: dict[str, str] | None = None,
    end: tuple[str, str] | None = None,
    buffer_uses: list[dict[str, Any]] | None = None,
) -> BenefitCase:
    """A benefit case; by default a single person of 35 on benefit since 2025. `end` is (last day, reason)."""
    return BenefitCase.model_validate(
        {
            "birthDate": birth_date,
            "benefitStart": benefit_start,
            "household": household or [{"validFrom": benefit_start, "householdType": "alleenstaand"}],
            "disregards": disregards or [],
            "advances": [{"month": m, "amount": a} for m, a in (advances or {}).items()],
            "end": None if end is None else {"endDate": end[0], "reason": end[1]},
            "bufferUses": buffer_uses or [],
        }
    )


def record(
    start: str,
    end: str,
    net: str,
    *,
    record_id: str | None = None,
    agency: str = "bureau",
    version: int = 1,
    gross: str | None = None,
    hours: str = "20.00",
    pay_date: str | None = None,
    holiday_pay: str = "0.00",
    person: Person = Person.CLAIMANT,
    corrects: str | None = None,
) -> IncomeRecord:
    """A pay record; gross defaults to net / 0.9 rounded, pay date to four days after the period."""
    period_end = dt.date.fromisoformat(end)
    return IncomeRecord(
        ref=RecordRef(agency, record_id or f"{agency}-{start}", version),
        person=person,
        period_start=dt.date.fromisoformat(start),
        period_end=period_end,
        pay_date=dt.date.fromisoformat(pay_date) if pay_date else period_end + dt.timedelta(days=4),
        hours=d(hours),
        gross=d(gross) if gross else (d(net) / d("0.9")).quantize(d("0.01")),
        net=d(net),
        holiday_pay=d(holiday_pay),
        corrects=corrects,
    )


def invoice(
    number: str,
    amount: str,
    *,
    invoice_date: str,
    work: tuple[str, str] | None = None,
    paid: bool = True,
    version: int = 1,
    corrects: str | None = None,
    client: str = "Bakkerij De Korenschoof",
    person: Person = Person.CLAIMANT,
) -> InvoiceRecord:
    """An invoice of the worker's own business; `work` is the period of the work (first, last day)."""
    day = dt.date.fromisoformat(invoice_date)
    return InvoiceRecord(
        ref=RecordRef(SELF_EMPLOYED_INVOICES, number, version),
        person=person,
        invoice_date=day,
        period_start=dt.date.fromisoformat(work[0]) if work else day,
        period_end=dt.date.fromisoformat(work[1]) if work else day,
        client=client,
        amount=d(amount),
        paid=paid,
        has_period=work is not None,
        corrects=corrects,
    )


def cost(
    cost_id: str,
    amount: str,
    *,
    cost_date: str,
    invoice_number: str | None = None,
    category: str = "materiaal",
    version: int = 1,
    corrects: str | None = None,
) -> CostRecord:
    """A business cost of the worker's own business, dated `cost_date`."""
    day = dt.date.fromisoformat(cost_date)
    return CostRecord(
        ref=RecordRef(SELF_EMPLOYED_COSTS, cost_id, version),
        person=Person.CLAIMANT,
        cost_date=day,
        period_start=day,
        period_end=day,
        amount=d(amount),
        category=category,
        invoice_number=invoice_number,
        corrects=corrects,
    )


def weeks(first_monday: str, nets: list[str], **kwargs: Any) -> list[IncomeRecord]:
    """Weekly records on consecutive weeks from `first_monday`."""
    monday = dt.date.fromisoformat(first_monday)
    result = []
    for index, net in enumerate(nets):
        start = monday + dt.timedelta(days=7 * index)
        result.append(record(start.isoformat(), (start + dt.timedelta(days=6)).isoformat(), net, **kwargs))
    return result


def run(
    the_case: BenefitCase,
    records: list[IncomeRecord],
    first: str,
    last: str | None = None,
    *,
    as_of: str | None = None,
    the_policy: MunicipalPolicy | None = None,
    enrollments: list[EnrollmentPeriod] | None = None,
    approved: list[ApprovedMonth] | None = None,
    opening: LedgerState | None = None,
    with_weeks: bool = False,
    weeks_from: str | None = None,
    invoices: list[InvoiceRecord] | None = None,
    costs: list[CostRecord] | None = None,
) -> Calculation:
    """Settle months `first`..`last` (as of the day after the last month unless given)."""
    first_month = Month.parse(first)
    last_month = Month.parse(last or first)
    return settle(
        case=the_case,
        records=records,
        first_month=first_month,
        last_month=last_month,
        as_of=dt.date.fromisoformat(as_of) if as_of else last_month.last_day,
        parameters=PARAMETERS,
        policy=the_policy or POLICY,
        enrollments=enrollments or [],
        approved=approved or [],
        opening=opening,
        with_weeks=with_weeks,
        weeks_from=Month.parse(weeks_from) if weeks_from else None,
        invoices=invoices or [],
        costs=costs or [],
    )


def month(the_case: BenefitCase, records: list[IncomeRecord], which: str, **kwargs: Any) -> MonthResult:
    """Settle one month and return its settlement."""
    return run(the_case, records, which, **kwargs).settlements[0]


def codes(result: MonthResult, code: str) -> list[Decimal | None]:
    """The amounts of the lines with `code`."""
    return [line.amount for line in result.lines if line.code == code]
