"""The true pay data: valid records, plausible delays, corrections of earlier records, deterministic."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from gateway.simulation.cohort import build_cohort
from gateway.simulation.settings import CohortSettings
from gateway.simulation.truth import Truth, pay_history
from schemas.pay_record import PayRecord, PeriodType
from schemas.periods import Month

SETTINGS = CohortSettings()


@pytest.fixture(scope="module")
def truth() -> Truth:
    cohort = build_cohort(settings=SETTINGS, workers=60, first_month=Month(2026, 1), months=12, seed=11)
    return pay_history(cohort=cohort, settings=SETTINGS)


def test_same_seed_same_deliveries(truth: Truth) -> None:
    again = pay_history(cohort=truth.cohort, settings=SETTINGS)
    assert again.deliveries == truth.deliveries


def test_deliveries_are_sorted_and_ids_unique_per_agency(truth: Truth) -> None:
    keys = [(d.arrives_on, d.agency, d.record.record_id) for d in truth.deliveries]
    assert keys == sorted(keys)
    ids = [(d.agency, d.record.record_id) for d in truth.deliveries]
    assert len(set(ids)) == len(ids)


def test_every_record_is_a_valid_payslip(truth: Truth) -> None:
    for delivery in truth.deliveries:
        record = delivery.record
        again = PayRecord.model_validate(record.model_dump())
        assert again == record
        days = (record.period_end - record.period_start).days + 1
        if record.period_type is PeriodType.WEEK:
            assert days == 7
            assert record.period_start.weekday() == 0
        elif record.period_type is PeriodType.FOUR_WEEKS:
            assert days == 28
            assert record.period_start.weekday() == 0
        else:
            assert record.period_start.day == 1
            assert Month.of(record.period_end) == Month.of(record.period_start)
        assert record.holiday_pay_paid <= record.net_wage
        assert record.net_wage == record.gross_wage - record.wage_tax - record.employee_premiums
        assert record.bsn == truth.cohort.worker(delivery.worker_key).bsn
        assert 2 <= (record.pay_date - record.period_end).days <= 5


def test_delays_within_bounds_and_mostly_on_time(truth: Truth) -> None:
    originals = [d for d in truth.deliveries if not d.correction and not d.duplicate]
    delays = [(d.arrives_on - d.record.pay_date).days for d in originals]
    assert all(1 <= days <= 56 for days in delays)
    assert sum(days <= 6 for days in delays) / len(delays) > Decimal("0.85")


def test_corrections_name_an_earlier_record_of_the_same_agency(truth: Truth) -> None:
    arrived: dict[tuple[str, str], dt.date] = {}
    corrections = 0
    for delivery in truth.deliveries:
        record = delivery.record
        assert delivery.correction == (record.corrects is not None)
        if record.corrects is not None:
            corrections += 1
            earlier = arrived[(delivery.agency, record.corrects)]
            assert earlier < delivery.arrives_on
        arrived[(delivery.agency, record.record_id)] = delivery.arrives_on
    assert corrections > 0


def test_no_records_after_a_job_ends_or_after_leaving(truth: Truth) -> None:
    for worker in truth.cohort.workers:
        starts = {job.agency: job.start for job in worker.employments}
        for record in truth.final_records(worker.key):
            if worker.leaves_on is not None:
                assert record.period_start <= worker.leaves_on
            assert record.period_end >= min(starts.values())
        for job in worker.employments:
            if job.end is not None:
                own = [d.record for d in truth.deliveries_of(worker.key) if d.agency == job.agency]
                assert all(r.period_start <= job.end for r in own)
                assert own[-1].holiday_pay_paid >= 0


def test_final_records_hold_one_version_per_period(truth: Truth) -> None:
    for worker in truth.cohort.workers:
        per_period: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
        for delivery in truth.final_deliveries(worker.key):
            per_period[(delivery.agency, delivery.record.period_start)] += 1
        corrected = {
            (d.agency, d.record.corrects) for d in truth.deliveries_of(worker.key) if d.record.corrects
        }
        final = truth.final_deliveries(worker.key)
        assert not corrected & {(d.agency, d.record.record_id) for d in final}
        assert sorted(d.record.record_id for d in final) == sorted(
            r.record_id for r in truth.final_records(worker.key)
        )
        # A cancelled duplicate stays as a zero record beside the real one: at most two per period.
        assert all(count <= 2 for count in per_period.values())


def test_hours_vary_week_to_week_and_weekly_net_covers_the_pilot(truth: Truth) -> None:
    weekly = [
        d.record.hours
        for d in truth.deliveries
        if d.record.period_type is PeriodType.WEEK and not d.correction
    ]
    assert len(set(weekly)) > 20
    worker = next(w for w in truth.cohort.workers if truth.final_records(w.key))
    weeks = truth.weekly_net(worker.key)
    assert weeks
    assert all(amount >= 0 for _, amount in weeks)


def test_agency_errors_duplicates_are_cancelled_and_ytd_jumps_leave_amounts_alone() -> None:
    settings = CohortSettings.from_data({"agencyErrors": {"duplicatePeriod": "0.2", "ytdJump": "0.2"}})
    cohort = build_cohort(settings=settings, workers=10, first_month=Month(2026, 1), months=3, seed=5)
    truth = pay_history(cohort=cohort, settings=settings)
    duplicates = [d for d in truth.deliveries if d.duplicate and not d.correction]
    cancels = {(d.agency, d.record.corrects): d for d in truth.deliveries if d.duplicate and d.correction}
    assert duplicates
    for sent in duplicates:
        cancel = cancels[(sent.agency, sent.record.record_id)]
        assert cancel.arrives_on > sent.arrives_on
        assert cancel.record.net_wage == cancel.record.hours == Decimal(0)
        assert (cancel.record.period_start, cancel.record.period_end) == (
            sent.record.period_start,
            sent.record.period_end,
        )
    assert _ytd_jumps(truth) > 0
    calm = CohortSettings.from_data({"agencyErrors": {"duplicatePeriod": "0.2", "ytdJump": "0"}})
    assert _ytd_jumps(pay_history(cohort=cohort, settings=calm)) == 0


def _ytd_jumps(truth: Truth) -> int:
    """Final records whose year-to-date gross is not the previous one's plus their own gross."""
    jumps = 0
    for worker in truth.cohort.workers:
        by_agency: dict[tuple[str, int], list[PayRecord]] = defaultdict(list)
        for delivery in truth.final_deliveries(worker.key):
            if not delivery.duplicate:
                by_agency[(delivery.agency, delivery.record.pay_date.year)].append(delivery.record)
        for records in by_agency.values():
            running = Decimal(0)
            for record in sorted(records, key=lambda r: r.period_start):
                jumps += record.ytd_gross != running + record.gross_wage
                running = record.ytd_gross or Decimal(0)
    return jumps
