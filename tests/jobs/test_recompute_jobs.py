"""The scheduled recomputes (new month, held payouts, everyone) publish one `worker.recompute` event per
worker, which the outbox consumers then handle: every worker without a settlement for the new month but
not a case long ended, a failing worker alone, and the same stored figures as recomputing them at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds, recompute_jobs
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.recompute import recompute_workers
from gateway.store import advances, case_ends
from gateway.store.models import Advance, OutboxEvent, Signal
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from schemas.case import MunicipalPolicy
from schemas.periods import Month
from tests.jobs.fleet import result_digests, seed_fleet
from tests.jobs.scenario import Scenario, build_scenario

APRIL = dt.datetime(2026, 4, 2, 0, 15, tzinfo=dt.UTC)


def _consume(context: JobContext, parameters: ParameterSet, default_policy: MunicipalPolicy) -> JobReport:
    table = handlers(
        sealer=context.sealer,
        parameters=parameters,
        default_policy=default_policy,
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )
    return process_outbox(sessions=context.sessions, handlers=table, now=APRIL, policy=jobs_policy().outbox)


def _run(context: JobContext, parameters: ParameterSet, default_policy: MunicipalPolicy) -> int:
    """Run the new-month job and the consumer; the number of workers the job asked a recompute for."""
    published = recompute_jobs.run_new_month(context=context, now=APRIL).count("published")
    report = _consume(context, parameters, default_policy)
    assert report.counts == ({"processed": published} if published else {}), report.summary()
    return published


def test_a_new_month_recomputes_a_worker_without_its_settlement(
    context: JobContext, scenario: Scenario, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> None:
    assert _run(context, parameters, default_policy) == 1
    assert _run(context, parameters, default_policy) == 0  # April is stored now


def test_a_case_that_ended_before_last_month_is_left_alone(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """Ended 31 January: the final settlement is February; April is never settled, so without this rule
    the worker would be recomputed every night."""
    case_ends.record(
        session=session,
        sealer=sealer,
        worker_id=scenario.worker.id,
        end_date=dt.date(2026, 1, 31),
        reason=EndReason.WORK,
        recorded_by="test",
    )
    session.commit()
    assert _run(context, parameters, default_policy) == 0


def test_a_worker_that_cannot_be_recomputed_fails_alone(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """Workers are recomputed in batches; one that fails (here: an advance whose encrypted amount was
    copied from another row, which decryption refuses) is found by handling the batch's events one by
    one, and only its event waits for a retry."""
    other = build_scenario(session, sealer, benefit_start=dt.date(2026, 1, 1))
    intact = advances.record(
        session=session,
        sealer=sealer,
        worker_id=scenario.worker.id,
        month=Month(2026, 3),
        amount=Decimal("500.00"),
        paid_on=None,
        recorded_by="test",
    )
    tampered = Advance(
        worker_id=other.worker.id,
        month="2026-03",
        paid_on=None,
        recorded_by="test",
        amount_encrypted=intact.amount_encrypted,
    )
    session.add(tampered)
    session.commit()

    assert recompute_jobs.run_new_month(context=context, now=APRIL).counts == {"published": 2}
    report = _consume(context, parameters, default_policy)

    assert report.counts == {"processed": 1, "failed": 1}
    session.expire_all()
    waiting = session.scalars(select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).one()
    assert waiting.payload == {"workerId": other.worker.id}


Job = Callable[[JobContext, dt.datetime], JobReport]


@pytest.mark.parametrize(
    ("job", "full"),
    [
        (lambda context, now: recompute_jobs.run_new_month(context=context, now=now), False),
        (lambda context, now: recompute_jobs.run_all(context=context, now=now), True),
    ],
    ids=["recompute_new_month", "recompute_all"],
)
def test_the_published_recomputes_store_what_recomputing_the_workers_at_once_stores(
    session: Session,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    job: Job,
    full: bool,
) -> None:
    fleet = seed_fleet(
        session,
        context.sealer,
        workers=5,
        agencies=2,
        weeks=[dt.date(2026, 3, 2)],
        benefit_start=dt.date(2026, 2, 1),
    )
    session.execute(OutboxEvent.__table__.delete())  # the pushes' events: only what the job publishes
    session.commit()
    ids = sorted(fleet.worker_ids)
    with session.begin_nested() as before:  # what the job did itself until it published events instead
        recompute_workers(
            session=session,
            sealer=context.sealer,
            worker_ids=ids,
            parameters=parameters,
            default_policy=default_policy,
            now=APRIL,
            full=ids if full else (),
        )
        session.flush()
        reference = result_digests(session)
        before.rollback()
    assert {key[0] for key in reference} == set(ids)

    assert job(context, APRIL).counts == {"published": len(ids)}
    session.expire_all()
    events = session.scalars(select(OutboxEvent)).all()
    expected = [
        {"workerId": worker_id, "full": True} if full else {"workerId": worker_id} for worker_id in ids
    ]
    assert sorted((event.topic, event.payload["workerId"], event.payload) for event in events) == [
        (kinds.RECOMPUTE_REQUESTED, payload["workerId"], payload) for payload in expected
    ]
    assert _consume(context, parameters, default_policy).counts == {"processed": len(ids)}

    session.expire_all()
    assert result_digests(session) == reference


def test_a_held_payout_past_its_day_publishes_a_recompute(
    session: Session, context: JobContext, scenario: Scenario
) -> None:
    for until in ("2026-04-01", "2026-04-02"):  # past on 2 April, and not yet
        session.add(
            Signal(
                worker_id=scenario.worker.id,
                kind=kinds.PAYOUT_HELD,
                payload={"key": until, "month": "2026-03", "until": until},
                created_at=APRIL,
            )
        )
    session.commit()

    assert recompute_jobs.run_held(context=context, now=APRIL).counts == {"published": 1}
    session.expire_all()
    (event,) = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.RECOMPUTE_REQUESTED))
    assert (event.payload, event.available_at) == ({"workerId": scenario.worker.id}, APRIL)
