"""The audit log: append hash-chained events one at a time, read them back, verify the chain.

Appends are serialised so the chain stays linear: on PostgreSQL by a transaction-level advisory lock,
on SQLite by taking the database write lock before reading the last event. The lock is held until the
caller's transaction ends, so keep audited transactions short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import cast

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from gateway.security import audit_chain
from gateway.store import audit_context
from gateway.store.base import new_id, utcnow
from gateway.store.models import AuditEvent

# An arbitrary constant naming "appending to the audit chain" among PostgreSQL advisory locks.
AUDIT_APPEND_LOCK = 0x4C42_4155


def _serialise_appends(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_APPEND_LOCK})
    else:
        # A write statement, even one that touches no row, takes SQLite's write lock for the transaction.
        session.execute(text("UPDATE audit_event SET sequence = sequence WHERE 0 = 1"))


def append(
    *,
    session: Session,
    actor: str,
    actor_role: str,
    action: str,
    purpose: str,
    result: str,
    municipality_id: str | None = None,
    subject_worker_id: str | None = None,
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain in the session's transaction and return it (flushed).

    Its origin and trace id are those of the request being answered (gateway.store.audit_context).
    """
    source = audit_context.current()
    _serialise_appends(session)
    last = session.execute(
        select(AuditEvent.sequence, AuditEvent.hash).order_by(AuditEvent.sequence.desc()).limit(1)
    ).first()
    event = AuditEvent(
        id=new_id(),
        sequence=1 if last is None else last.sequence + 1,
        occurred_at=occurred_at or utcnow(),
        actor=actor,
        actor_role=actor_role,
        municipality_id=municipality_id,
        subject_worker_id=subject_worker_id,
        action=action,
        purpose=purpose,
        result=result,
        origin=source.origin,
        trace_id=source.trace_id,
        prev_hash=audit_chain.GENESIS_HASH if last is None else last.hash,
    )
    event.hash = audit_chain.compute_hash(event, event.prev_hash)
    session.add(event)
    session.flush()
    return event


def iterate(*, session: Session, after_sequence: int = 0, batch_size: int = 1000) -> Iterator[AuditEvent]:
    """Every event after `after_sequence`, in order, read in batches."""
    while True:
        batch = list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.sequence > after_sequence)
                .order_by(AuditEvent.sequence)
                .limit(batch_size)
            )
        )
        yield from batch
        if len(batch) < batch_size:
            return
        after_sequence = batch[-1].sequence


def _rows(session: Session, batch_size: int) -> Iterator[audit_chain.ChainedEvent]:
    columns = AuditEvent.__table__.c
    after = 0
    while True:
        batch = session.execute(
            select(*columns).where(columns.sequence > after).order_by(columns.sequence).limit(batch_size)
        ).all()
        for row in batch:
            yield cast(audit_chain.ChainedEvent, row)
        if len(batch) < batch_size:
            return
        after = batch[-1].sequence


def verify(*, session: Session, batch_size: int = 1000) -> audit_chain.Verification:
    """Check the whole chain from the first event and report the first altered, removed or inserted one."""
    return audit_chain.verify(_rows(session, batch_size))
