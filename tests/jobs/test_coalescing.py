"""A claimed batch takes the other due events naming its units: a worker whose events are spread over the
queue (one per agency's push) is recomputed once for all of them, and a failing batch is still redone
event by event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import handlers as recompute_handlers
from gateway.jobs import kinds
from gateway.jobs.context import JobContext
from gateway.jobs.outbox_consumer import Batch, BatchUnitHandler, process_outbox
from gateway.jobs.policy import OutboxPolicy
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.recompute import RecomputeOutcome
from gateway.store import outbox
from gateway.store.models import OutboxEvent
from schemas.case import MunicipalPolicy
from tests.jobs.fleet import result_digests, seed_fleet
from tests.jobs.scenario import PUSHED_AT

NOW = dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
BENEFIT_START = dt.date(2026, 1, 1)
ONE_AT_A_TIME = OutboxPolicy(batch_size=1, retry_base_seconds=5, retry_max_seconds=60)


class Together:
    """A batch unit handler on `unit` payloads that records each call's events (`n`); `broken` fails."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def unit(self, session: Session, event: OutboxEvent, batch: Batch) -> str | None:
        """The event's `unit`."""
        value = event.payload.get("unit")
        return value if isinstance(value, str) else None

    def naming(self, session: Session, units: Sequence[str]) -> ColumnElement[bool]:
        """Events whose payload `unit` is one of `units`."""
        named: ColumnElement[str]
        if session.get_bind().dialect.name == "postgresql":
            named = literal_column("outbox.payload ->> 'unit'")
        else:
            named = func.json_extract(OutboxEvent.payload, literal_column("'$.unit'"))
        return named.in_(units)

    def run_units(
        self, session: Session, events: Sequence[OutboxEvent], now: dt.datetime, batch: Batch
    ) -> None:
        """All at once; fails when one of them is broken."""
        if any("broken" in event.payload for event in events):
            raise LookupError("broken")
        self.calls.append([str(event.payload["n"]) for event in events])

    def __call__(self, session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        """One event."""
        self.run_units(session, [event], now, batch)


def _publish(session: Session, *payloads: dict[str, Any], topic: str = "test.together") -> None:
    for second, payload in enumerate(payloads):
        at = PUSHED_AT + dt.timedelta(seconds=second)
        outbox.publish(session=session, topic=topic, payload=payload, available_at=at)
    session.commit()


def _unprocessed(session: Session) -> int:
    session.expire_all()
    return len(session.scalars(select(OutboxEvent.id).where(OutboxEvent.processed_at.is_(None))).all())


def test_a_batch_takes_the_later_events_of_its_units(session: Session, context: JobContext) -> None:
    _publish(
        session,
        {"n": "1", "unit": "a"},
        {"n": "2", "unit": "b"},
        {"n": "3", "unit": "c"},
        {"n": "4", "unit": "a"},
    )
    handler = Together()
    assert isinstance(handler, BatchUnitHandler)
    policy = OutboxPolicy(batch_size=2, retry_base_seconds=5, retry_max_seconds=60)

    report = process_outbox(
        sessions=context.sessions, handlers={"test.together": handler}, now=NOW, policy=policy
    )

    assert report.counts == {"processed": 4}
    # The first batch is 1 and 2 plus 4 (unit a, claimed later in the queue), in unit order.
    assert handler.calls == [["1", "4", "2"], ["3"]]
    assert _unprocessed(session) == 0


def test_events_not_yet_due_and_other_topics_are_not_taken(session: Session, context: JobContext) -> None:
    _publish(session, {"n": "1", "unit": "a"})
    outbox.publish(session=session, topic="test.together", payload={"n": "2", "unit": "a"}, available_at=NOW)
    outbox.publish(
        session=session, topic="test.other", payload={"n": "3", "unit": "a"}, available_at=PUSHED_AT
    )
    session.commit()
    handler = Together()

    report = process_outbox(
        sessions=context.sessions,
        handlers={"test.together": handler},
        now=NOW - dt.timedelta(seconds=1),
        policy=ONE_AT_A_TIME,
    )

    assert (report.counts, handler.calls) == ({"processed": 1}, [["1"]])
    assert _unprocessed(session) == 2


def test_a_failing_batch_with_its_companions_is_redone_event_by_event(
    session: Session, context: JobContext
) -> None:
    _publish(
        session, {"n": "1", "unit": "a"}, {"n": "2", "unit": "b", "broken": "yes"}, {"n": "3", "unit": "a"}
    )
    handler = Together()
    policy = OutboxPolicy(batch_size=2, retry_base_seconds=5, retry_max_seconds=60)

    report = process_outbox(
        sessions=context.sessions, handlers={"test.together": handler}, now=NOW, policy=policy
    )

    assert report.counts == {"processed": 2, "failed": 1}
    assert handler.calls == [["1"], ["3"]]
    session.expire_all()
    broken = session.scalars(select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).one()
    assert (broken.payload["n"], broken.attempts, broken.last_error) == ("2", 1, "LookupError")


def test_at_most_max_events_are_taken_with_the_companions(session: Session, context: JobContext) -> None:
    _publish(session, *({"n": str(n), "unit": "a"} for n in range(5)))
    handler = Together()

    report = process_outbox(
        sessions=context.sessions,
        handlers={"test.together": handler},
        now=NOW,
        policy=ONE_AT_A_TIME,
        max_events=3,
    )

    assert (report.counts, handler.calls) == ({"processed": 3}, [["0", "1"], ["2"]])


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The workers of every batch recompute the outbox's recompute handler runs."""
    calls: list[list[str]] = []
    real = recompute_handlers.recompute_workers

    def counting(*, worker_ids: Collection[str], **arguments: Any) -> list[RecomputeOutcome]:
        calls.append(sorted(worker_ids))
        return real(worker_ids=worker_ids, **arguments)

    monkeypatch.setattr(recompute_handlers, "recompute_workers", counting)
    return calls


def test_two_pushes_naming_one_worker_recompute_the_worker_once(
    session: Session,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    recomputed: list[list[str]],
) -> None:
    """Worker 0 is enrolled with both agencies: each agency's push names them, and with batches of one
    event the two fanned-out events about them would be two batches, so two recomputes."""
    fleet = seed_fleet(
        session,
        context.sealer,
        workers=3,
        agencies=2,
        weeks=[dt.date(2026, 1, 5)],
        benefit_start=BENEFIT_START,
    )
    table = recompute_handlers.handlers(
        sealer=context.sealer,
        parameters=parameters,
        default_policy=default_policy,
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )

    report = process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=ONE_AT_A_TIME)

    # Two pushes, fanned out into four events (worker 0 twice), all processed.
    assert report.counts == {"processed": 6}
    assert _unprocessed(session) == 0
    assert sorted(worker for call in recomputed for worker in call) == sorted(fleet.worker_ids)
    session.expire_all()
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.RECOMPUTE_REQUESTED)).all()
    first = fleet.worker_ids[0]
    assert [event.attempts for event in events if event.payload["workerId"] == first] == [1, 1]
    assert {key[0] for key in result_digests(session)} == set(fleet.worker_ids)
