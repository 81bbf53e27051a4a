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
