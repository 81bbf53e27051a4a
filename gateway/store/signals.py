"""Signals for consultants: something about a worker that needs a look (missing period, anomaly)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.base import utcnow
from gateway.store.models import Signal


def raise_signal(*, session: Session, worker_id: str, kind: str, payload: Mapping[str, Any]) -> Signal:
    """Add an open signal; `payload` holds ids, periods and codes only, never personal data."""
    signal = Signal(worker_id=worker_id, kind=kind, payload=dict(payload))
    session.add(signal)
    session.flush()
    return signal


def open_for_worker(*, session: Session, worker_id: str) -> list[Signal]:
    """The worker's unresolved signals, oldest first."""
    statement = (
        select(Signal)
        .where(Signal.worker_id == worker_id, Signal.resolved_at.is_(None))
        .order_by(Signal.created_at, Signal.id)
    )
    return list(session.scalars(statement))


def resolve(*, session: Session, signal: Signal) -> None:
    """Mark a signal resolved now."""
    signal.resolved_at = utcnow()
    session.flush()
