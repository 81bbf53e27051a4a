"""The transactional outbox: events written with the change they announce, processed by the jobs.

Payloads carry ids only (worker id, pay record ids, a month), never personal data, so the outbox is
safe to log and to inspect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gateway.store.base import new_id, utcnow
from gateway.store.models import OutboxEvent


def publish(
    *, session: Session, topic: str, payload: Mapping[str, Any], available_at: dt.datetime | None = None
) -> OutboxEvent:
    """Add an event in the caller's transaction; it becomes visible to the jobs when that commits."""
    now = utcnow()
    event = OutboxEvent(topic=topic, payload=dict(payload), created_at=now, available_at=available_at or now)
    session.add(event)
    session.flush()
    return event


def publish_many(
    *,
    session: Session,
    topic: str,
    payloads: Sequence[Mapping[str, Any]],
    at: dt.datetime,
    due: dt.datetime | None = None,
) -> None:
    """Add one event per payload, made at `at` and all due at `due` (default `at`), in one multi-row
    insert in the caller's transaction (a fan-out or a scheduled recompute publishes one event per
    worker)."""
    if payloads:
        available = at if due is None else due
        rows = [
            {
                "id": new_id(),
                "topic": topic,
                "payload": dict(payload),
                "created_at": at,
                "available_at": available,
            }
            for payload in payloads
        ]
        session.execute(insert(OutboxEvent), rows)


def claim(*, session: Session, limit: int = 100, topics: tuple[str, ...] | None = None) -> list[OutboxEvent]:
    """Lock and return up to `limit` unprocessed events that are due, oldest first.

    On PostgreSQL the rows are locked with SKIP LOCKED, so several workers share the queue without
    taking the same event; the lock lasts until the caller's transaction ends.
    """
    statement = (
        select(OutboxEvent)
        .where(OutboxEvent.processed_at.is_(None), OutboxEvent.available_at <= utcnow())
        .order_by(OutboxEvent.available_at, OutboxEvent.id)
        .limit(limit)
    )
    if topics is not None:
        statement = statement.where(OutboxEvent.topic.in_(topics))
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(session.scalars(statement))


def mark_processed(*, session: Session, event: OutboxEvent) -> None:
    """Mark an event done."""
    event.processed_at = utcnow()
    event.attempts += 1
    session.flush()


def mark_failed(*, session: Session, event: OutboxEvent, error: str, retry_at: dt.datetime) -> None:
    """Record a failed attempt and when to try again; `error` names the error class, never data."""
    event.attempts += 1
    event.last_error = error[:500]
    event.available_at = retry_at
    session.flush()


def find(*, session: Session, topic: str, event_id: str) -> OutboxEvent | None:
    """The event with this id, if it has this topic."""
    event = session.get(OutboxEvent, event_id)
    return event if event is not None and event.topic == topic else None


def for_agency(*, session: Session, topic: str, agency_id: str, offset: int, limit: int) -> list[OutboxEvent]:
    """Up to `limit` events of `topic` whose payload names `agencyId`, newest first, after `offset`."""
    statement = (
        select(OutboxEvent)
        .where(OutboxEvent.topic == topic, OutboxEvent.payload["agencyId"].as_string() == agency_id)
        .order_by(OutboxEvent.created_at.desc(), OutboxEvent.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement))
