"""Leader election for the scheduler: on PostgreSQL one replica holds an advisory lock and runs the jobs.

The lock is a session-level `pg_try_advisory_lock` on a connection kept only for it (autocommit, so it
never sits idle in a transaction). PostgreSQL releases the lock when that session ends, so a replica
that dies or loses its connection hands leadership over without anyone cleaning up; the others try
again on every election tick. A leader checks its connection on each tick and steps down when it is gone.

SQLite is the embedded single-process mode: the one process is always the leader.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

JOBS_LEADER_LOCK = 0x4C42_4A42
"""An arbitrary constant naming "running the Loonbrug jobs" among PostgreSQL advisory locks."""


class LeaderLock:
    """Tries to become, and checks that it still is, the one replica that runs the jobs."""

    def __init__(self, engine: Engine, *, key: int = JOBS_LEADER_LOCK) -> None:
        self._engine = engine
        self._key = key
        self._connection: Connection | None = None
        self._mutex = threading.Lock()

    @property
    def single_process(self) -> bool:
        """True on SQLite, where no election is needed."""
        return self._engine.dialect.name != "postgresql"

    def is_leader(self) -> bool:
        """True while this process holds the lock (always on SQLite); does not touch the database."""
        return self.single_process or self._connection is not None

    def elect(self) -> bool:
        """Check the held lock's connection, or try to take the lock; tell whether this process leads."""
        if self.single_process:
            return True
        with self._mutex:
            if self._connection is not None:
                if self._alive(self._connection):
                    return True
                logger.warning("lost the jobs leader connection; stepping down")
                self._drop()
            return self._try_acquire()

    def release(self) -> None:
        """Give up the lock (when the scheduler stops)."""
        with self._mutex:
            if self._connection is None:
                return
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
            except DBAPIError:
                logger.warning("could not release the jobs leader lock; it ends with the connection")
            self._drop()

    def _try_acquire(self) -> bool:
        connection: Connection | None = None
        try:
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            acquired = bool(
                connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}).scalar()
            )
        except DBAPIError:
            logger.warning("database unreachable during the jobs leader election")
            if connection is not None:
                connection.close()
            return False
        if not acquired:
            connection.close()
            return False
        self._connection = connection
        logger.info("this process now runs the scheduled jobs (leader)")
        return True

    @staticmethod
    def _alive(connection: Connection) -> bool:
        try:
            connection.execute(text("SELECT 1"))
        except DBAPIError:
            return False
        return True

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.invalidate()
        except DBAPIError:
            return
