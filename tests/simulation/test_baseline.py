"""The baseline on a tiny hand-made truth: one single worker of 35 without disregards, paid per month.

Norm 2026: 1,401.50; payout = (norm − income) × 95%, rounded half up. Before the pilot the municipality
knows an income of 10 h × € 15.00 × 52/12 × 0.875 = 568.75 a month.

| month | advance (paid on the 1st)         | declared | definitive             | result             |
|-------|-----------------------------------|----------|------------------------|--------------------|
| Jan   | (1401.50 − 568.75) × .95 = 791.11 | 500.00   | 901.50 × .95 = 856.43  | back 65.32, 25 Feb |
| Feb   | 791.11 (Jan not declared yet)     | 700.00   | 701.50 × .95 = 666.43  | claim 124.68, 25 Mar |
| Mar   | from Jan's 500.00: 856.43         | 400.00   | 1001.50 × .95 = 951.43 | back 95.00, 24 Apr |

February is corrected to 800.00 after it was declared. The wage register shows it on 1 May; the difference
of 100.00 is over the 50.00 threshold: an investigation, and a revision to 601.50 × .95 = 571.43, a claim of
95.00 on 25 May ("late_correctie").
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

import pytest

from gateway.engine import load_default_policy, load_parameters
from gateway.simulation.baseline import run_baseline
from gateway.simulation.cohort import Cohort, SimAgency, SimEmployment, SimWorker, build_cohort
from gateway.simulation.settings import CohortSettings
from gateway.simulation.truth import Delivery, Truth, pay_history
from schemas.benefit_case import HouseholdPeriod, HouseholdType
from schemas.pay_record import PayRecord, PeriodType
from schemas.periods import Month

PARAMETERS = load_parameters()
POLICY = load_default_policy()
AGENCY = "sim-uitzend-01"
SETTINGS = CohortSettings.from_data(
    {
        "baseline": {
            "declare_now": "1",
            "declare_one_month": "0",
            "declare_two_months": "0",
            "declare_day_max": 1,
            "forgotten_slip": "0",
            "rounding_error": "0",
            "leaver_advance_paid": "0",
        }
    }
)


def d(text: str) -> Decimal:
    return Decimal(text)


def _record(
    month: Month, net: str, *, record_id: str | None = None, corrects: str | None = None
) -> PayRecord:
    return PayRecord(
        record_id=record_id or f"w0001-{month}",
        corrects=corrects,
        bsn="999900006",
        period_type=PeriodType.MONTH,
        period_start=month.first_day,
        period_end=month.last_day,
        pay_date=month.shift(1).first_day + dt.timedelta(days=2),
        hours=d("40.00"),
        gross_wage=d(net),
        net_wage=d(net),
    )


def _truth() -> Truth:
    worker = SimWorker(
        key="w0001",
        name="Sanne de Vries",
        bsn="999900006",
        birth_date=dt.date(1990, 6, 1),
        benefit_start=dt.date(2024, 3, 1),
        household=(HouseholdPeriod(valid_from=dt.date(2024, 3, 1), household_type=HouseholdType.SINGLE),),
        disregards=(),
        employments=(
            SimEmployment(
                agency=AGENCY,
                cycle=PeriodType.MONTH,
                start=dt.date(2026, 1, 1),
                end=None,
                hourly_wage=d("15.00"),
                hours_per_week=d("10"),
            ),
        ),
        leaves_on=None,
        story="alleenstaand, 35 jaar",
    )
    cohort = Cohort(Month(2026, 1), 3, 1, (SimAgency(AGENCY, "Flexwerk Zuid"),), (worker,))
    jan, feb, mar = Month(2026, 1), Month(2026, 2), Month(2026, 3)
    deliveries = [
        Delivery(AGENCY, "w0001", _record(jan, "500.00"), dt.date(2026, 2, 5), correction=False),
        Delivery(AGENCY, "w0001", _record(feb, "700.00"), dt.date(2026, 3, 5), correction=False),
        Delivery(
            AGENCY,
            "w0001",
            _record(feb, "800.00", record_id="w0001-2026-02-c1", corrects="w0001-2026-02"),
            dt.date(2026, 3, 20),
            correction=True,
        ),
        Delivery(AGENCY, "w0001", _record(mar, "400.00"), dt.date(2026, 4, 5), correction=False),
    ]
    return Truth(cohort, tuple(sorted(deliveries, key=lambda x: (x.arrives_on, x.record.record_id))))


def test_hand_checked_claims_back_payments_and_investigation() -> None:
    metrics, traces = run_baseline(truth=_truth(), settings=SETTINGS, parameters=PARAMETERS, policy=POLICY)
    assert metrics.recovery_claims == 2
    assert metrics.recovery_total == d("219.68")
    assert metrics.recovery_mean == d("109.84")
    assert metrics.recovery_median == d("109.84")
    assert dict(metrics.claims_by_cause) == {"schatting": 1, "late_correctie": 1}
    assert dict(metrics.claims_by_month) == {"2026-03": 1, "2026-05": 1}
    assert metrics.claims_stayers == 2
    assert metrics.back_payments == 2
    assert metrics.back_payment_total == d("160.32")
    assert metrics.offsets == 0
    assert metrics.not_offset_total == metrics.recovery_total
    assert metrics.investigation_workers == 1
    assert metrics.investigation_share == d("1")
    assert (metrics.months_complete, metrics.months_incomplete) == (2, 1)
    assert metrics.consultant_actions == 6  # 3 declarations, 2 claims, 1 investigation
    assert metrics.actions_per_worker_month == d("2")
    trace = traces["w0001"]
    assert trace.payouts == [
        (dt.date(2026, 1, 1), d("791.11")),
        (dt.date(2026, 2, 25), d("65.32")),
        (dt.date(2026, 2, 1), d("791.11")),
        (dt.date(2026, 3, 25), d("-124.68")),
        (dt.date(2026, 5, 25), d("-95.00")),
        (dt.date(2026, 3, 1), d("856.43")),
        (dt.date(2026, 4, 24), d("95.00")),
    ]
    paid = [d("791.11"), d("791.11") + d("65.32"), d("856.43")]
    expected = Decimal(statistics.pstdev(paid)).quantize(d("0.01"))
    assert metrics.payout_volatility == expected


def test_without_last_known_income_the_advance_is_the_art52_share_of_the_full_bijstand() -> None:
    settings = SETTINGS.model_copy(
        update={"baseline": SETTINGS.baseline.model_copy(update={"advance_from_last_known": False})}
    )
    _, traces = run_baseline(truth=_truth(), settings=settings, parameters=PARAMETERS, policy=POLICY)
    # 1401.50 × .95 = 1331.43 (half up), × the 2026 minimum rate 0.95 = 1264.86.
    assert traces["w0001"].payouts[0] == (dt.date(2026, 1, 1), d("1264.86"))


def test_a_small_difference_is_not_investigated() -> None:
    settings = SETTINGS.model_copy(
        update={"baseline": SETTINGS.baseline.model_copy(update={"investigation_threshold": d("150.00")})}
    )
    metrics, _ = run_baseline(truth=_truth(), settings=settings, parameters=PARAMETERS, policy=POLICY)
    assert metrics.investigation_workers == 0
    assert dict(metrics.claims_by_cause) == {"schatting": 1}


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_cohort_runs_and_counts_consistently(seed: int) -> None:
    settings = CohortSettings()
    cohort = build_cohort(settings=settings, workers=25, first_month=Month(2026, 1), months=6, seed=seed)
    truth = pay_history(cohort=cohort, settings=settings)
    metrics, traces = run_baseline(truth=truth, settings=settings, parameters=PARAMETERS, policy=POLICY)
    assert set(traces) == {w.key for w in cohort.workers}
    assert sum(metrics.claims_by_cause.values()) == metrics.recovery_claims
    assert sum(metrics.claims_by_month.values()) == metrics.recovery_claims
    assert metrics.claims_stayers <= metrics.recovery_claims
    assert Decimal(0) <= metrics.investigation_share <= 1
    again, _ = run_baseline(truth=truth, settings=settings, parameters=PARAMETERS, policy=POLICY)
    assert again == metrics
