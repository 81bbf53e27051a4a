"""Queries on stored week figures: the newest version of each week.

A page reads the newest versions' ids first and the encrypted results only of those not already
decoded in this process (app_api.results_cache); the `inputs` document (record ids and parameters, for
the jobs) is never read here. The statements are built once, with bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Row, Select, and_, bindparam, func, select
from sqlalchemy.orm import Session

from gateway.store.models import WeekFigures


@dataclass(frozen=True, slots=True)
class StoredWeek:
    """One stored version of a week's figures, its result still encrypted."""

    id: str
    iso_week: str
    version: int
    computed_at: dt.datetime
    result_encrypted: str


@dataclass(frozen=True, slots=True)
class WeekVersion:
    """Which version of a week is the newest, without its result."""

    id: str
    iso_week: str
    version: int
    computed_at: dt.datetime


_NEWEST = (
    select(WeekFigures.iso_week, func.max(WeekFigures.version).label("version"))
    .where(WeekFigures.worker_id == bindparam("worker_id"))
    .group_by(WeekFigures.iso_week)
    .subquery()
)
_NEWEST_JOIN = and_(WeekFigures.iso_week == _NEWEST.c.iso_week, WeekFigures.version == _NEWEST.c.version)

_PAGE = (
    select(WeekFigures.id, WeekFigures.iso_week, WeekFigures.version, WeekFigures.computed_at)
    .join(_NEWEST, _NEWEST_JOIN)
    .where(WeekFigures.worker_id == bindparam("worker_id"), WeekFigures.iso_week <= bindparam("until"))
    .order_by(WeekFigures.iso_week.desc())
    .offset(bindparam("offset"))
    .limit(bindparam("limit"))
)

_RESULTS = select(WeekFigures.id, WeekFigures.result_encrypted).where(
    WeekFigures.id.in_(bindparam("ids", expanding=True))
)

_WITH_RESULT: Select[str, str, int, dt.datetime, str] = (
    select(
        WeekFigures.id,
        WeekFigures.iso_week,
        WeekFigures.version,
        WeekFigures.computed_at,
        WeekFigures.result_encrypted,
    )
    .join(_NEWEST, _NEWEST_JOIN)
    .where(WeekFigures.worker_id == bindparam("worker_id"))
)


def _stored(row: Row[str, str, int, dt.datetime, str]) -> StoredWeek:
    identifier, iso_week, version, computed_at, result_encrypted = row
    return StoredWeek(identifier, iso_week, version, computed_at, result_encrypted)


def latest_page(
    *, session: Session, worker_id: str, offset: int, limit: int, until: str = "9999-W99"
) -> list[WeekVersion]:
    """The newest version of each of the worker's weeks up to `until`, latest week first (no results)."""
    rows = session.execute(
        _PAGE, {"worker_id": worker_id, "offset": offset, "limit": limit, "until": until}
    )
    return [
        WeekVersion(identifier, iso_week, version, computed_at)
        for identifier, iso_week, version, computed_at in rows
    ]


def encrypted_results(*, session: Session, ids: Collection[str]) -> dict[str, str]:
    """The encrypted results of these versions, by id."""
    if not ids:
        return {}
    return {row_id: sealed for row_id, sealed in session.execute(_RESULTS, {"ids": list(ids)})}


def latest_of(*, session: Session, worker_id: str, iso_week: str) -> StoredWeek | None:
    """The newest version of one week."""
    statement = _WITH_RESULT.where(WeekFigures.iso_week == iso_week)
    row = session.execute(statement, {"worker_id": worker_id}).first()
    return None if row is None else _stored(row)


def latest_until(*, session: Session, worker_id: str, iso_week: str) -> StoredWeek | None:
    """The newest version of the worker's latest week up to and including `iso_week` (YYYY-Www sorts)."""
    statement = _WITH_RESULT.where(WeekFigures.iso_week <= iso_week).order_by(WeekFigures.iso_week.desc())
    row = session.execute(statement.limit(1), {"worker_id": worker_id}).first()
    return None if row is None else _stored(row)
