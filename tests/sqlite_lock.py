"""SQLite's write lock held by "another process", with the code under test waiting only briefly for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from gateway.store.db import Database

SHORT_BUSY_TIMEOUT_MS = 200
"""Instead of the 10 s the engine waits in production, so a test sees "database is locked" at once."""


@contextmanager
def impatient(database: Database) -> Iterator[Database]:
    """`database` (SQLite) with a short busy timeout on every connection opened in the block."""
    engine = database.engine
    engine.dispose()

    def shorter_wait(dbapi_connection: object, record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SHORT_BUSY_TIMEOUT_MS}")  # type: ignore[attr-defined]

    event.listen(engine, "connect", shorter_wait)
    try:
        yield database
    finally:
        event.remove(engine, "connect", shorter_wait)
        engine.dispose()


@contextmanager
def write_lock_held(database: Database) -> Iterator[None]:
    """Hold the write lock on a connection of its own (its transaction begins IMMEDIATE) in the block."""
    with database.engine.connect() as holder, holder.begin():
        yield
