"""Request dependencies shared by every domain: database sessions and field encryption.

Endpoints are `async def` and hand their database work to `Sessions.run` (or `Sessions.read` for work
that only reads): one trip to a worker thread per request, in which a session is opened, used and
closed, so no database I/O ever blocks the event loop and no extra thread hops are paid for dependencies
(each costs as much as a small query). At most as many requests as the connection pool holds do their
database work at once (`AppContext.database_slots`); the others wait on the event loop, where waiting
costs nothing, instead of in a thread that would open and close a connection beyond the pool.
`SessionDep` gives a session for the whole request to synchronous endpoints instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session, sessionmaker

from app_api.context import app_context
from gateway.store.db import Database
from gateway.store.sealing import Sealer

Result = TypeVar("Result")


class Sessions:
    """Runs database work in a worker thread, each call with a session of its own."""

    def __init__(self, database: Database, slots: CapacityLimiter) -> None:
        self._database = database
        self._slots = slots

    async def run(self, work: Callable[[Session], Result]) -> Result:
        """`work(session)` off the event loop; the session is closed (rolled back if not committed) after."""
        return await to_thread.run_sync(self._run, self._database.sessions, work, limiter=self._slots)

    async def read(self, work: Callable[[Session], Result]) -> Result:
        """`work(session)` that writes nothing, off the event loop, in a session without a transaction
        round trip of its own on PostgreSQL (gateway.store.db.Database.reads)."""
        return await to_thread.run_sync(self._run, self._database.reads, work, limiter=self._slots)

    @staticmethod
    def _run(sessions: sessionmaker[Session], work: Callable[[Session], Result]) -> Result:
        with sessions() as session:
            return work(session)


async def get_sessions(request: Request) -> Sessions:
    """The session runner of this app."""
    context = app_context(request)
    return Sessions(context.database, context.database_slots)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for this request; services commit what they change, the rest is rolled back.

    Creating a session touches no database. Closing one that still holds a connection rolls back and
    returns it to the pool, which is database I/O, so that happens off the event loop.
    """
    session = app_context(request).database.sessions()
    try:
        yield session
    finally:
        if session.get_transaction() is not None:
            await run_in_threadpool(session.close)
        else:
            session.close()


async def get_sealer(request: Request) -> Sealer:
    """Field encryption with this installation's keyring."""
    return app_context(request).sealer


SessionsDep = Annotated[Sessions, Depends(get_sessions)]
SessionDep = Annotated[Session, Depends(get_session)]
SealerDep = Annotated[Sealer, Depends(get_sealer)]
