"""The outbox consumer: safe claiming, one savepoint per event, retries with attempts and last_error."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.jobs.context import JobContext
from gateway.jobs.outbox_consumer import Batch, claim_due, error_code, process_outbox, retry_delay
from gateway.jobs.policy import OutboxPolicy
from gateway.store import outbox
from gateway.store.db import Database
from gateway.store.models import OutboxEvent, Signal
from tests.factories import make_municipality, make_worker

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
POLICY = OutboxPolicy(batch_size=2, retry_base_seconds=5, retry_max_seconds=60)


def _publish(session: Session, topic: str, **payload: str) -> OutboxEvent:
    return outbox.publish(
        session=session, topic=topic, payload=payload, available_at=NOW - dt.timedelta(minutes=1)
    )


class Flaky:
    """A handler that fails on its first call for each event and succeeds afterwards."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        first = event.id not in self.calls
        self.calls.append(event.id)
        if first:
            # The message holds what could be data; only the class may be kept.
            raise ValueError("999900006 verdiende 350.00")


def test_a_failing_event_is_retried_after_a_backoff_and_keeps_only_the_error_class(
    session: Session, context: JobContext
) -> None:
    event = _publish(session, "test.flaky", workerId="w-1")
    session.commit()
    handler = Flaky()

    report = process_outbox(
        sessions=context.sessions, handlers={"test.flaky": handler}, now=NOW, policy=POLICY
    )

    session.refresh(event)
    assert report.counts == {"failed": 1}
    assert (event.attempts, event.last_error, event.processed_at) == (1, "ValueError", None)
    assert event.available_at == NOW + dt.timedelta(seconds=5)
    assert handler.calls == [event.id]

    later = NOW + dt.timedelta(seconds=5)
    report = process_outbox(
        sessions=context.sessions, handlers={"test.flaky": handler}, now=later, policy=POLICY
    )

    session.refresh(event)
    assert report.counts == {"processed": 1}
    assert (event.attempts, event.last_error, event.processed_at) == (2, None, later)


def test_a_failing_event_is_rolled_back_alone(session: Session, context: JobContext) -> None:
    worker = make_worker(session, context.sealer, municipality=make_municipality(session))
    good = _publish(session, "test.signal", workerId=worker.id, fail="no")
    bad = _publish(session, "test.signal", workerId=worker.id, fail="yes")
    session.commit()

    def handler(job_session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        job_session.add(Signal(worker_id=worker.id, kind="test", payload={"event": event.id}))
        job_session.flush()
        if event.payload["fail"] == "yes":
            raise RuntimeError("boom")

    report = process_outbox(
        sessions=context.sessions, handlers={"test.signal": handler}, now=NOW, policy=POLICY
    )

    assert report.counts == {"processed": 1, "failed": 1}
    kept = [signal.payload["event"] for signal in session.scalars(select(Signal))]
    assert kept == [good.id]
    session.refresh(bad)
    assert bad.last_error == "RuntimeError"


def test_events_of_topics_without_a_handler_are_left_alone(session: Session, context: JobContext) -> None:
    other = _publish(session, "someone.else", workerId="w-1")
    session.commit()

    report = process_outbox(
        sessions=context.sessions, handlers={"test.flaky": Flaky()}, now=NOW, policy=POLICY
    )

    session.refresh(other)
    assert report.counts == {}
    assert (other.attempts, other.processed_at) == (0, None)


def test_events_not_yet_due_wait(session: Session, context: JobContext) -> None:
    event = outbox.publish(
        session=session, topic="test.flaky", payload={}, available_at=NOW + dt.timedelta(seconds=1)
    )
    session.commit()
    assert claim_due(session=session, now=NOW, topics={"test.flaky"}, limit=10) == []
    assert claim_due(session=session, now=NOW + dt.timedelta(seconds=1), topics={"test.flaky"}, limit=10) == [
        event
    ]


def test_every_due_event_is_processed_across_batches(session: Session, context: JobContext) -> None:
    events = [_publish(session, "test.ok", n=str(n)) for n in range(5)]
    session.commit()
    seen: list[str] = []

    def handler(job_session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        seen.append(event.payload["n"])

    report = process_outbox(sessions=context.sessions, handlers={"test.ok": handler}, now=NOW, policy=POLICY)

    assert report.counts == {"processed": 5}
    assert seen == [event.payload["n"] for event in events]


def test_retry_delay_doubles_up_to_the_maximum() -> None:
    assert [retry_delay(attempts=n, policy=POLICY).total_seconds() for n in range(1, 7)] == [
        5,
        10,
        20,
        40,
        60,
        60,
    ]


def test_error_code_names_the_field_or_code_but_never_the_message() -> None:
    class Coded(Exception):
        code = "http_503"

    assert error_code(KeyError("999900006")) == "KeyError"
    assert error_code(Coded("secret")) == "Coded:http_503"


@pytest.mark.postgres_only
def test_two_consumers_never_claim_the_same_event(committed_database: Database) -> None:
    with committed_database.transaction() as session:
        first = _publish(session, "test.ok", n="1")
        second = _publish(session, "test.ok", n="2")

    with committed_database.sessions.begin() as one, committed_database.sessions.begin() as two:
        claimed_by_one = claim_due(session=one, now=NOW, topics={"test.ok"}, limit=1)
        claimed_by_two = claim_due(session=two, now=NOW, topics={"test.ok"}, limit=2)
        assert [e.id for e in claimed_by_one] == [first.id]
        assert [e.id for e in claimed_by_two] == [second.id]
