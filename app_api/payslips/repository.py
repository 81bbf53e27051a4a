"""Queries on a worker's pay record versions, with the agency's name, for reading."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Exists

from gateway.store.models import Agency, PayRecord
from schemas.figures import RecordRef


def _successor_exists() -> Exists:
    successor = aliased(PayRecord)
    return exists().where(successor.supersedes_id == PayRecord.id)


def current_page(*, session: Session, worker_id: str, offset: int, limit: int) -> list[tuple[PayRecord, str]]:
    """The worker's current versions with the agency name, newest period first."""
    statement = (
        select(PayRecord, Agency.name)
        .join(Agency, Agency.id == PayRecord.agency_id)
        .where(PayRecord.worker_id == worker_id, ~_successor_exists())
        .order_by(PayRecord.period_start.desc(), PayRecord.agency_id, PayRecord.id)
        .offset(offset)
        .limit(limit)
    )
    return [(row, name) for row, name in session.execute(statement)]


def one(*, session: Session, worker_id: str, pay_record_id: str) -> tuple[PayRecord, str, bool] | None:
    """One version of the worker's, with the agency name and whether it is the current version."""
    statement = (
        select(PayRecord, Agency.name, ~_successor_exists())
        .join(Agency, Agency.id == PayRecord.agency_id)
        .where(PayRecord.id == pay_record_id, PayRecord.worker_id == worker_id)
    )
    found = session.execute(statement).first()
    return None if found is None else (found[0], found[1], bool(found[2]))


def by_refs(
    *, session: Session, worker_id: str, refs: Sequence[RecordRef]
) -> list[tuple[PayRecord, str, bool]]:
    """The versions a result names (the engine names an agency by its Loonbrug id)."""
    if not refs:
        return []
    wanted = or_(
        *(
            and_(
                PayRecord.agency_id == ref.agency,
                PayRecord.record_id == ref.record_id,
                PayRecord.version == ref.version,
            )
            for ref in refs
        )
    )
    statement = (
        select(PayRecord, Agency.name, ~_successor_exists())
        .join(Agency, Agency.id == PayRecord.agency_id)
        .where(PayRecord.worker_id == worker_id, wanted)
        .order_by(PayRecord.period_start, Agency.name, PayRecord.record_id)
    )
    return [(row, name, bool(current)) for row, name, current in session.execute(statement)]
