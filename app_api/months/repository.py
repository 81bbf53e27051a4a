"""Queries on stored month settlements: the newest version of each month, and a month's versions."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.store.models import MonthSettlement


def latest_page(
    *, session: Session, worker_id: str, offset: int, limit: int, until: str = "9999-99"
) -> list[MonthSettlement]:
    """The newest version of each of the worker's months up to `until`, latest month first."""
    newest = (
        select(MonthSettlement.month, func.max(MonthSettlement.version).label("version"))
        .where(MonthSettlement.worker_id == worker_id)
        .group_by(MonthSettlement.month)
        .subquery()
    )
    statement = (
        select(MonthSettlement)
        .join(
            newest, and_(MonthSettlement.month == newest.c.month, MonthSettlement.version == newest.c.version)
        )
        .where(MonthSettlement.worker_id == worker_id, MonthSettlement.month <= until)
        .order_by(MonthSettlement.month.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement))


def versions(*, session: Session, worker_id: str, month: str) -> list[MonthSettlement]:
    """Every version of one month, newest first."""
    statement = (
        select(MonthSettlement)
        .where(MonthSettlement.worker_id == worker_id, MonthSettlement.month == month)
        .order_by(MonthSettlement.version.desc())
    )
    return list(session.scalars(statement))


def latest_for_update(*, session: Session, worker_id: str, month: str) -> MonthSettlement | None:
    """The newest version of a month, locked for the rest of the transaction (PostgreSQL)."""
    statement = (
        select(MonthSettlement)
        .where(MonthSettlement.worker_id == worker_id, MonthSettlement.month == month)
        .order_by(MonthSettlement.version.desc())
        .limit(1)
        .with_for_update()
    )
    return session.scalars(statement).first()
