"""Queries for the review queue: the newest version of each proposed month in a municipality."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.store.models import MonthSettlement, SettlementStatus, Worker


def proposed_page(
    *, session: Session, municipality_id: str, offset: int, limit: int
) -> list[MonthSettlement]:
    """Months whose newest version is proposed, longest waiting first (oldest month, then worker)."""
    newest = (
        select(
            MonthSettlement.worker_id,
            MonthSettlement.month,
            func.max(MonthSettlement.version).label("version"),
        )
        .join(Worker, Worker.id == MonthSettlement.worker_id)
        .where(Worker.municipality_id == municipality_id)
        .group_by(MonthSettlement.worker_id, MonthSettlement.month)
        .subquery()
    )
    statement = (
        select(MonthSettlement)
        .join(
            newest,
            and_(
                MonthSettlement.worker_id == newest.c.worker_id,
                MonthSettlement.month == newest.c.month,
                MonthSettlement.version == newest.c.version,
            ),
        )
        .where(MonthSettlement.status == SettlementStatus.PROPOSED.value)
        .order_by(MonthSettlement.month, MonthSettlement.worker_id)
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement))
