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
from decimal import Decimal

from gateway.engine import rounding
from gateway.engine.days import last_day, month_index, months_between
from gateway.engine.errors import EngineInputError
from gateway.engine.inputs import (
    ApprovedMonth,
    Correction,
    EnrollmentPeriod,
    IncomeRecord,
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
from gateway.engine.results import Calculation, MonthResult, WeekResult
from gateway.engine.rules import toerekening
from gateway.engine.rules.toerekening import Part
from gateway.engine.weeks import WeekCells, week_figures
from schemas.benefit_case import BenefitCase, Person
from schemas.case import MunicipalPolicy
from schemas.figures import AttributionRule
from schemas.periods import Month


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
) -> Calculation:
    """Settle every month from `first_month` to `last_month` as known on `as_of`, with week figures.

    `records` may hold every version of every pay record: corrected versions are left out. `approved`
    are the approved settlements (any months); months among them are recomputed, not settled again.
    `opening` is the ledger before `first_month` when no approved month precedes it.
    """
    _check_range(case=case, first_month=first_month, last_month=last_month, as_of=as_of)
    approved_by_month = _index_approved(approved)
    current = huidige_versies(records)
    months = months_between(first_month, last_month)
    attributed = _attribute(
        records=current, months=months, rule=policy.attribution, benefit_start=case.benefit_start
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
    pending: list[Correction] = []
    settlements: list[MonthResult] = []
    weeks: list[WeekResult] = []
    for month in months:
        setup = month_setup(case=case, month=month, parameters=parameters, policy=policy)
        income = attributed[month]
        holiday = income.holiday
        balance = state.holiday_allowance_balance
        figures = own_figures(setup=setup, parts=income.parts, holiday=holiday, balance=balance)
        month_end = last_day(month)
        reference_day = min(as_of, month_end)
        rest, rest_lines = remaining(
            setup=setup, figures=figures, claimant_records=claimant_records, reference_day=reference_day
        )
        missing = coverage.missing(start=max(month.first_day, case.benefit_start), end=reference_day)
        context = MonthContext(
            setup,
            figures,
            rest,
            rest_lines,
            missing,
            tuple(income.refs),
            complete=month_end <= as_of and not missing,
        )
        approved_month = approved_by_month.get(month)
        if approved_month is None:
            result, state = settle_open(context=context, state=state, pending=pending, parameters=parameters)
            pending = []
        else:
            result, correction = recompute(
                context=context,
                approved=approved_month,
                already=corrected.get(month, (rounding.ZERO,) * 2),
                correction_to=_next_open(month, months, approved_by_month),
            )
            if correction is not None:
                pending.append(correction)
            state = approved_month.closing
        settlements.append(result)
        if cells is not None:
            weeks.extend(
                week_figures(
                    setup=setup,
                    cells=cells,
                    holiday=holiday,
                    balance=balance,
                    claimant_records=claimant_records,
                    coverage=coverage,
                    benefit_start=case.benefit_start,
                    as_of=as_of,
                )
            )
    return Calculation(tuple(settlements), tuple(weeks))


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


def _next_open(month: Month, months: Sequence[Month], approved: dict[Month, ApprovedMonth]) -> Month | None:
    return next((m for m in months if m > month and m not in approved), None)


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
    *, records: Sequence[IncomeRecord], months: Sequence[Month], rule: AttributionRule, benefit_start: dt.date
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
        ):
            bucket = get((part.month.year, part.month.month))
            if bucket is not None:
                bucket.parts.append((record, part))
                bucket.touch(record.ref)
        if record.holiday_pay and record.pay_date >= benefit_start:
            bucket = get((record.pay_date.year, record.pay_date.month))
            if bucket is not None:
                bucket.holiday.append(record)
                bucket.touch(record.ref)
    return result
