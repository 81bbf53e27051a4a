"""Reads on the event loop: a small pool of async psycopg connections for the hottest read-only routes.

`Sessions.read` hands its work to a worker thread and runs it through a SQLAlchemy session; for a page
that is one statement, the thread hop and the session cost more CPU than the statement itself. Here a
route awaits its statements on an async psycopg connection in autocommit (one round trip each, no
BEGIN or ROLLBACK, as `Database.reads`), with the SQL compiled once from the same SQLAlchemy statements.
A plain pool rather than SQLAlchemy's asyncio engine: that engine would bring back most of the CPU of
the session and statement execution (and a greenlet switch per call) that this path exists to avoid.

Only PostgreSQL engines get one (`Database.direct_reads_url`); SQLite (the embedded default) and tests
whose sessions are bound to one rolled-back connection keep the threaded sessions.

The pool keeps the rules of the engine's pool (gateway.store.db): at most one connection per slot, opened
when first needed, no ping before use, replaced after `recycle_seconds`. A connection that fails with a
connection error is closed together with every idle connection opened before the failure (a restart or
fail-over cut them all; SQLAlchemy's pool does the same) and `lost` is called (the app empties the
engine's pool too, so one 503 is all a restart costs), and the error reaches the problem handlers,
which answer 503 with `Retry-After` (gateway.store.transient); the next request opens a fresh connection.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

import psycopg
from anyio import CapacityLimiter, WouldBlock

Opened = Callable[[psycopg.AsyncConnection[tuple[object, ...]]], None]


class DirectReads:
    """Async psycopg connections in autocommit, one per slot at most, lent out one request at a time."""

    def __init__(
        self,
        conninfo: str,
        *,
        slots: CapacityLimiter,
        lost: Callable[[], None] = lambda: None,
        recycle_seconds: float = 1800,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._conninfo = conninfo
        self._slots = slots
        self._lost = lost
        self._recycle_seconds = recycle_seconds
        self._clock = clock
        self._idle: list[tuple[float, psycopg.AsyncConnection[tuple[object, ...]]]] = []
        self.opened: list[Opened] = []
        """Called with every connection as it is opened (tests trace its protocol there)."""

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[tuple[object, ...]]]:
        """A connection for the statements of one request; at most `slots` requests hold one at once."""
        # A free slot is taken at once: `async with` on the limiter first yields to the event loop
        # (anyio's checkpoint), one more turn of the loop per request on the hottest read, where the
        # statement awaited next yields anyway. With requests already waiting this queues like `acquire`.
        try:
            self._slots.acquire_nowait()
        except WouldBlock:
            await self._slots.acquire()
        try:
            opened_at, connection = await self._take()
            try:
                yield connection
            except (psycopg.OperationalError, psycopg.InterfaceError):
                await self._discard(connection)
                await self._discard_opened_before(self._clock())
                self._lost()
                raise
            except BaseException:
                # A failed statement or a cancelled request may leave the connection mid-protocol.
                await self._discard(connection)
                raise
            if connection.broken or connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                await self._discard(connection)
            else:
                self._idle.append((opened_at, connection))
        finally:
            self._slots.release()

    async def close(self) -> None:
        """Close every idle connection; a request using the pool after this opens new ones."""
        idle, self._idle = self._idle, []
        for _, connection in idle:
            await self._discard(connection)

    async def _take(self) -> tuple[float, psycopg.AsyncConnection[tuple[object, ...]]]:
        now = self._clock()
        while self._idle:
            # The most recently returned connection first: the others may go idle and be recycled.
            opened_at, connection = self._idle.pop()
            if now - opened_at < self._recycle_seconds and not connection.closed:
                return opened_at, connection
            await self._discard(connection)
        connection = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
        for hook in self.opened:
            hook(connection)
        return now, connection

    async def _discard_opened_before(self, moment: float) -> None:
        stale = [connection for opened_at, connection in self._idle if opened_at <= moment]
        self._idle = [(opened_at, connection) for opened_at, connection in self._idle if opened_at > moment]
        for connection in stale:
            await self._discard(connection)

    @staticmethod
    async def _discard(connection: psycopg.AsyncConnection[tuple[object, ...]]) -> None:
        with suppress(psycopg.Error):
            await connection.close()
