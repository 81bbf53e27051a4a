"""The advance rule both regimes share: what the municipality pays at the start of a month.

The advance for month M is the payout the engine gives for M when the worker earns in M what they earned
in the last settled month (its counted net income); before any month is settled, the monthly net income
of the jobs the worker already had when the pilot began, which the municipality knows from the
declarations before the pilot (nothing for a worker without a job). With `advance_from_last_known` off,
it is the full bijstand × the art. 52 minimum advance rate. This is the baseline's rule
(gateway.simulation.baseline, step 1); only what counts as "last known" differs: a declared month there,
a month approved in Loonbrug here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gateway.engine import IncomeRecord, ParameterSet, RecordRef, settle
from gateway.engine.parameters.keys import ADVANCE_MINIMUM_RATE
from gateway.simulation.cohort import Cohort, SimWorker
from gateway.simulation.outcome import ZERO, money
from gateway.simulation.settings import CohortSettings
from schemas.benefit_case import BenefitCase, Person
from schemas.case import MunicipalPolicy
from schemas.periods import Month

_ESTIMATE_AGENCY = "schatting"


def income_before_pilot(*, worker: SimWorker, cohort: Cohort, settings: CohortSettings) -> Decimal:
    """The monthly net income of the jobs the worker has when the pilot starts."""
    wages = settings.wages
    net_share = Decimal(1) - wages.wage_tax_rate - wages.premium_rate
    start = cohort.first_month.first_day
    monthly = sum(
        (
            job.hours_per_week * job.hourly_wage * 52 / 12 * net_share
            for job in worker.employments
            if job.start <= start
        ),
        ZERO,
    )
    return money(monthly)


class Estimates:
    """The payout the engine gives for one case and month when the worker earns a given net income in it,
    remembered per (month, income): the estimate behind every advance of both regimes."""

    def __init__(
        self, *, case: BenefitCase, as_of: dt.date, parameters: ParameterSet, policy: MunicipalPolicy
    ) -> None:
        self.case = case
        self.as_of = as_of
        self.parameters = parameters
        self.policy = policy
        self._payouts: dict[tuple[Month, Decimal], Decimal] = {}

    def payout(self, month: Month, income: Decimal) -> Decimal:
        """The payout of `month` for `income` earned in it (one whole-month pay record, or none)."""
        key = (month, income)
        if key not in self._payouts:
            records = []
            if income > 0:
                records.append(
                    IncomeRecord(
                        ref=RecordRef(_ESTIMATE_AGENCY, str(month), 1),
                        person=Person.CLAIMANT,
                        period_start=month.first_day,
                        period_end=month.last_day,
                        pay_date=month.last_day,
                        hours=ZERO,
                        gross=income,
                        net=income,
                    )
                )
            calculation = settle(
                case=self.case,
                records=records,
                first_month=month,
                last_month=month,
                as_of=self.as_of,
                parameters=self.parameters,
                policy=self.policy,
                with_weeks=False,
            )
            self._payouts[key] = calculation.settlements[0].payout
        return self._payouts[key]

    def advance(self, month: Month, income: Decimal, *, from_last_known: bool) -> Decimal:
        """The advance for `month` (see the module docstring): the payout for `income`, or with
        `from_last_known` off the full bijstand × the art. 52 minimum rate."""
        if not from_last_known:
            rate = self.parameters.for_month(ADVANCE_MINIMUM_RATE, month).number
            return money(self.payout(month, ZERO) * rate)
        return self.payout(month, income)


class AdvanceRule:
    """Computes advances for the workers of one cohort (see the module docstring)."""

    def __init__(
        self, *, cohort: Cohort, settings: CohortSettings, parameters: ParameterSet, policy: MunicipalPolicy
    ) -> None:
        self.cohort = cohort
        self.settings = settings
        self.parameters = parameters
        self.policy = policy
        as_of = cohort.last_day.replace(year=cohort.last_day.year + 1)
        self._estimates = {
            worker.key: Estimates(case=open_case(worker), as_of=as_of, parameters=parameters, policy=policy)
            for worker in cohort.workers
        }

    def amount(self, worker_key: str, month: Month, last_income: Decimal | None) -> Decimal:
        """The advance for `month`; `last_income` is the last settled month's income, None when none is."""
        worker = self.cohort.worker(worker_key)
        income = (
            income_before_pilot(worker=worker, cohort=self.cohort, settings=self.settings)
            if last_income is None
            else last_income
        )
        return self._estimates[worker_key].advance(
            month, income, from_last_known=self.settings.baseline.advance_from_last_known
        )


def open_case(worker: SimWorker) -> BenefitCase:
    """The case as the municipality knows it when it pays an advance: no end yet."""
    return BenefitCase(
        birth_date=worker.birth_date,
        benefit_start=worker.benefit_start,
        household=list(worker.household),
        disregards=list(worker.disregards),
    )
