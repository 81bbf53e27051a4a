"""The batch recompute stores what recomputing one worker at a time stores: the same week and month
versions (by result digest) and the same signals, for the same queued events, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import OutboxPolicy
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.store import case_facts, outbox
from gateway.store.models import OutboxEvent, Signal, Worker
from schemas.benefit_case import HouseholdType
from schemas.case import MunicipalPolicy
from schemas.case_facts import CaseFacts
from tests.jobs.fleet import made_up_bsns, result_digests, seed_fleet

NOW = dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
BENEFIT_START = dt.date(2026, 1, 1)
# No pay slip for the week of 19 January: a missing period for everyone.
WEEKS = (dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 26))


def _stored(session: Session) -> tuple[dict[Any, Any], list[tuple[str, str, str, bool]]]:
    signals = sorted(
        (signal.worker_id, signal.kind, str(signal.payload.get("key")), signal.resolved_at is None)
        for signal in session.scalars(select(Signal))
    )
    return result_digests(session), signals


def _drain(
    connection: Connection, context: JobContext, parameters: ParameterSet, policy: MunicipalPolicy, size: int
) -> tuple[dict[Any, Any], list[tuple[str, str, str, bool]]]:
    """Process the queue with batches of `size` events and read what was stored; then undo it all."""
    table = handlers(
        sealer=context.sealer,
        parameters=parameters,
        default_policy=policy,
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )
    savepoint = connection.begin_nested()
    try:
        outbox_policy = OutboxPolicy(batch_size=size, retry_base_seconds=5, retry_max_seconds=60)
        for _ in range(2):
            # Twice: the second run finds the stored versions and must store nothing new.
            report = process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=outbox_policy)
            assert report.count("failed") == 0
            with context.sessions.begin() as session:
                for worker_id in session.scalars(select(Worker.id)):
                    outbox.publish(
                        session=session,
                        topic=kinds.RECOMPUTE_REQUESTED,
                        payload={"workerId": worker_id},
                        available_at=NOW,
                    )
        with context.sessions() as session:
            left = session.scalars(select(OutboxEvent.id).where(OutboxEvent.processed_at.is_(None))).all()
            assert len(left) == len(session.scalars(select(Worker.id)).all())
            return _stored(session)
    finally:
        savepoint.rollback()


def test_a_batch_recompute_stores_what_one_worker_at_a_time_stores(
    connection: Connection,
    session: Session,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    fleet = seed_fleet(
        session, context.sealer, workers=7, agencies=2, weeks=WEEKS, benefit_start=BENEFIT_START
    )
    # The first worker's case names the second as partner from February: the partner's pay counts too.
    claimant = session.get(Worker, fleet.worker_ids[0])
    partner_bsn = made_up_bsns(2)[1]
    assert claimant is not None
    case_facts.record(
        session=session,
        sealer=context.sealer,
        worker_id=claimant.id,
        valid_from=dt.date(2026, 2, 1),
        valid_to=None,
        facts=CaseFacts(
            benefit_start=BENEFIT_START,
            household_type=HouseholdType.COUPLE,
            partner_birth_date=dt.date(1990, 5, 1),
            partner_bsn=partner_bsn,
        ),
        recorded_by="consulent",
    )
    session.commit()

    one_by_one = _drain(connection, context, parameters, default_policy, size=1)
    together = _drain(connection, context, parameters, default_policy, size=50)

    digests, signals = together
    assert digests == one_by_one[0]
    assert signals == one_by_one[1]
    assert {kind for _, kind, _, _ in signals} >= {kinds.MISSING_PERIOD}
    assert {worker for worker, *_ in digests} == set(fleet.worker_ids)
