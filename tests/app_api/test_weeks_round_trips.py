"""What one `GET /v1/mij/weken` costs the database, pinned so it cannot silently grow, and what happens
when the pooled connection it uses has died (no ping before each use: 503, then recovery).

On PostgreSQL a round trip is counted where it is paid: every ReadyForQuery the server sends, read from
libpq's protocol trace of every connection, so a BEGIN, a ROLLBACK or a pool ping counts as much as a
query. SQLite has no
network; there the statements are counted (its BEGIN IMMEDIATE included).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Date, event, literal, make_url, select
from sqlalchemy.orm import Session

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_tokens import make_token
from app_api.direct_reads import DirectReads
from app_api.weeks.repository import iso_week_of
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store import case_ends
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from schemas.periods import IsoWeek
from tests import factories
from tests.app_api import world as worlds
from tests.app_api.conftest import bearer
from tests.app_api.world import World

WARM_ROUND_TRIPS = {"postgresql": 1, "sqlite": 2}
"""A page whose token and summaries this process already knows: the one page statement (SQLite: BEGIN
IMMEDIATE and the statement; its ROLLBACK is not a statement)."""
FIRST_ROUND_TRIPS = {"postgresql": 4, "sqlite": 6}
"""The first page of a token: finding the worker by the BSN's blind index (the municipalities, then the
workers), then the page statement and the encrypted results of its summaries (SQLite: each of the two
sessions with its BEGIN IMMEDIATE)."""

TERMINATE_OTHERS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
COUNT_OTHERS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


class RoundTrips:
    """Counts the database round trips of the requests made between two calls of `since_last`.

    On PostgreSQL every connection is traced from the moment it is opened (the pool is emptied first),
    so a ping the pool would send when it hands out a connection is counted too.
    """

    def __init__(self, database: Database, folder: Path, direct_reads: DirectReads | None = None) -> None:
        self._engine = database.engine
        self._statements = 0
        self._connections: list[Any] = []
        self._sink = (folder / "libpq-trace.txt").open("w")
        self._seen = 0
        self._engine.dispose()
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "before_cursor_execute", self._statement)
        else:
            event.listen(self._engine, "connect", self._opened)
            if direct_reads is not None:
                # The app's async connections for the hottest reads (app_api.direct_reads) are traced too.
                direct_reads.opened.append(self._opened)

    def _statement(self, *_: Any) -> None:
        self._statements += 1

    def _opened(self, dbapi_connection: Any, *_: Any) -> None:
        self._connections.append(dbapi_connection)
        self._trace(dbapi_connection)

    def _trace(self, dbapi_connection: Any) -> None:
        dbapi_connection.pgconn.trace(self._sink.fileno())
        dbapi_connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)

    def since_last(self) -> int:
        """Round trips since the previous call (or since the counting began)."""
        if self._engine.dialect.name == "sqlite":
            counted, self._statements = self._statements, 0
            return counted
        live = [connection for connection in self._connections if not connection.closed]
        for connection in live:
            connection.pgconn.untrace()  # flushes what libpq buffered
        lines = Path(self._sink.name).read_text().splitlines()
        counted = sum(1 for line in lines[self._seen :] if line.split("\t")[2:3] == ["ReadyForQuery"])
        self._seen = len(lines)
        for connection in live:
            self._trace(connection)
        return counted

    def close(self) -> None:
        """Stop counting."""
        if self._engine.dialect.name == "sqlite":
            event.remove(self._engine, "before_cursor_execute", self._statement)
        else:
            event.remove(self._engine, "connect", self._opened)
            for connection in self._connections:
                if not connection.closed:
                    connection.pgconn.untrace()
        self._sink.close()


@pytest.fixture
def committed_app(
    committed_database: Database, settings: Settings, api_settings: AppApiSettings, keyring: Keyring
) -> FastAPI:
    """The app API on a database whose sessions are the production ones (committed, autocommit reads)."""
    return create_app(
        settings=settings,
        api_settings=api_settings,
        database=committed_database,
        keyring=keyring,
        clock=lambda: worlds.NOW,
    )


@pytest.fixture
def committed_world(committed_database: Database, sealer: Sealer) -> World:
    """The made-up world, committed."""
    with committed_database.sessions() as session:
        return worlds.build(session, sealer)


def _worker_token(app: FastAPI, database: Database, sealer: Sealer) -> dict[str, str]:
    issuer = app.state.context.dev_issuer
    return bearer(
        make_token(
            issuer=issuer, database=database, sealer=sealer, role=Role.WORKER, who=factories.TEST_BSNS[0]
        )
    )


def test_a_page_of_weeks_costs_one_round_trip_once_its_token_and_summaries_are_known(
    committed_app: FastAPI,
    committed_world: World,
    committed_database: Database,
    sealer: Sealer,
    db_kind: str,
    tmp_path: Path,
) -> None:
    headers = _worker_token(committed_app, committed_database, sealer)
    round_trips = RoundTrips(committed_database, tmp_path, committed_app.state.context.direct_reads)
    try:
        with TestClient(committed_app, raise_server_exceptions=False) as client:
            round_trips.since_last()
            first = client.get("/v1/mij/weken", headers=headers)
            cold = round_trips.since_last()
            assert first.status_code == 200, first.text
            assert first.json()["items"]
            assert client.get("/v1/mij/weken", headers=headers).json() == first.json()
            warm = round_trips.since_last()
    finally:
        round_trips.close()

    assert cold == FIRST_ROUND_TRIPS[db_kind]
    assert warm == WARM_ROUND_TRIPS[db_kind]


def test_the_end_of_a_case_in_the_page_statement_is_the_iso_week_the_engine_uses(
    session: Session,
) -> None:
    """The SQL that limits a page to the weeks before the end of a case names the same ISO week as
    schemas.periods.IsoWeek for every day around a dozen year boundaries (53-week years included)."""
    days = [
        dt.date(year, 12, 20) + dt.timedelta(days=offset)
        for year in range(2014, 2027)
        for offset in range(20)
    ]
    for day in days:
        assert session.scalar(select(iso_week_of(literal(day, Date())))) == str(IsoWeek.of(day)), day
    assert session.scalar(select(iso_week_of(literal(None, Date())))) is None


@pytest.mark.postgres_only
def test_a_dead_pooled_connection_answers_503_once_and_the_next_request_gets_a_new_one(
    committed_app: FastAPI,
    committed_world: World,
    committed_database: Database,
    sealer: Sealer,
    database_url: str,
) -> None:
    headers = _worker_token(committed_app, committed_database, sealer)
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with TestClient(committed_app, raise_server_exceptions=False) as client:
        assert client.get("/v1/mij/weken", headers=headers).status_code == 200

        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(TERMINATE_OTHERS)
            deadline = time.monotonic() + 10
            while admin.execute(COUNT_OTHERS).fetchone() != (0,):
                assert time.monotonic() < deadline
                time.sleep(0.05)

        refused = client.get("/v1/mij/weken", headers=headers)
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert "items" not in refused.json()

        assert client.get("/v1/mij/weken", headers=headers).status_code == 200


def test_a_page_stops_at_the_week_of_the_last_day_and_shows_all_again_when_the_end_is_withdrawn(
    committed_app: FastAPI, committed_world: World, committed_database: Database, sealer: Sealer
) -> None:
    """The end of the case counts from the page statement itself: its newest entry, also a withdrawal."""
    headers = _worker_token(committed_app, committed_database, sealer)
    worker_id = committed_world.worker.id
    with TestClient(committed_app, raise_server_exceptions=False) as client:
        every = [item["week"] for item in client.get("/v1/mij/weken", headers=headers).json()["items"]]
        for end_date, reason, last in (
            (dt.date(2026, 1, 25), EndReason.WORK, "2026-W04"),
            (None, None, max(every)),
        ):
            with committed_database.transaction() as session:
                case_ends.record(
                    session=session,
                    sealer=sealer,
                    worker_id=worker_id,
                    end_date=end_date,
                    reason=reason,
                    recorded_by="test",
                )
            weeks = [item["week"] for item in client.get("/v1/mij/weken", headers=headers).json()["items"]]
            assert max(weeks) == last
            assert weeks == [week for week in every if week <= last]
