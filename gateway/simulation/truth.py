"""The true pay data of a cohort: every pay record each agency sends, and the day it arrives.

Per employment, one record per pay period (a Monday-Sunday week, an aligned 4-week period or a calendar
month), also for a period without hours: a pilot agency sends a nil record, so that "no income" is known
rather than missing. Hours are drawn per ISO week around the worker's own mean and spread evenly over
the week's working days (Monday to Friday); a period's hours are the hours of its working days while the
job runs. From the hours:

- gross = hours × hourly wage, plus the holiday pay paid out (gross);
- holiday pay accrues at `holiday_pay.accrual_rate` of the wage for the hours, and is paid with every
  period or once a year with the last period that ends in May or June, and with the last period of a job
  that ends; a worker at work when the pilot starts brings the accrual since the last payout month;
- wage tax and premiums are `wages.wage_tax_rate` and `wages.premium_rate` of gross, net is the rest;
  the net holiday pay (inside net) is the gross holiday pay at the same net/gross ratio;
- an untaxed travel allowance per hour for some workers; year-to-date figures per agency and tax year.

The pay date is a few days after the period ends and the record arrives days after the pay date, some
late. Some records are corrected later (a new record naming the earlier one). At a low rate an agency
sends a period twice without naming the first (and later cancels the duplicate with a zero correction),
or sends year-to-date figures that jump.

A worker who leaves the benefit for a job keeps the job, but pay after the last day of entitlement is no
bijstand income: records are made for the periods that start on or before `leaves_on`. Records are made
for periods that start within the pilot; a record may arrive after the pilot's last day.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from gateway.simulation.cohort import Cohort, SimEmployment, SimWorker, period_containing
from gateway.simulation.settings import CohortSettings
from schemas.pay_record import PayRecord, PeriodType
from schemas.periods import IsoWeek, Month

_CENT = Decimal("0.01")
_QUARTER = Decimal("0.25")
_ZERO = Decimal("0.00")
_DAY = dt.timedelta(days=1)


def _money(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One pay record as an agency pushes it, on the day it arrives at the gateway."""

    agency: str
    worker_key: str
    record: PayRecord
    arrives_on: dt.date
    correction: bool
    """True when `record.corrects` names an earlier record."""
    duplicate: bool = False
    """An agency error: a period sent a second time (or the zero correction that cancels it). The worker
    never got such a pay slip."""


@dataclass(frozen=True, slots=True)
class Truth:
    """The cohort and every delivery of its pay data, sorted by (arrives_on, agency, record_id)."""

    cohort: Cohort
    deliveries: tuple[Delivery, ...]
    _by_worker: dict[str, list[Delivery]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for delivery in self.deliveries:
            self._by_worker.setdefault(delivery.worker_key, []).append(delivery)

    def deliveries_of(self, worker_key: str) -> list[Delivery]:
        """Every delivery for one worker, in arrival order."""
        return list(self._by_worker.get(worker_key, ()))

    def final_records(self, worker_key: str) -> list[PayRecord]:
        """The versions that count in the end: every record no later record corrects, by period."""
        own = self._by_worker.get(worker_key, [])
        replaced = {(d.agency, d.record.corrects) for d in own if d.record.corrects is not None}
        final = [d.record for d in own if (d.agency, d.record.record_id) not in replaced]
        return sorted(final, key=lambda r: (r.period_start, r.record_id))

    def final_deliveries(self, worker_key: str) -> list[Delivery]:
        """Like `final_records`, with the agency and arrival of each."""
        own = self._by_worker.get(worker_key, [])
        replaced = {(d.agency, d.record.corrects) for d in own if d.record.corrects is not None}
        final = [d for d in own if (d.agency, d.record.record_id) not in replaced]
        return sorted(final, key=lambda d: (d.record.period_start, d.agency, d.record.record_id))

    def weekly_net(self, worker_key: str) -> list[tuple[IsoWeek, Decimal]]:
        """Net earnings from work (without holiday pay) per ISO week of the pilot, from the final records,
        spread over each period's working days."""
        totals: dict[IsoWeek, Decimal] = defaultdict(Decimal)
        for record in self.final_records(worker_key):
            days = list(_working_days(record.period_start, record.period_end))
            if not days:
                continue
            work_net = record.net_wage - record.holiday_pay_paid
            for day in days:
                totals[IsoWeek.of(day)] += work_net / len(days)
        first = IsoWeek.of(self.cohort.first_month.first_day)
        last = IsoWeek.of(self.cohort.last_day)
        return [(week, _money(total)) for week, total in sorted(totals.items()) if first <= week <= last]


def pay_history(*, cohort: Cohort, settings: CohortSettings) -> Truth:
    """Every pay record of the cohort's jobs and when it arrives; deterministic for the cohort's seed."""
    # Its own generator, seeded from the cohort's seed, so the cohort and its pay data can be drawn apart.
    rng = random.Random(f"loonbrug-truth-{cohort.seed}")  # noqa: S311 - a reproducible simulation
    deliveries: list[Delivery] = []
    for worker in cohort.workers:
        for employment in worker.employments:
            deliveries += _Employment(rng, settings, cohort, worker, employment).deliveries()
    deliveries.sort(key=lambda d: (d.arrives_on, d.agency, d.record.record_id))
    return Truth(cohort, tuple(deliveries))


def _working_days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += _DAY


def _chance(rng: random.Random, share: Decimal) -> bool:
    return Decimal(rng.randrange(1_000_000)) / 1_000_000 < share


@dataclass(slots=True)
class _Amounts:
    hours: Decimal
    base: Decimal
    holiday_gross: Decimal

    def record_fields(self, *, settings: CohortSettings, wage_accrual: Decimal) -> dict[str, Decimal]:
        wages = settings.wages
        gross = self.base + self.holiday_gross
        tax = _money(gross * wages.wage_tax_rate)
        premiums = _money(gross * wages.premium_rate)
        net = gross - tax - premiums
        net_share = Decimal(1) - wages.wage_tax_rate - wages.premium_rate
        holiday_net = min(net, _money(self.holiday_gross * net_share))
        return {
            "hours": self.hours,
            "gross_wage": gross,
            "wage_tax": tax,
            "employee_premiums": premiums,
            "net_wage": net,
            "holiday_pay_accrued": wage_accrual,
            "holiday_pay_paid": holiday_net,
        }


class _Employment:
    """Makes the pay records of one employment."""

    def __init__(
        self,
        rng: random.Random,
        settings: CohortSettings,
        cohort: Cohort,
        worker: SimWorker,
        employment: SimEmployment,
    ) -> None:
        self.rng = rng
        self.settings = settings
        self.cohort = cohort
        self.worker = worker
        self.job = employment
        last = cohort.last_day
        if employment.end is not None:
            last = min(last, employment.end)
        if worker.leaves_on is not None:
            last = min(last, worker.leaves_on)
        self.last_start = last
        """Periods that start after this day get no record."""
        self.works_until = employment.end
        self.week_hours: dict[IsoWeek, Decimal] = {}

    def deliveries(self) -> list[Delivery]:
        periods = list(self._periods())
        if not periods:
            return []
        balance = self._opening_accrual()
        ytd: dict[int, tuple[Decimal, Decimal]] = {}
        result: list[Delivery] = []
        for index, (start, end) in enumerate(periods):
            pay_date = end + dt.timedelta(
                days=self.rng.randint(
                    self.settings.delivery.pay_lag_days_min, self.settings.delivery.pay_lag_days_max
                )
            )
            hours = self._hours(start, end)
            base = _money(hours * self.job.hourly_wage)
            accrual = _money(base * self.settings.holiday_pay.accrual_rate)
            balance += accrual
            last_of_job = index == len(periods) - 1 and self.job.end is not None and self.job.end <= end
            holiday_gross = _ZERO
            if self.job.holiday_pay_per_period or last_of_job or self._annual_payout(periods, index):
                holiday_gross, balance = balance, _ZERO
            amounts = _Amounts(hours=hours, base=base, holiday_gross=holiday_gross)
            record_id = f"{self.worker.key}-{start:%Y%m%d}"
            fields = amounts.record_fields(settings=self.settings, wage_accrual=accrual)
            travel = _money(hours * self.job.travel_allowance_per_hour)
            year_gross, year_net = ytd.get(pay_date.year, (_ZERO, _ZERO))
            correction = self._correction(amounts, accrual) if hours > 0 else None
            final_fields = correction if correction is not None else fields
            final_travel = (
                _money(final_fields["hours"] * self.job.travel_allowance_per_hour) if correction else travel
            )
            final_ytd = (year_gross + final_fields["gross_wage"], year_net + final_fields["net_wage"])
            ytd[pay_date.year] = final_ytd
            common = {
                "bsn": self.worker.bsn,
                "period_type": self.job.cycle,
                "period_start": start,
                "period_end": end,
                "pay_date": pay_date,
                "period_number": _period_number(self.job.cycle, start),
            }
            first_ytd = (year_gross + fields["gross_wage"], year_net + fields["net_wage"])
            if _chance(self.rng, self.settings.agency_errors.ytd_jump):
                jump = Decimal(self.rng.randint(50, 500))
                first_ytd = (first_ytd[0] + jump, first_ytd[1] + jump)
            original = PayRecord(
                record_id=record_id,
                **common,
                **fields,
                untaxed_allowances=travel,
                ytd_gross=first_ytd[0],
                ytd_net=first_ytd[1],
            )
            arrives = pay_date + dt.timedelta(days=self._delay())
            result.append(Delivery(self.job.agency, self.worker.key, original, arrives, correction=False))
            if correction is not None:
                fixed = PayRecord(
                    record_id=f"{record_id}-c1",
                    corrects=record_id,
                    **common,
                    **correction,
                    untaxed_allowances=final_travel,
                    ytd_gross=final_ytd[0],
                    ytd_net=final_ytd[1],
                )
                corrections = self.settings.corrections
                later = max(1, self.rng.randint(corrections.after_days_min, corrections.after_days_max))
                result.append(
                    Delivery(self.job.agency, self.worker.key, fixed, arrives + later * _DAY, correction=True)
                )
            if _chance(self.rng, self.settings.agency_errors.duplicate_period):
                result += self._duplicate(original, arrives)
        return result

    def _periods(self) -> Iterator[tuple[dt.date, dt.date]]:
        start, end = period_containing(self.job.cycle, self.job.start)
        while start <= self.last_start:
            yield start, end
            start, end = period_containing(self.job.cycle, end + _DAY)

    def _opening_accrual(self) -> Decimal:
        """Holiday pay accrued before the pilot by a worker already at work: since the last payout."""
        if self.job.holiday_pay_per_period or self.job.start > self.cohort.first_month.first_day:
            return _ZERO
        first = self.cohort.first_month
        months_since = (first.month - self.job.holiday_payout_month - 1) % 12
        monthly_gross = self.job.hours_per_week * self.job.hourly_wage * 52 / 12
        return _money(monthly_gross * months_since * self.settings.holiday_pay.accrual_rate)

    def _annual_payout(self, periods: list[tuple[dt.date, dt.date]], index: int) -> bool:
        """Whether this is the last period that ends in the payout month (May or June)."""
        end = periods[index][1]
        if end.month != self.job.holiday_payout_month:
            return False
        return index + 1 == len(periods) or periods[index + 1][1].month != end.month

    def _week_hours(self, week: IsoWeek) -> Decimal:
        if week not in self.week_hours:
            hours = self.settings.hours
            if _chance(self.rng, hours.zero_week):
                drawn = _ZERO
            else:
                mean = float(self.job.hours_per_week)
                value = self.rng.gauss(mean, mean * float(hours.weekly_variation))
                # Drawn as a float, then rounded to quarter hours and kept as Decimal.
                drawn = max(_ZERO, Decimal(round(value * 4)) * _QUARTER)
            self.week_hours[week] = drawn
        return self.week_hours[week]

    def _hours(self, start: dt.date, end: dt.date) -> Decimal:
        total = Decimal(0)
        last = end if self.works_until is None else min(end, self.works_until)
        for day in _working_days(max(start, self.job.start), last):
            rises_on = self.job.rises_on
            if rises_on is not None and self.job.risen_hours is not None and day >= rises_on:
                total += self.job.risen_hours / 5
            else:
                total += self._week_hours(IsoWeek.of(day)) / 5
        return _money(total)

    def _delay(self) -> int:
        delivery = self.settings.delivery
        if _chance(self.rng, delivery.late):
            return self.rng.randint(7, 7 * delivery.late_weeks_max)
        return self.rng.randint(delivery.on_time_days_min, delivery.on_time_days_max)

    def _correction(self, amounts: _Amounts, accrual: Decimal) -> dict[str, Decimal] | None:
        corrections = self.settings.corrections
        if not _chance(self.rng, corrections.share):
            return None
        change_permille = self.rng.randint(
            int(corrections.change_min * 1000), int(corrections.change_max * 1000)
        )
        sign = -1 if _chance(self.rng, corrections.down) else 1
        hours = _money(amounts.hours * (1 + sign * Decimal(change_permille) / 1000))
        base = _money(hours * self.job.hourly_wage)
        new_accrual = _money(base * self.settings.holiday_pay.accrual_rate)
        # The holiday pay paid out with the period stays as it was, apart from this period's own accrual
        # when it is paid with every period.
        holiday = amounts.holiday_gross
        if self.job.holiday_pay_per_period:
            holiday = new_accrual
        fixed = replace(amounts, hours=hours, base=base, holiday_gross=holiday)
        return fixed.record_fields(settings=self.settings, wage_accrual=new_accrual)

    def _duplicate(self, original: PayRecord, arrives: dt.date) -> list[Delivery]:
        """The same period sent again under a new id, and the zero correction that cancels it later."""
        errors = self.settings.agency_errors
        twice = original.model_copy(
            update={"record_id": f"{original.record_id}-d", "ytd_gross": None, "ytd_net": None}
        )
        sent = arrives + dt.timedelta(days=self.rng.randint(0, 3))
        fix_days = self.rng.randint(errors.duplicate_fix_days_min, errors.duplicate_fix_days_max)
        cancelled = PayRecord(
            record_id=f"{original.record_id}-d-c1",
            corrects=twice.record_id,
            bsn=original.bsn,
            period_type=original.period_type,
            period_start=original.period_start,
            period_end=original.period_end,
            pay_date=original.pay_date,
            period_number=original.period_number,
            hours=_ZERO,
            gross_wage=_ZERO,
            net_wage=_ZERO,
        )
        return [
            Delivery(self.job.agency, self.worker.key, twice, sent, correction=False, duplicate=True),
            Delivery(
                self.job.agency,
                self.worker.key,
                cancelled,
                sent + max(1, fix_days) * _DAY,
                correction=True,
                duplicate=True,
            ),
        ]


def _period_number(cycle: PeriodType, start: dt.date) -> int:
    if cycle is PeriodType.WEEK:
        return start.isocalendar()[1]
    if cycle is PeriodType.MONTH:
        return start.month
    year_start = dt.date.fromisocalendar(start.isocalendar()[0], 1, 1)
    return min(53, (start - year_start).days // 28 + 1)


__all__ = ["Delivery", "Month", "Truth", "pay_history"]
