"""Settling months: rules 1-5 per month (monthcore), then the ledger of rules 5-7 month after month.

The ledger runs in month order. An open month settles against its advance, sets off earlier
overpayments and takes in the corrections of approved months. An approved month is recomputed; its
approved figures stand, and what changed is carried as a correction into the first open month after it.
Nothing here reads a clock: the day to compute on (`as_of`) is an argument, so settling the same input
twice gives the same output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from gateway.engine import rounding
from gateway.engine.days import calendar_days, last_day, month_index, month_of, months_between, working_days
from gateway.engine.errors import EngineInputError
from gateway.engine.explain import Code, Line
from gateway.engine.final import settle_final, unchanged
from gateway.engine.hold import betaling_wacht
from gateway.engine.inputs import (
    ApprovedMonth,
    Correction,
    CostRecord,
    EnrollmentPeriod,
    IncomeRecord,
    InvoiceRecord,
    LedgerState,
    RecordRef,
)
from gateway.engine.ledger import MonthContext, settle_open
from gateway.engine.month_figures import own_figures
from gateway.engine.month_setup import month_setup
from gateway.engine.parameters import ParameterSet
from gateway.engine.recomputation import recompute
from gateway.engine.records import Coverage, huidige_versies
from gateway.engine.remaining import remaining
from gateway.engine.results import Calculation, ExitForecastResult, MonthResult, Remaining, WeekResult
from gateway.engine.rules import bufferbudget, toerekening, uitstroomsignaal, zelfstandig
from gateway.engine.rules.toerekening import Part
from gateway.engine.weeks import WeekCells, week_figures
from schemas.benefit_case import BenefitCase, BufferUse, CaseEnd, Person
from schemas.case import MunicipalPolicy
from schemas.figures import AttributionRule, ExitForecastBasis, HoldReason, ResultKind
from schemas.periods import IsoWeek, Month


def settle(
    *,
    case: BenefitCase,
    records: Sequence[IncomeRecord],
    first_month: Month,
    last_month: Month,
    as_of: dt.date,
    parameters: ParameterSet,
    policy: MunicipalPolicy,
    enrollments: Sequence[EnrollmentPeriod] = (),
    approved: Sequence[ApprovedMonth] = (),
    opening: LedgerState | None = None,
    with_weeks: bool = True,
    weeks_from: Month | None = None,
    invoices: Sequence[InvoiceRecord] = (),
    costs: Sequence[CostRecord] = (),
) -> Calculation:
    """Settle every month from `first_month` to `last_month` as known on `as_of`, with week figures.

    `records` may hold every version of every pay record: corrected versions are left out. `approved`
    are the approved settlements (any months); months among them are recomputed, not settled again.
    `opening` is the ledger before `first_month` when no approved month precedes it. When the case has
    ended (`case.end`) in or before `last_month`, months stop at the end month and the final settlement
    follows as the month after it (rule 12). `invoices` and `costs` (every version) are the income from
    self-employment (rule 11). With `weeks_from`, week figures are made only for the months from that one
    on (a recompute that stores only those leaves the earlier months' weeks as they are).
    """
    _check_range(case=case, first_month=first_month, last_month=last_month, as_of=as_of)
    end = case.end
    end_month = None if end is None else month_of(end.end_date.year, end.end_date.month)
    if end_month is not None and end_month < first_month:
        raise EngineInputError("firstMonth", "ligt na de maand waarin de bijstand eindigt (case.end)")
    final_month = None if end_month is None or end_month > last_month else end_month.shift(1)
    approved_by_month = _index_approved(approved)
    current = huidige_versies(records)
    months = months_between(first_month, last_month if end_month is None else min(last_month, end_month))
    end_date = None if end is None else end.end_date
    attributed = _attribute(
        records=current,
        months=months,
        rule=policy.attribution,
        benefit_start=case.benefit_start,
        benefit_end=end_date,
    )
    business = (
        zelfstandig.inkomsten_zelfstandig(
            invoices=invoices,
            costs=costs,
            months=months,
            rule=policy.attribution,
            policy=policy.self_employed,
            benefit_start=case.benefit_start,
            benefit_end=end_date,
        )
        if invoices or costs
        else {}
    )
    coverage = Coverage(records=current, enrollments=enrollments)
    claimant = Person.CLAIMANT
    claimant_records = tuple(r for r in current if r.person is claimant)
    cells = (
        WeekCells.build(
            records=current, months=months, rule=policy.attribution, benefit_start=case.benefit_start
        )
        if with_weeks
        else None
    )
    corrected = _corrections_made(approved)
    state = _opening_state(approved_by_month, first_month, opening)
    uses: dict[Month, list[BufferUse]] = {}
    for use in case.buffer_uses:
        uses.setdefault(use.month, []).append(use)
    buffer = bufferbudget.BufferLedger()
    targets = months if final_month is None else (*months, final_month)
    pending: list[Correction] = []
    settlements: list[MonthResult] = []
    weeks: list[WeekResult] = []
    reached_before = 0
    expected_income: Decimal | None = None
    for month in months:
        setup = month_setup(case=case, month=month, parameters=parameters, policy=policy)
        income = attributed[month]
        holiday = income.holiday
        balance = state.holiday_allowance_balance
        own_business = business.get(month, ())
        figures = own_figures(
            setup=setup, parts=income.parts, holiday=holiday, balance=balance, business=own_business
        )
        month_end = last_day(month)
        period_end = month_end if end_date is None else min(month_end, end_date)
        reference_day = min(as_of, period_end)
        rest, rest_lines = remaining(
            setup=setup, figures=figures, claimant_records=claimant_records, reference_day=reference_day
        )
        missing = coverage.missing(start=max(month.first_day, case.benefit_start), end=reference_day)
        complete = period_end <= as_of and not missing
        approved_month = approved_by_month.get(month)
        forecast = hold = None
        extra: tuple[Line, ...] = ()
        if approved_month is None:
            if end is None:
                forecast, extra = _exit_forecast(
                    month=month,
                    rest=rest,
                    days_left=(month_end - reference_day).days
                    + sum([calendar_days(m.start, m.end) for m in missing if m.person is claimant], 0),
                    reached_before=reached_before,
                    claimant_records=claimant_records,
                    reference_day=reference_day,
                )
            if policy.hold_until_complete and (forecast is not None or setup.end is not None):
                hold, hold_lines = betaling_wacht(
                    month=month,
                    reason=HoldReason.LAST_MONTH if setup.end is not None else HoldReason.EXIT_FORECAST,
                    policy=policy,
                    complete=complete,
                    as_of=as_of,
                    missing=missing,
                    weekly_net=rest.weekly_net_now,
                )
                extra += hold_lines
                if hold.estimated_missing:
                    figures = own_figures(
                        setup=setup,
                        parts=income.parts,
                        holiday=holiday,
                        balance=balance,
                        estimate=hold.estimated_missing,
                        business=own_business,
                    )
        reached_before = reached_before + 1 if 0 < rest.exit_income <= rest.income else 0
        context = MonthContext(
            setup,
            figures,
            rest,
            rest_lines,
            missing,
            tuple(income.refs),
            complete,
            forecast,
            hold,
            extra,
            expected_income,
        )
        if complete:
            expected_income = figures.income_total - figures.disregard
        if approved_month is None:
            result, state = settle_open(
                context=context,
                state=state,
                pending=pending,
                parameters=parameters,
                buffer=buffer,
                uses=uses.get(month, ()),
            )
            pending = []
        else:
            buffer.take(month=month, amount=approved_month.buffer_used)
            result, correction = recompute(
                context=context,
                approved=approved_month,
                already=corrected.get(month, (rounding.ZERO,) * 2),
                correction_to=_next_open(month, targets, approved_by_month, final_month),
            )
            if correction is not None:
                pending.append(correction)
            state = approved_month.closing
        settlements.append(result)
        if cells is not None and (weeks_from is None or month >= weeks_from):
            weeks.extend(
                week_figures(
                    setup=setup,
                    cells=cells,
                    holiday=holiday,
                    balance=balance,
                    claimant_records=claimant_records,
                    coverage=coverage,
                    benefit_start=case.benefit_start,
                    as_of=as_of if end_date is None else min(as_of, end_date),
                    business=own_business,
                )
            )
    if final_month is not None and end is not None and settlements:
        settlements.append(
            _final(
                end=end,
                month=final_month,
                last=settlements[-1],
                state=state,
                pending=pending,
                case=case,
                uses=uses.get(final_month, ()),
                buffer=buffer,
                previous=approved_by_month.get(final_month),
                policy=policy,
                parameters=parameters,
            )
        )
    return Calculation(tuple(settlements), tuple(weeks))


def _exit_forecast(
    *,
    month: Month,
    rest: Remaining,
    days_left: int,
    reached_before: int,
    claimant_records: Sequence[IncomeRecord],
    reference_day: dt.date,
) -> tuple[ExitForecastResult | None, tuple[Line, ...]]:
    """Rule 12: the exit forecast of an open month, with its line; nothing when it does not fire."""
    forecast = uitstroomsignaal.uitstroomprognose(
        exit_income=rest.exit_income,
        income_so_far=rest.income,
        weekly_net=rest.weekly_net_now,
        days_left=days_left,
        months_reached_before=reached_before,
    )
    if forecast is None:
        return None, ()
    first = month.first_day
    weeks = tuple(
        sorted(
            {
                IsoWeek.of(max(r.period_start, first))
                for r in claimant_records
                if working_days(max(r.period_start, first), min(r.period_end, reference_day))
            }
        )
    )
    result = ExitForecastResult(
        forecast.basis, rest.exit_income, rest.income, rest.weekly_net_now, forecast.projected, weeks
    )
    templates = {
        ExitForecastBasis.REACHED: "Uitstroomsignaal: het inkomen over {} is € {}; vanaf € {} is er geen"
        " bijstand meer nodig",
        ExitForecastBasis.FORECAST: "Uitstroomsignaal: het inkomen over {} is tot nu toe € {}; in het tempo"
        " van de laatste weken (€ {} per week) wordt het € {}, genoeg om uit de bijstand te gaan (€ {})",
        ExitForecastBasis.TWO_MONTHS: "Uitstroomsignaal: in de twee maanden voor {} was het inkomen genoeg om"
        " uit de bijstand te gaan; deze maand tot nu toe € {} (uitstroominkomen € {})",
    }
    args: dict[ExitForecastBasis, tuple[object, ...]] = {
        ExitForecastBasis.REACHED: (month, rest.income, rest.exit_income),
        ExitForecastBasis.FORECAST: (
            month,
            rest.income,
            rest.weekly_net_now or rounding.ZERO,
            forecast.projected,
            rest.exit_income,
        ),
        ExitForecastBasis.TWO_MONTHS: (month, rest.income, rest.exit_income),
    }
    line = Line(
        Code.EXIT_FORECAST,
        forecast.projected,
        uitstroomsignaal.REFERENCE,
        templates[forecast.basis],
        args[forecast.basis],
    )
    return result, (line,)


def _final(
    *,
    end: CaseEnd,
    month: Month,
    last: MonthResult,
    state: LedgerState,
    pending: Sequence[Correction],
    case: BenefitCase,
    uses: Sequence[BufferUse],
    buffer: bufferbudget.BufferLedger,
    previous: ApprovedMonth | None,
    policy: MunicipalPolicy,
    parameters: ParameterSet,
) -> MonthResult:
    """Rule 12: the final settlement after the end month `last`; an approved one that nothing changed
    stands, as a recomputation."""
    result = settle_final(
        end=end,
        month=month,
        state=state,
        pending=pending,
        advances=[a for a in case.advances if a.month > last.month],
        uses=uses,
        buffer=buffer,
        previous=previous,
        regime=last.regime,
        policy=policy,
        parameters=parameters,
        payout_date=last.payout_date,
        complete=last.complete,
        missing=last.missing,
        hold=last.hold,
        hold_lines=tuple(line for line in last.lines if line.code == Code.HOLD),
    )
    if previous is not None and not pending and unchanged(result, previous):
        return replace(result, kind=ResultKind.RECOMPUTATION, buffer_proposal=None)
    return result


def _check_range(*, case: BenefitCase, first_month: Month, last_month: Month, as_of: dt.date) -> None:
    first, last = month_index(first_month), month_index(last_month)
    if last < first:
        raise EngineInputError("lastMonth", "ligt voor firstMonth")
    if first < case.benefit_start.year * 12 + case.benefit_start.month - 1:
        raise EngineInputError(
            "firstMonth", "ligt voor de maand waarin de bijstand ingaat (case.benefitStart)"
        )
    if last > as_of.year * 12 + as_of.month - 1:
        raise EngineInputError("lastMonth", "ligt na de maand van de peildatum (asOf)")


def _index_approved(approved: Sequence[ApprovedMonth]) -> dict[Month, ApprovedMonth]:
    result: dict[Month, ApprovedMonth] = {}
    for index, item in enumerate(approved):
        if item.month in result:
            raise EngineInputError(
                f"approved[{index}].month", f"{item.month} is twee keer goedgekeurd opgegeven"
            )
        result[item.month] = item
    return result


def _corrections_made(approved: Sequence[ApprovedMonth]) -> dict[Month, tuple[Decimal, Decimal]]:
    """Per approved month, the corrections of it that approved settlements already carried."""
    made: dict[Month, tuple[Decimal, Decimal]] = {}
    for item in approved:
        for correction in item.corrections:
            payout, allowance = made.get(correction.month, (rounding.ZERO, rounding.ZERO))
            made[correction.month] = (
                payout + correction.payout_delta,
                allowance + correction.holiday_allowance_delta,
            )
    return made


def _opening_state(
    approved: dict[Month, ApprovedMonth], first_month: Month, opening: LedgerState | None
) -> LedgerState:
    earlier = [month for month in approved if month < first_month]
    if earlier:
        return approved[max(earlier)].closing
    return opening if opening is not None else LedgerState()


def _next_open(
    month: Month, months: Sequence[Month], approved: dict[Month, ApprovedMonth], final: Month | None
) -> Month | None:
    """The open month a correction of `month` goes to; the final settlement takes corrections even once
    approved (a new version of it follows)."""
    return next((m for m in months if m > month and (m not in approved or m == final)), None)


class _MonthIncome:
    """One month's attributed income: the records' shares (rule 2), the records paying holiday pay in it
    (rule 5), and the record versions touching it, in attribution order."""

    __slots__ = ("holiday", "parts", "refs")

    def __init__(self) -> None:
        self.parts: list[tuple[IncomeRecord, Part]] = []
        self.holiday: list[IncomeRecord] = []
        self.refs: list[RecordRef] = []

    def touch(self, ref: RecordRef) -> None:
        """Note that `ref` touches the month. A record touches a month through at most one part and its
        holiday pay, one right after the other, so comparing with the last ref keeps each ref once."""
        refs = self.refs
        if not refs or refs[-1] is not ref:
            refs.append(ref)


def _attribute(
    *,
    records: Sequence[IncomeRecord],
    months: Sequence[Month],
    rule: AttributionRule,
    benefit_start: dt.date,
    benefit_end: dt.date | None,
) -> dict[Month, _MonthIncome]:
    """Each record's share of each month (rule 2) and the month its holiday pay is paid in (rule 5)."""
    result = {month: _MonthIncome() for month in months}
    # Looked up by (year, month): a tuple hashes in C, a Month runs its dataclass __hash__ in Python.
    get = {(month.year, month.month): income for month, income in result.items()}.get
    for record in records:
        for part in toerekening.toerekening(
            amount=record.work_net,
            start=record.period_start,
            end=record.period_end,
            pay_date=record.pay_date,
            rule=rule,
            benefit_start=benefit_start,
            benefit_end=benefit_end,
        ):
            bucket = get((part.month.year, part.month.month))
            if bucket is not None:
                bucket.parts.append((record, part))
                bucket.touch(record.ref)
        if (
            record.holiday_pay
            and record.pay_date >= benefit_start
            and (benefit_end is None or record.pay_date <= benefit_end)
        ):
            bucket = get((record.pay_date.year, record.pay_date.month))
            if bucket is not None:
                bucket.holiday.append(record)
                bucket.touch(record.ref)
    return result
