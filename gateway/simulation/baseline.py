"""The baseline: the usual municipal way of paying bijstand to a flex worker, on the same truth.

Estimate, then recover. Each step is a choice a municipality makes today; the defaults are in
`BaselineSettings` and docs/simulation.md explains why the model is fair.

1. Advance. On the first day of month M the municipality pays an advance: the payout the engine gives
   for M when the worker earns what they earned in the last month whose declaration is in (before the
   pilot: the income of the jobs the worker already has; nothing for a worker without a job). With
   `advance_from_last_known` off it pays the full bijstand × the art. 52 minimum rate instead.
2. Declaration. The worker declares the pay slips of the periods that start in M in month M+1, M+2 or
   M+3 (never before the last slip is paid, never before the previous declaration), with the slip
   version they hold then (a correction reaches the worker when the agency issues it). Per slip the
   worker may forget it or write a rounded or misread net amount.
3. Definitive settlement. On the first settlement day after the declaration, the month is settled with
   the engine over the declared slips (`gateway.engine.settle`, the same rules as Loonbrug). Below the
   advance: a recovery claim for the difference ("schatting", or "uitstroom" in a leaver's last month);
   above: a back payment.
4. Wage register. `register_lag_months` after M the actual income of M shows in the wage register; on
   the next settlement day the municipality compares. When declared and actual net income differ by more
   than `investigation_threshold`, it opens an investigation and revises the month with the actual pay
   data: a claim ("vergeten_loonstrook", "late_correctie" or "herziening") or a back payment.
5. Leavers. The municipality learns of the leave with the declaration of the last month; for a share of
   leavers the advance of the month after leaving has been paid already and is claimed back
   ("uitstroom").

Every overpayment is claimed: the baseline sets nothing off, so its `notOffset` equals its claims.
Consultant actions: each declaration processed, each claim, each investigation. Simplification: the
definitive figures of every month come from one engine run over all declared slips, so a month settled
before an earlier month's declaration is in still sees that earlier month's holiday-pay set-off; the
holiday allowance (VT) reserve is paid in June in both regimes and left out of the comparison.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine import MonthResult, ParameterSet, settle
from gateway.engine.contract import income_record
from gateway.simulation.advance import Estimates, income_before_pilot, open_case
from gateway.simulation.cohort import Cohort, SimWorker
from gateway.simulation.outcome import Claim, Ledger, RegimeMetrics, WorkerTrace
from gateway.simulation.settings import BaselineSettings, CohortSettings
from gateway.simulation.truth import Delivery, Truth
from schemas.benefit_case import BenefitCase, CaseEnd, EndReason, Person
from schemas.case import MunicipalPolicy
from schemas.pay_record import PayRecord
from schemas.periods import Month


def run_baseline(
    *, truth: Truth, settings: CohortSettings, parameters: ParameterSet, policy: MunicipalPolicy
) -> tuple[RegimeMetrics, dict[str, WorkerTrace]]:
    """Run estimate-then-recover over the truth; the metrics and every worker's trace."""
    cohort = truth.cohort
    # Its own generator, so the baseline's draws never shift the cohort's or the truth's.
    rng = random.Random(f"loonbrug-baseline-{cohort.seed}")  # noqa: S311 - a reproducible simulation
    worker_months = sum(len(_months_on_benefit(cohort, worker)) for worker in cohort.workers)
    ledger = Ledger(workers=len(cohort.workers), worker_months=worker_months)
    traces: dict[str, WorkerTrace] = {}
    for worker in cohort.workers:
        run = _WorkerRun(
            truth=truth, worker=worker, settings=settings, parameters=parameters, policy=policy, rng=rng
        )
        traces[worker.key] = run.run(ledger)
    months = [cohort.first_month.shift(index) for index in range(cohort.months)]
    return ledger.metrics(months=months), traces


def _months_on_benefit(cohort: Cohort, worker: SimWorker) -> list[Month]:
    last = (
        cohort.last_month if worker.leaves_on is None else min(cohort.last_month, Month.of(worker.leaves_on))
    )
    count = (last.year - cohort.first_month.year) * 12 + last.month - cohort.first_month.month + 1
    return [cohort.first_month.shift(index) for index in range(count)]


@dataclass(frozen=True, slots=True)
class _Slip:
    """A pay slip as the worker holds it: the original, and the correction from the day it is issued."""

    agency: str
    original: PayRecord
    correction: PayRecord | None
    corrected_on: dt.date | None

    def held_on(self, day: dt.date) -> PayRecord:
        if self.correction is not None and self.corrected_on is not None and self.corrected_on <= day:
            return self.correction
        return self.original

    @property
    def final(self) -> PayRecord:
        return self.correction or self.original


@dataclass(frozen=True, slots=True)
class _Declaration:
    month: Month
    arrives_on: dt.date
    records: tuple[tuple[str, PayRecord], ...]
    forgotten: bool
    late_correction: bool


class _WorkerRun:
    """The baseline for one worker."""

    def __init__(
        self,
        *,
        truth: Truth,
        worker: SimWorker,
        settings: CohortSettings,
        parameters: ParameterSet,
        policy: MunicipalPolicy,
        rng: random.Random,
    ) -> None:
        self.truth = truth
        self.cohort = truth.cohort
        self.worker = worker
        self.settings = settings
        self.baseline: BaselineSettings = settings.baseline
        self.parameters = parameters
        self.policy = policy
        self.rng = rng
        self.months = _months_on_benefit(self.cohort, worker)
        self.case = BenefitCase(
            birth_date=worker.birth_date,
            benefit_start=worker.benefit_start,
            household=list(worker.household),
            disregards=list(worker.disregards),
            end=CaseEnd(end_date=worker.leaves_on, reason=EndReason.WORK) if worker.leaves_on else None,
        )
        self.as_of = self.cohort.last_day.replace(year=self.cohort.last_day.year + 1)
        # The advance is paid before the municipality knows of a leave: estimated without the end, by the
        # same estimate Loonbrug's consultant uses (gateway.simulation.advance).
        self.estimates = Estimates(
            case=open_case(worker), as_of=self.as_of, parameters=parameters, policy=policy
        )

    def run(self, ledger: Ledger) -> WorkerTrace:
        slips = self._slips(self.truth.deliveries_of(self.worker.key))
        declarations = self._declarations(slips)
        declared = self._settle([record for d in declarations for record in d.records])
        actual = self._settle([(slip.agency, slip.final) for slip in slips])
        payouts: list[tuple[dt.date, Decimal]] = []
        stayer = self.worker.leaves_on is None
        last_income = income_before_pilot(worker=self.worker, cohort=self.cohort, settings=self.settings)
        known = 0
        for month in self.months:
            pay_day = month.first_day
            while known < len(declarations) and declarations[known].arrives_on < pay_day:
                last_income = declared[declarations[known].month].income
                known += 1
            advance = self._advance(month, last_income)
            ledger.pay(self.worker.key, pay_day, advance)
            payouts.append((pay_day, advance))
            self._settle_month(
                ledger=ledger,
                payouts=payouts,
                declaration=declarations[self.months.index(month)],
                advance=advance,
                definitive=declared[month],
                true=actual[month],
                stayer=stayer,
            )
        if self.worker.leaves_on is not None:
            self._after_leaving(ledger, payouts, last_income, declarations[-1])
        exit_weekly = actual[self.months[-1]].remaining.weekly_exit_income
        return WorkerTrace(
            self.worker.key, self.worker.story, self.truth.weekly_net(self.worker.key), exit_weekly, payouts
        )

    def _settle_month(
        self,
        *,
        ledger: Ledger,
        payouts: list[tuple[dt.date, Decimal]],
        declaration: _Declaration,
        advance: Decimal,
        definitive: MonthResult,
        true: MonthResult,
        stayer: bool,
    ) -> None:
        month = declaration.month
        settled_on = self._next_settlement(declaration.arrives_on)
        ledger.actions += 1
        if definitive.income == true.income:
            ledger.months_complete += 1
        else:
            ledger.months_incomplete += 1
        leaving_month = self.worker.leaves_on is not None and month == Month.of(self.worker.leaves_on)
        self._difference(
            ledger=ledger,
            payouts=payouts,
            on=settled_on,
            amount=definitive.payout - advance,
            cause="uitstroom" if leaving_month else "schatting",
            stayer=stayer,
        )
        register_day = month.shift(self.baseline.register_lag_months).last_day + dt.timedelta(days=1)
        checked_on = self._next_settlement(max(register_day, settled_on))
        if abs(definitive.income - true.income) <= self.baseline.investigation_threshold:
            return
        ledger.investigated.add(self.worker.key)
        ledger.actions += 1
        if declaration.forgotten:
            cause = "vergeten_loonstrook"
        elif declaration.late_correction:
            cause = "late_correctie"
        else:
            cause = "herziening"
        self._difference(
            ledger=ledger,
            payouts=payouts,
            on=checked_on,
            amount=true.payout - definitive.payout,
            cause=cause,
            stayer=stayer,
        )

    def _difference(
        self,
        *,
        ledger: Ledger,
        payouts: list[tuple[dt.date, Decimal]],
        on: dt.date,
        amount: Decimal,
        cause: str,
        stayer: bool,
    ) -> None:
        """A claim when `amount` is negative, a back payment when positive."""
        if amount < 0:
            ledger.claims.append(Claim(self.worker.key, on, -amount, cause, stayer))
            ledger.not_offset.append((-amount, stayer))
            ledger.actions += 1
            payouts.append((on, amount))
        elif amount > 0:
            ledger.back_payments.append(amount)
            ledger.pay(self.worker.key, on, amount)
            payouts.append((on, amount))

    def _after_leaving(
        self,
        ledger: Ledger,
        payouts: list[tuple[dt.date, Decimal]],
        last_income: Decimal,
        last_declaration: _Declaration,
    ) -> None:
        next_month = self.months[-1].shift(1)
        if next_month > self.cohort.last_month or not _chance(self.rng, self.baseline.leaver_advance_paid):
            return
        advance = self._advance(next_month, last_income)
        if advance <= 0:
            return
        ledger.pay(self.worker.key, next_month.first_day, advance)
        payouts.append((next_month.first_day, advance))
        learned_on = self._next_settlement(max(last_declaration.arrives_on, next_month.first_day))
        self._difference(
            ledger=ledger, payouts=payouts, on=learned_on, amount=-advance, cause="uitstroom", stayer=False
        )

    def _slips(self, deliveries: list[Delivery]) -> list[_Slip]:
        """The worker's pay slips: agency duplicates are no slips; a correction belongs to its original."""
        corrections = {
            (d.agency, d.record.corrects): d for d in deliveries if d.record.corrects and not d.duplicate
        }
        slips = []
        for delivery in deliveries:
            if delivery.duplicate or delivery.record.corrects is not None:
                continue
            fix = corrections.get((delivery.agency, delivery.record.record_id))
            slips.append(
                _Slip(
                    agency=delivery.agency,
                    original=delivery.record,
                    correction=fix.record if fix else None,
                    corrected_on=fix.arrives_on if fix else None,
                )
            )
        return sorted(slips, key=lambda s: (s.original.period_start, s.agency))

    def _declarations(self, slips: list[_Slip]) -> list[_Declaration]:
        """One declaration per month on benefit, in order, each after its slips are paid."""
        first, last = self.months[0], self.months[-1]
        by_month: dict[Month, list[_Slip]] = {month: [] for month in self.months}
        for slip in slips:
            month = max(first, Month.of(slip.original.period_start))
            if month <= last:
                by_month[month].append(slip)
        result = []
        previous = first.first_day
        baseline = self.baseline
        for month in self.months:
            delay = _pick_delay(self.rng, baseline)
            day = month.shift(1 + delay).first_day + dt.timedelta(
                days=self.rng.randrange(baseline.declare_day_max)
            )
            paid = max((slip.original.pay_date for slip in by_month[month]), default=previous)
            arrives = max(day, previous, paid + dt.timedelta(days=1))
            records: list[tuple[str, PayRecord]] = []
            forgotten = late_correction = False
            for slip in by_month[month]:
                held = slip.held_on(arrives)
                if slip.correction is not None and held is slip.original:
                    late_correction = True
                if _chance(self.rng, baseline.forgotten_slip):
                    forgotten = forgotten or held.net_wage > 0
                    continue
                if _chance(self.rng, baseline.rounding_error):
                    held = _misread(self.rng, held, baseline.rounding_error_max)
                records.append((slip.agency, held))
            result.append(_Declaration(month, arrives, tuple(records), forgotten, late_correction))
            previous = arrives
        return result

    def _settle(self, records: list[tuple[str, PayRecord]]) -> dict[Month, MonthResult]:
        income = [
            income_record(record=record, agency=agency, version=1, person=Person.CLAIMANT)
            for agency, record in records
        ]
        calculation = settle(
            case=self.case,
            records=income,
            first_month=self.months[0],
            last_month=self.months[-1],
            as_of=self.as_of,
            parameters=self.parameters,
            policy=self.policy,
            with_weeks=False,
        )
        return {result.month: result for result in calculation.settlements}

    def _advance(self, month: Month, income: Decimal) -> Decimal:
        """The advance for `month`: the rule both regimes share (gateway.simulation.advance)."""
        return self.estimates.advance(month, income, from_last_known=self.baseline.advance_from_last_known)

    def _next_settlement(self, day: dt.date) -> dt.date:
        """The first settlement day on or after `day`."""
        month = Month.of(day)
        on = self.settings.settlement_date(month)
        return on if on >= day else self.settings.settlement_date(month.shift(1))


def _pick_delay(rng: random.Random, baseline: BaselineSettings) -> int:
    draw = Decimal(rng.randrange(1_000_000)) / 1_000_000
    if draw < baseline.declare_now:
        return 0
    if draw < baseline.declare_now + baseline.declare_one_month:
        return 1
    return 2


def _chance(rng: random.Random, share: Decimal) -> bool:
    return Decimal(rng.randrange(1_000_000)) / 1_000_000 < share


def _misread(rng: random.Random, record: PayRecord, largest: Decimal) -> PayRecord:
    """The slip with its net amount written wrong by up to `largest` either way (never below the holiday
    pay inside it)."""
    change = Decimal(rng.randint(1, max(1, int(largest * 100)))) / 100
    if rng.randrange(2):
        change = -change
    net = max(record.holiday_pay_paid, record.net_wage + change)
    return record.model_copy(update={"net_wage": net})
