"""Queries on stored week figures: the newest version of each week.

A page reads the newest versions' ids first and the encrypted results only of those not already
decoded in this process (app_api.results_cache); the `inputs` document (record ids and parameters, for
the jobs) is never read here. The statements are built once, with bound parameters.

The page statement also applies the end of the case (gateway.store.case_ends.shown_until: weeks after
the ISO week of the last day were computed before the end was known and are not shown), so a page whose
summaries are cached costs one database round trip.

`latest_page_direct` and `encrypted_results_direct` run the same statements, compiled once for
PostgreSQL, on an async psycopg connection (app_api.direct_reads) without a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import ARRAY, Row, Select, String, and_, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from gateway.store.models import CaseEnd, WeekFigures

UNBOUNDED = "9999-W99"
"""Sorts after every ISO week: no end of the case limits the page (as in gateway.store.case_ends)."""


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


class iso_week_of(FunctionElement[str]):
    """The ISO 8601 week ("YYYY-Www") of a date, in SQL; the same as schemas.periods.IsoWeek.of."""

    type = String()
    inherit_cache = True


@compiles(iso_week_of, "postgresql")
def _iso_week_postgresql(element: iso_week_of, compiler: SQLCompiler, **kw: Any) -> str:
    # IYYY and IW: the ISO week-numbering year and week (PostgreSQL manual, "Data Type Formatting Functions").
    # A timestamp without time zone: a date would otherwise become a timestamptz in the session's zone.
    return f"""to_char(CAST({compiler.process(element.clauses, **kw)} AS TIMESTAMP), 'IYYY-"W"IW')"""


@compiles(iso_week_of, "sqlite")
def _iso_week_sqlite(element: iso_week_of, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite before 3.46 has no %G/%V: an ISO week belongs to the year of its Thursday and is numbered by
    # that Thursday's day of the year ('weekday 4' moves a date to the next Thursday, or keeps it).
    thursday = f"date({compiler.process(element.clauses, **kw)}, '-3 days', 'weekday 4')"
    week = f"(CAST(strftime('%j', {thursday}) AS INTEGER) - 1) / 7 + 1"
    # Concatenation keeps NULL (no end) NULL, where printf would make "-W00" of it.
    return f"strftime('%Y', {thursday}) || '-W' || substr('0' || ({week}), -2)"


_CASE_END = (
    select(CaseEnd.end_date)
    .where(CaseEnd.worker_id == bindparam("worker_id"))
    .order_by(CaseEnd.recorded_at.desc(), CaseEnd.id.desc())
    .limit(1)
    .scalar_subquery()
)
_SHOWN_UNTIL = func.coalesce(iso_week_of(_CASE_END), UNBOUNDED)
"""The last ISO week still shown: that of the case's last day, or every week while no end counts (none
recorded, or the newest entry withdrew it)."""

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
    .where(
        WeekFigures.worker_id == bindparam("worker_id"),
        WeekFigures.iso_week <= _SHOWN_UNTIL,
    )
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


_RESULTS_ANY = select(WeekFigures.id, WeekFigures.result_encrypted).where(
    WeekFigures.id == any_(bindparam("ids", type_=ARRAY(String)))
)
"""`_RESULTS` for a driver that takes a list as one array parameter (no expanding IN)."""


_POSTGRESQL: Dialect = PGDialect_psycopg()  # type: ignore[no-untyped-call]  # its __init__ is unannotated


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A statement's PostgreSQL text and its bound values, those given per call left empty."""

    sql: str
    defaults: dict[str, Any]

    @classmethod
    def of(cls, statement: ClauseElement) -> _Compiled:
        """`statement` compiled for PostgreSQL through psycopg (named `%(name)s` parameters)."""
        compiled = statement.compile(dialect=_POSTGRESQL)
        return cls(compiled.string, dict(compiled.params))

    def params(self, **values: Any) -> dict[str, Any]:
        """The bound values with `values` filled in."""
        return {**self.defaults, **values}


_PAGE_SQL = _Compiled.of(_PAGE)
_RESULTS_SQL = _Compiled.of(_RESULTS_ANY)


def _stored(row: Row[str, str, int, dt.datetime, str]) -> StoredWeek:
    identifier, iso_week, version, computed_at, result_encrypted = row
    return StoredWeek(identifier, iso_week, version, computed_at, result_encrypted)


def latest_page(*, session: Session, worker_id: str, offset: int, limit: int) -> list[WeekVersion]:
    """The newest version of each of the worker's weeks that the end of the case still shows, latest week
    first (no results); one statement."""
    # Through the session's connection: these are plain column queries, and the ORM's execution layer
    # would cost as much CPU as the query itself.
    rows = session.connection().execute(_PAGE, {"worker_id": worker_id, "offset": offset, "limit": limit})
    return [
        WeekVersion(identifier, iso_week, version, computed_at)
        for identifier, iso_week, version, computed_at in rows
    ]


def encrypted_results(*, session: Session, ids: Collection[str]) -> dict[str, str]:
    """The encrypted results of these versions, by id."""
    if not ids:
        return {}
    return {row_id: sealed for row_id, sealed in session.connection().execute(_RESULTS, {"ids": list(ids)})}


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


PageRow = tuple[str, str, int, dt.datetime]
"""A row of the page statement as psycopg reads it: id, ISO week, version, computed at (`version_of`)."""


async def latest_page_direct(
    *, connection: psycopg.AsyncConnection[Any], worker_id: str, offset: int, limit: int
) -> list[PageRow]:
    """`latest_page`'s rows on an async psycopg connection (PostgreSQL), as read: a page whose JSON is
    known needs only their ids (app_api.weeks.service), the others make them `WeekVersion`s."""
    cursor = await connection.execute(
        _PAGE_SQL.sql, _PAGE_SQL.params(worker_id=worker_id, offset=offset, limit=limit)
    )
    rows: list[PageRow] = await cursor.fetchall()
    return rows


def version_of(row: PageRow) -> WeekVersion:
    """The `WeekVersion` of a row of `latest_page_direct`."""
    identifier, iso_week, version, computed_at = row
    # As gateway.store.base.UtcDateTime reads a timestamptz: in UTC, whatever the session's time zone.
    return WeekVersion(identifier, iso_week, version, computed_at.astimezone(dt.UTC))


async def encrypted_results_direct(
    *, connection: psycopg.AsyncConnection[Any], ids: Collection[str]
) -> dict[str, str]:
    """`encrypted_results` on an async psycopg connection (PostgreSQL)."""
    if not ids:
        return {}
    cursor = await connection.execute(_RESULTS_SQL.sql, _RESULTS_SQL.params(ids=list(ids)))
    return {row_id: sealed for row_id, sealed in await cursor.fetchall()}
