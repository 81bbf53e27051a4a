"""Which database errors are transient: the same request, sent again a moment later, may well succeed.

A transient error is the database being briefly out of reach or busy, not a fault of the request or the
code: a connection cut (a PostgreSQL restart or fail-over, `pg_terminate_backend`, a network blip), a
pool with no free connection, a serialisation failure or deadlock, and SQLite's busy or locked database.
The APIs answer these with 503 and `Retry-After` (gateway.web.problems), so a client retries with the same
Idempotency-Key; everything else stays a 500, because retrying a bug only repeats it.
"""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy import exc

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
"""SQLite's primary result codes for "database is locked" and "database table is locked"; extended
codes (SQLITE_BUSY_SNAPSHOT, ...) carry these in their low byte."""


def is_transient(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from, is a transient database error."""
    seen: BaseException | None = error
    while seen is not None:
        if _transient_itself(seen):
            return True
        seen = seen.__cause__
    return False


def _transient_itself(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError):
        # SQLAlchemy saw the connection die (and threw it out of the pool): a new one will be made.
        return error.connection_invalidated or _transient_driver_error(error.orig)
    # No connection free in the pool within its timeout: the database is overloaded for now.
    return isinstance(error, exc.TimeoutError) or _transient_driver_error(error)


def _transient_driver_error(error: BaseException | None) -> bool:
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        # psycopg's OperationalError covers lost connections, administrator shutdown, serialisation
        # failures, deadlocks and cancelled statements; constraint and syntax errors are other classes.
        return True
    if isinstance(error, sqlite3.OperationalError):
        # sqlite3 raises OperationalError for "no such table" and other mistakes too: only busy is transient.
        return (error.sqlite_errorcode & 0xFF) in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return False
