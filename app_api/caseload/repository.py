"""Queries for the caseload: a page of workers and the open signals of many workers at once."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Signal, Worker


def workers_page(
    *, session: Session, municipality_id: str, consultant_id: str | None, offset: int, limit: int
) -> list[Worker]:
    """Workers of a municipality (of one consultant when given), oldest registration first."""
    statement = select(Worker).where(Worker.municipality_id == municipality_id)
    if consultant_id is not None:
        statement = statement.where(Worker.consultant_id == consultant_id)
    statement = statement.order_by(Worker.created_at, Worker.id).offset(offset).limit(limit)
    return list(session.scalars(statement))


def open_signals(*, session: Session, worker_ids: Sequence[str]) -> dict[str, list[Signal]]:
    """The unresolved signals of these workers, oldest first, by worker id."""
    found: dict[str, list[Signal]] = {worker_id: [] for worker_id in worker_ids}
    if not worker_ids:
        return found
    statement = (
        select(Signal)
        .where(Signal.worker_id.in_(list(worker_ids)), Signal.resolved_at.is_(None))
        .order_by(Signal.created_at, Signal.id)
    )
    for signal in session.scalars(statement):
        found[signal.worker_id].append(signal)
    return found
