"""Each anomaly kind is found, kept in step with the records, and named without amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from gateway.jobs import anomalies, kinds
from gateway.jobs.context import JobContext
from gateway.store import signals
from gateway.store.sealing import Sealer
from tests.jobs.scenario import Scenario, build_scenario

NOW = dt.datetime(2026, 3, 16, 4, 0, tzinfo=dt.UTC)
TOLERANCE = Decimal("0.05")


@pytest.fixture
def worker(session: Session, sealer: Sealer) -> Scenario:
    """A worker enrolled from Monday 2 February."""
    return build_scenario(
        session, sealer, benefit_start=dt.date(2026, 2, 1), enrolled_from=dt.date(2026, 2, 2)
    )


def _check(context: JobContext, scenario: Scenario) -> None:
    with context.sessions.begin() as session:
        anomalies.check_worker(
            session=session, sealer=context.sealer, worker_id=scenario.worker.id, tolerance=TOLERANCE, now=NOW
        )


def _open(session: Session, scenario: Scenario) -> list[tuple[str, dict[str, Any]]]:
    return [
        (s.kind, {k: v for k, v in s.payload.items() if k != "key"})
        for s in signals.open_for_worker(session=session, worker_id=scenario.worker.id)
    ]


def test_a_clean_sequence_has_no_anomalies(session: Session, context: JobContext, worker: Scenario) -> None:
    worker.push(dt.date(2026, 2, 2), gross="400.00", net="350.00", ytd_gross="400.00", ytd_net="350.00")
    worker.push(dt.date(2026, 2, 9), gross="410.00", net="355.00", ytd_gross="810.00", ytd_net="705.00")

    _check(context, worker)

    assert _open(session, worker) == []


def test_a_skipped_week_is_no_anomaly_and_an_earlier_gap_signal_is_resolved(
    session: Session, context: JobContext, worker: Scenario
) -> None:
    worker.push(dt.date(2026, 2, 2))
    worker.push(dt.date(2026, 2, 16))
    key = f"{worker.agency.id}:2026-02-09:2026-02-15"
    signals.raise_signal(session=session, worker_id=worker.worker.id, kind=kinds.GAP, payload={"key": key})
    session.commit()

    _check(context, worker)

    # The skipped week is one missing period (tests/jobs/test_missing_data.py), not a second signal.
    assert _open(session, worker) == []


def test_two_records_for_one_period_are_a_duplicate(
    session: Session, context: JobContext, worker: Scenario
) -> None:
    first = worker.push(dt.date(2026, 2, 2))
    second = worker.push(dt.date(2026, 2, 2), pay_date=dt.date(2026, 2, 14))

    _check(context, worker)

    assert _open(session, worker) == [
        (
            kinds.DUPLICATE_PERIOD,
            {
                "agencyId": worker.agency.id,
                "payRecordIds": sorted([first.id, second.id]),
                "periodStart": "2026-02-02",
                "periodEnd": "2026-02-08",
            },
        )
    ]


def test_two_periods_paid_on_one_date_are_flagged_and_a_dismissal_holds(
    session: Session, context: JobContext, worker: Scenario
) -> None:
    first = worker.push(dt.date(2026, 2, 2), pay_date=dt.date(2026, 2, 20))
    second = worker.push(dt.date(2026, 2, 9), pay_date=dt.date(2026, 2, 20))

    _check(context, worker)

    payload = {
        "agencyId": worker.agency.id,
        "payDate": "2026-02-20",
        "payRecordIds": sorted([first.id, second.id]),
    }
    assert _open(session, worker) == [(kinds.SHARED_PAY_DATE, payload)]

    [signal] = signals.open_for_worker(session=session, worker_id=worker.worker.id)
    signals.resolve(session=session, signal=signal)
    session.commit()
    _check(context, worker)
    assert _open(session, worker) == []


def test_a_year_to_date_figure_that_does_not_add_up_is_a_jump(
    session: Session, context: JobContext, worker: Scenario
) -> None:
    first = worker.push(
        dt.date(2026, 2, 2), gross="400.00", net="350.00", ytd_gross="400.00", ytd_net="350.00"
    )
    # 400.00 + 400.00 is 800.00, not 900.00; the net year-to-date does add up.
    second = worker.push(
        dt.date(2026, 2, 9), gross="400.00", net="350.00", ytd_gross="900.00", ytd_net="700.00"
    )

    _check(context, worker)

    assert _open(session, worker) == [
        (
            kinds.YTD_JUMP,
            {
                "agencyId": worker.agency.id,
                "field": "ytdGross",
                "payRecordId": second.id,
                "previousPayRecordId": first.id,
            },
        )
    ]


def test_a_difference_within_the_tolerance_is_no_jump(
    session: Session, context: JobContext, worker: Scenario
) -> None:
    worker.push(dt.date(2026, 2, 2), gross="400.00", net="350.00", ytd_gross="400.00", ytd_net="350.00")
    worker.push(dt.date(2026, 2, 9), gross="400.00", net="350.00", ytd_gross="800.04", ytd_net="700.00")

    _check(context, worker)

    assert _open(session, worker) == []


def test_the_nightly_run_checks_every_worker_with_records(
    session: Session, context: JobContext, worker: Scenario
) -> None:
    worker.push(dt.date(2026, 2, 2))
    worker.push(dt.date(2026, 2, 2), pay_date=dt.date(2026, 2, 14))

    first = anomalies.run(context=context, now=NOW, tolerance=TOLERANCE)
    second = anomalies.run(context=context, now=NOW, tolerance=TOLERANCE)

    assert (first.count("workers"), first.count("signals_raised")) == (1, 1)
    assert (second.count("signals_raised"), second.count("signals_resolved")) == (0, 0)
