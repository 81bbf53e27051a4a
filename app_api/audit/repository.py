"""Queries on the audit log for the auditor: a municipality's events, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import AuditEvent


def page(
    *, session: Session, municipality_id: str, worker_id: str | None, offset: int, limit: int
) -> list[AuditEvent]:
    """A municipality's events (about one worker when given), newest first."""
    statement = select(AuditEvent).where(AuditEvent.municipality_id == municipality_id)
    if worker_id is not None:
        statement = statement.where(AuditEvent.subject_worker_id == worker_id)
    statement = statement.order_by(AuditEvent.sequence.desc()).offset(offset).limit(limit)
    return list(session.scalars(statement))
