"""Audit checkpoints: verify since the last checkpoint, record the head, refuse a broken chain."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gateway.jobs import checkpoints
from gateway.jobs.context import SYSTEM_ACTOR, JobContext
from gateway.store import audit
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.models import AuditEvent

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _read(session: Session, count: int) -> None:
    for _ in range(count):
        audit.append(
            session=session,
            actor="staff-1",
            actor_role="consultant",
            action="worker.read",
            purpose="beoordelen maandverrekening",
            result="ok",
            subject_worker_id="w-1",
        )
    session.commit()


def _events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)))


def test_an_empty_log_gets_no_checkpoint(session: Session, context: JobContext) -> None:
    report = checkpoints.run(context=context, now=NOW)
    assert (report.failed, report.count("checkpoints"), _events(session)) == (False, 0, [])


def test_a_checkpoint_follows_the_verified_head_and_is_written_once(
    session: Session, context: JobContext, caplog: pytest.LogCaptureFixture
) -> None:
    _read(session, 3)

    with caplog.at_level(logging.INFO, logger="gateway.jobs.checkpoints"):
        report = checkpoints.run(context=context, now=NOW)

    events = _events(session)
    head, checkpoint = events[2], events[3]
    assert (report.count("verified"), report.count("checkpoints")) == (3, 1)
    assert (checkpoint.action, checkpoint.actor, checkpoint.prev_hash) == (
        "audit.checkpoint",
        SYSTEM_ACTOR,
        head.hash,
    )
    assert checkpoint.purpose == "controlepunt: auditketen t/m volgnummer 3 gecontroleerd"
    assert checkpoint.occurred_at == NOW
    assert f"after head 3 with hash {head.hash}" in caplog.text

    again = checkpoints.run(context=context, now=NOW)
    assert again.count("checkpoints") == 0
    assert len(_events(session)) == 4


def test_the_next_run_verifies_only_what_came_after_the_checkpoint(
    session: Session, context: JobContext
) -> None:
    _read(session, 5)
    checkpoints.run(context=context, now=NOW)
    _read(session, 2)

    report = checkpoints.run(context=context, now=NOW)

    # The earlier checkpoint itself and the two new events.
    assert (report.count("verified"), report.count("checkpoints")) == (3, 1)
    assert audit.verify(session=session).intact


def test_a_broken_chain_fails_the_job_and_gets_no_checkpoint(session: Session, context: JobContext) -> None:
    _read(session, 3)
    with maintenance(session, MaintenanceMode.PURGE):
        session.execute(delete(AuditEvent).where(AuditEvent.sequence == 2))
    session.commit()

    report = checkpoints.run(context=context, now=NOW)

    assert report.failed
    assert report.count("broken_at_sequence") == 3
    assert [event.action for event in _events(session)] == ["worker.read", "worker.read"]
