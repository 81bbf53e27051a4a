"""Queries for leaving the benefit: the newest settlement version of each month, and settled months."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.store.models import MonthSettlement, SettlementStatus
from schemas.periods import Month

_SETTLED = (SettlementStatus.APPROVED.value, SettlementStatus.EXPORTED.value)


def newest_versions(*, session: Session, worker_id: str) -> list[MonthSettlement]:
    """The newest version of each of the worker's months, earliest month first."""
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
        .where(MonthSettlement.worker_id == worker_id)
        .order_by(MonthSettlement.month)
    )
    return list(session.scalars(statement))


def first_settled_after(*, session: Session, worker_id: str, month: Month) -> Month | None:
    """The earliest month after `month` with an approved or exported settlement version, if any."""
    statement = select(func.min(MonthSettlement.month)).where(
        MonthSettlement.worker_id == worker_id,
        MonthSettlement.month > str(month),
        MonthSettlement.status.in_(_SETTLED),
    )
    found = session.scalar(statement)
    return None if found is None else Month.parse(found)
