"""The worker's weeks read on an async psycopg connection (app_api.direct_reads, PostgreSQL) answer
byte for byte what the threaded session path answers, and the pool stays within its bounds."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from anyio import CapacityLimiter
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.context import AppContext
from app_api.dev_tokens import make_token
from app_api.direct_reads import DirectReads
from app_api.results_cache import ResultCache
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store import case_ends
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from tests import factories
from tests.app_api import world as worlds
from tests.app_api.conftest import bearer

pytestmark = pytest.mark.postgres_only

PAGES = (
    "",
    "?pageSize=3",
    "?page=2&pageSize=3",
    "?page=99",
    "?pageSize=0",
    "?page=x",
    # Bad input the direct route must refuse as FastAPI does: NUL, empty, huge, out of range.
    "?pageSize=%00",
    "?pageSize=",
    "?page=" + "9" * 30,
    "?page=-1&pageSize=101",
)


def _app(
    database: Database,
    settings: Settings,
    api_settings: AppApiSettings,
    keyring: Keyring,
    clock: Callable[[], dt.datetime] = lambda: worlds.NOW,
) -> FastAPI:
    return create_app(
        settings=settings, api_settings=api_settings, database=database, keyring=keyring, clock=clock
    )


def _worker_headers(app: FastAPI, database: Database, sealer: Sealer) -> dict[str, str]:
    """A bearer header of the first test worker, from the app's development issuer."""
    token = make_token(
        issuer=app.state.context.dev_issuer,
        database=database,
        sealer=sealer,
        role=Role.WORKER,
        who=factories.TEST_BSNS[0],
    )
    return bearer(token)


def _threaded(app: FastAPI) -> FastAPI:
    """The app with the session path for every read, and a cache of its own."""
    context: AppContext = app.state.context
    app.state.context = dataclasses.replace(
        context, direct_reads=None, week_summaries=ResultCache(size=context.api_settings.result_cache_size)
    )
    return app


def test_the_direct_page_is_byte_identical_to_the_session_page(
    committed_database: Database,
    settings: Settings,
    api_settings: AppApiSettings,
    keyring: Keyring,
    sealer: Sealer,
) -> None:
    with committed_database.sessions() as session:
        world = worlds.build(session, sealer)
    direct = _app(committed_database, settings, api_settings, keyring)
    threaded = _threaded(_app(committed_database, settings, api_settings, keyring))
    assert direct.state.context.direct_reads is not None
    headers = _worker_headers(direct, committed_database, sealer)
    with (
        TestClient(direct, raise_server_exceptions=False) as by_direct,
        TestClient(threaded, raise_server_exceptions=False) as by_session,
    ):
        # As it is, with the case ended, and with the end withdrawn.
        for end in (None, (dt.date(2026, 1, 25), EndReason.WORK), (None, None)):
            if end is not None:
                with committed_database.transaction() as session:
                    case_ends.record(
                        session=session,
                        sealer=sealer,
                        worker_id=world.worker.id,
                        end_date=end[0],
                        reason=end[1],
                        recorded_by="test",
                    )
            # Twice: decoded from the database, then from each app's cache.
            for _ in range(2):
                for query in PAGES:
                    answers = [
                        client.get(f"/v1/mij/weken{query}", headers=headers)
                        for client in (by_direct, by_session)
                    ]
                    ours, theirs = answers
                    assert ours.status_code == theirs.status_code, query
                    assert ours.headers["content-type"] == theirs.headers["content-type"]
                    assert ours.content == theirs.content, query
            assert by_direct.get("/v1/mij/weken", headers=headers).json()["items"]


def test_a_page_read_again_on_a_later_day_reads_as_that_day(
    committed_database: Database,
    settings: Settings,
    api_settings: AppApiSettings,
    keyring: Keyring,
    sealer: Sealer,
) -> None:
    # The direct path keeps each page's JSON by the versions it lists and the day: the same versions read
    # on another day (a week no longer running, a pay slip now late) must not be answered from yesterday.
    with committed_database.sessions() as session:
        worlds.build(session, sealer)
    now = [worlds.NOW]
    direct = _app(committed_database, settings, api_settings, keyring, clock=lambda: now[0])
    threaded = _threaded(_app(committed_database, settings, api_settings, keyring, clock=lambda: now[0]))
    headers = _worker_headers(direct, committed_database, sealer)
    pages = []
    with (
        TestClient(direct, raise_server_exceptions=False) as by_direct,
        TestClient(threaded, raise_server_exceptions=False) as by_session,
    ):
        for later in (dt.timedelta(0), dt.timedelta(days=3), dt.timedelta(days=30)):
            now[0] = worlds.NOW + later
            for _ in range(2):
                ours, theirs = (
                    client.get("/v1/mij/weken", headers=headers) for client in (by_direct, by_session)
                )
                assert ours.status_code == theirs.status_code == 200
                assert ours.content == theirs.content, later
            pages.append(ours.content)
    # The week of NOW runs on its Friday and no longer on the Monday after.
    assert pages[0] != pages[1]


def test_the_pool_opens_no_more_connections_than_its_slots_and_reuses_them(database_url: str) -> None:
    conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    reads = DirectReads(conninfo, slots=CapacityLimiter(2))
    opened: list[object] = []
    reads.opened.append(opened.append)

    async def one() -> None:
        async with reads.connection() as connection:
            await connection.execute("SELECT pg_sleep(0.01)")

    async def run() -> None:
        await asyncio.gather(*(one() for _ in range(8)))
        await asyncio.gather(*(one() for _ in range(8)))
        await reads.close()

    asyncio.run(run())
    assert len(opened) == 2
