"""Between the contract (`schemas`) and the engine: build engine inputs from contract models and turn
engine results into contract models. Errors name the input field as a path in the case file."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from gateway.engine import rounding
from gateway.engine.errors import EngineInputError
from gateway.engine.explain import Line, reading
from gateway.engine.inputs import (
    SELF_EMPLOYED_COSTS,
    SELF_EMPLOYED_INVOICES,
    ApprovedMonth,
    Correction,
    CostRecord,
    EnrollmentPeriod,
    IncomeRecord,
    InvoiceRecord,
    LedgerState,
    Overpayment,
    RecordRef,
)
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.results import (
    Calculation,
    ExitForecastResult,
    HoldResult,
    MissingSpan,
    MonthResult,
    Remaining,
    WeekResult,
)
from gateway.engine.settlement import settle
from schemas import figures as f
from schemas.benefit_case import Person
from schemas.case import CaseFile, MunicipalPolicy, OpeningBalance
from schemas.pay_record import PayRecord
from schemas.self_employed import BusinessCost, BusinessInvoice


def income_record(*, record: PayRecord, agency: str, version: int, person: Person) -> IncomeRecord:
    """The engine's view of a pay record; the BSN stays behind, the engine only needs whose it is."""
    return IncomeRecord(
        ref=RecordRef(agency, record.record_id, version),
        person=person,
        period_start=record.period_start,
        period_end=record.period_end,
        pay_date=record.pay_date,
        hours=record.hours,
        gross=record.gross_wage,
        net=record.net_wage,
        holiday_pay=record.holiday_pay_paid,
        corrects=record.corrects,
    )


def invoice_record(*, invoice: BusinessInvoice, version: int) -> InvoiceRecord:
    """The engine's view of an invoice of the worker's own business (rule 11)."""
    return InvoiceRecord(
        ref=RecordRef(SELF_EMPLOYED_INVOICES, invoice.invoice_number, version),
        person=invoice.person,
        invoice_date=invoice.invoice_date,
        period_start=invoice.period_start or invoice.invoice_date,
        period_end=invoice.period_end or invoice.invoice_date,
        client=invoice.client,
        amount=invoice.amount_excl_vat,
        paid=invoice.paid,
        has_period=invoice.period_start is not None,
        corrects=invoice.corrects,
    )


def cost_record(*, cost: BusinessCost, version: int) -> CostRecord:
    """The engine's view of a business cost (rule 11)."""
    return CostRecord(
        ref=RecordRef(SELF_EMPLOYED_COSTS, cost.cost_id, version),
        person=cost.person,
        cost_date=cost.cost_date,
        period_start=cost.period_start or cost.cost_date,
        period_end=cost.period_end or cost.cost_date,
        amount=cost.amount_excl_vat,
        category=cost.category.value,
        invoice_number=cost.invoice_number,
        corrects=cost.corrects,
    )


def approved_month(settlement: f.MonthSettlement | f.SettledFigures) -> ApprovedMonth:
    """What a recomputation needs from an approved settlement."""
    if settlement.kind is f.ResultKind.RECOMPUTATION or settlement.holiday_allowance_balance is None:
        raise EngineInputError("kind", "alleen een verrekening (geen herberekening) kan goedgekeurd zijn")
    return ApprovedMonth(
        month=settlement.month,
        payout=settlement.payout,
        holiday_allowance_reserve=settlement.holiday_allowance_reserve,
        holiday_pay_set_off=settlement.holiday_pay_set_off,
        closing=LedgerState(
            settlement.holiday_allowance_balance,
            tuple(Overpayment(i.month, i.amount, i.last_month) for i in settlement.carry_forward),
        ),
        corrections=tuple(
            Correction(c.month, c.payout_delta, c.holiday_allowance_delta) for c in settlement.corrections
        ),
        advance=settlement.advance,
        to_pay=settlement.to_pay or rounding.ZERO,
        not_offset=settlement.not_offset or rounding.ZERO,
        buffer_used=settlement.buffer_used or rounding.ZERO,
    )


def ledger_state(opening: OpeningBalance) -> LedgerState:
    """The ledger before the first month, from the case file."""
    return LedgerState(
        opening.holiday_allowance_balance,
        tuple(Overpayment(i.month, i.amount, i.last_month) for i in opening.carry_forward),
    )


def calculate(
    *, case_file: CaseFile, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> f.CalcResult:
    """Settle a case file and return the result as the contract model."""
    calculation = settle_case_file(case_file=case_file, parameters=parameters, default_policy=default_policy)
    return calc_result(calculation, as_of=case_file.as_of)


def settle_case_file(
    *, case_file: CaseFile, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> Calculation:
    """Settle a case file: the engine's own results."""
    persons = {case_file.claimant_bsn: Person.CLAIMANT}
    if case_file.partner_bsn == case_file.claimant_bsn:
        raise EngineInputError("partnerBsn", "is gelijk aan claimantBsn")
    if case_file.partner_bsn is not None:
        persons[case_file.partner_bsn] = Person.PARTNER
    records = []
    for index, item in enumerate(case_file.records):
        person = persons.get(item.record.bsn)
        if person is None:
            raise EngineInputError(f"records[{index}].record.bsn", "hoort niet bij claimantBsn of partnerBsn")
        try:
            records.append(
                income_record(record=item.record, agency=item.agency, version=item.version, person=person)
            )
        except EngineInputError as error:
            raise EngineInputError(f"records[{index}].record.{error.field}", error.message) from None
    approved = []
    for index, settlement in enumerate(case_file.approved):
        try:
            approved.append(approved_month(settlement))
        except EngineInputError as error:
            raise EngineInputError(f"approved[{index}].{error.field}", error.message) from None
    return settle(
        case=case_file.case,
        records=records,
        first_month=case_file.first_month,
        last_month=case_file.last_month,
        as_of=case_file.as_of,
        parameters=parameters,
        policy=case_file.policy or default_policy,
        enrollments=[
            EnrollmentPeriod(e.agency, e.valid_from, e.valid_to, e.person) for e in case_file.enrollments
        ],
        approved=approved,
        opening=ledger_state(case_file.opening) if case_file.opening is not None else None,
        with_weeks=case_file.weeks,
        invoices=[invoice_record(invoice=i.invoice, version=i.version) for i in case_file.invoices],
        costs=[cost_record(cost=c.cost, version=c.version) for c in case_file.costs],
    )


def calc_result(calculation: Calculation, *, as_of: dt.date) -> f.CalcResult:
    """The contract model of a whole calculation."""
    return f.CalcResult.model_validate(
        {
            "as_of": as_of,
            "settlements": [month_settlement(s) for s in calculation.settlements],
            "weeks": [week_figures(w) for w in calculation.weeks],
        }
    )


def month_settlement(result: MonthResult) -> f.MonthSettlement:
    """The contract model of a month settlement."""
    return f.MonthSettlement(
        month=result.month,
        kind=result.kind,
        regime=result.regime,
        attribution=result.attribution,
        complete=result.complete,
        norm=result.norm,
        income=result.income,
        self_employed_income=result.self_employed_income,
        disregard=result.disregard,
        bijstand=result.bijstand,
        payout=result.payout,
        holiday_allowance_reserve=result.holiday_allowance_reserve,
        holiday_pay_set_off=result.holiday_pay_set_off,
        holiday_allowance_paid_out=result.holiday_allowance_paid_out,
        holiday_allowance_balance=result.holiday_allowance_balance,
        advance=result.advance,
        corrections_total=result.corrections_total,
        difference=result.difference,
        offset=result.offset,
        to_pay=result.to_pay,
        overpaid=result.overpaid,
        not_offset=result.not_offset,
        carry_forward=[
            f.CarryForwardItem(month=i.month, amount=i.amount, last_month=i.last_month)
            for i in result.carry_forward
        ],
        corrections=[_correction(c) for c in result.corrections],
        correction_carried=_correction(result.correction_carried) if result.correction_carried else None,
        correction_to=result.correction_to,
        payout_date=result.payout_date,
        remaining=_remaining(result.remaining),
        missing=_missing(result.missing),
        records=_refs(result.records),
        parameters=_parameters(result.parameters),
        unconfirmed=result.unconfirmed,
        lines=_lines(result.lines),
        end=result.end,
        pro_rata=None
        if result.pro_rata is None
        else f.ProRata(days=result.pro_rata[0], of_days=result.pro_rata[1]),
        exit_forecast=_forecast(result.exit_forecast),
        hold=_hold(result.hold),
        buffer_used=result.buffer_used,
        buffer_proposal=(
            None
            if result.buffer_proposal is None
            else f.BufferProposal(
                kind=result.buffer_proposal.kind,
                amount=result.buffer_proposal.amount,
                year_left=result.buffer_proposal.year_left,
            )
        ),
    )


def _forecast(forecast: ExitForecastResult | None) -> f.ExitForecast | None:
    if forecast is None:
        return None
    return f.ExitForecast(
        basis=forecast.basis,
        exit_income=forecast.exit_income,
        income_so_far=forecast.income_so_far,
        weekly_net=forecast.weekly_net,
        projected=forecast.projected,
        weeks=list(forecast.weeks),
    )


def _hold(hold: HoldResult | None) -> f.Hold | None:
    if hold is None:
        return None
    return f.Hold(
        reason=hold.reason, until=hold.until, status=hold.status, estimated_missing=hold.estimated_missing
    )


def week_figures(result: WeekResult) -> f.WeekFigures:
    """The contract model of a week's figures."""
    return f.WeekFigures(
        week=result.week,
        month=result.month,
        hours=result.hours,
        gross=result.gross,
        net=result.net,
        month_income=result.month_income,
        bijstand=result.bijstand,
        payout=result.payout,
        advance=result.advance,
        expected_difference=result.expected_difference,
        payout_date=result.payout_date,
        remaining=_remaining(result.remaining),
        missing=_missing(result.missing),
        records=_refs(result.records),
        parameters=_parameters(result.parameters),
        unconfirmed=result.unconfirmed,
        lines=_lines(result.lines),
    )


def _correction(correction: Correction) -> f.Correction:
    return f.Correction(
        month=correction.month,
        payout_delta=correction.payout_delta,
        holiday_allowance_delta=correction.holiday_allowance_delta,
    )


def _remaining(remaining: Remaining) -> f.RemainingToExit:
    return f.RemainingToExit(
        exit_income=remaining.exit_income,
        income=remaining.income,
        net=remaining.net,
        gross=remaining.gross,
        hours=remaining.hours,
        hourly_wage=remaining.hourly_wage,
        weekly_exit_income=remaining.weekly_exit_income,
        weekly_net_now=remaining.weekly_net_now,
        weekly_net=remaining.weekly_net,
        weekly_gross=remaining.weekly_gross,
        weekly_hours=remaining.weekly_hours,
    )


def _missing(missing: Sequence[MissingSpan]) -> list[f.MissingPeriod]:
    return [f.MissingPeriod(agency=m.agency, person=m.person, start=m.start, end=m.end) for m in missing]


def _refs(refs: Sequence[RecordRef]) -> list[f.RecordRef]:
    return [_ref(r) for r in refs]


# The contract models below are frozen and built from hashable engine values, so a model built once can
# stand in every result that has an equal value: a recompute converts the same parameter values, pay
# record versions and explanation lines week after week. Bounded, so a long run holds only recent ones.
@functools.lru_cache(maxsize=4096)
def _ref(ref: RecordRef) -> f.RecordRef:
    return f.RecordRef(agency=ref.agency, record_id=ref.record_id, version=ref.version)


def _parameters(values: Sequence[ParameterValue]) -> list[f.ParameterRef]:
    return [_parameter(v) for v in values]


@functools.lru_cache(maxsize=1024)
def _parameter(value: ParameterValue) -> f.ParameterRef:
    return f.ParameterRef(
        key=value.key,
        label=value.label,
        value=value.display,
        unit=value.unit,
        valid_from=value.valid_from,
        valid_to=value.valid_to,
        confirmed=value.confirmed,
        source_url=value.source_url,
        article=value.article,
        note=value.note,
    )


@functools.lru_cache(maxsize=1024)
def _line_parameter(value: ParameterValue) -> f.LineParameter:
    return f.LineParameter(
        key=value.key, value=value.display, valid_from=value.valid_from, confirmed=value.confirmed
    )


def _lines(lines: Sequence[Line]) -> list[f.ExplanationLine]:
    return [_line(line, *reading(line)) for line in lines]


@functools.lru_cache(maxsize=4096)
def _line(line: Line, arg_types: tuple[type, ...], signed: bool) -> f.ExplanationLine:
    """The model of `line`; `arg_types` and `signed` only tell apart lines that are equal (`reading`)."""
    return f.ExplanationLine(
        code=line.code,
        text=line.text,
        amount=line.amount,
        reference=line.reference,
        person=line.person,
        records=_refs(line.records),
        inputs=list(line.inputs),
        parameters=[_line_parameter(p) for p in line.parameters],
    )
