"""Engines, sessions and transactions for SQLite (embedded default) and PostgreSQL (production).

SQLite connections get foreign keys on, WAL, a busy timeout, real BEGIN statements (pysqlite would
otherwise start transactions late and break SAVEPOINTs) and the `loonbrug_maintenance()` function the
append-only triggers consult. PostgreSQL goes through psycopg 3 with a connection pool.

JSON columns are read with orjson (in C, two to three times the json module's speed; a recompute reads
the provenance of every week and month it compares, and the signals of its workers): the same values,
except that an integer past 64 bits would come back as a float. Loonbrug writes none: amounts, ids and
digests in its JSON are text, counts are small.

The pool does not ping a connection at every checkout (that is one more round trip per request): a
connection the server has closed fails its first statement instead, SQLAlchemy then discards it and every
connection opened before it, and gateway.store.transient turns the failure into 503 with Retry-After, so
the client's retry gets a fresh connection. `pool_recycle` replaces connections before a firewall or the
server would drop them for being idle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from gateway.settings import Settings

SQLITE_BUSY_TIMEOUT_MS = 10_000
MAINTENANCE_INFO_KEY = "loonbrug_maintenance"


def normalise_url(url: str | URL) -> URL:
    """The URL with the psycopg 3 driver for PostgreSQL (plain `postgresql://` would pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def ensure_sqlite_folder(url: str | URL) -> None:
    """Create the folder of an SQLite database file if it does not exist yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)


class _MaintenanceFlag:
    """The maintenance mode of one SQLite connection, read by the append-only triggers."""

    def __init__(self) -> None:
        self.mode = ""

    def __call__(self) -> str:
        return self.mode


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # Autocommit at the driver level; SQLAlchemy's "begin" hook below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        flag = _MaintenanceFlag()
        record.info[MAINTENANCE_INFO_KEY] = flag
        dbapi_connection.create_function("loonbrug_maintenance", 0, flag)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous NORMAL survives process crashes; only an OS crash can lose the last commit.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front. A deferred transaction that reads and then writes
        # (every audited read does) cannot wait for another writer: SQLite fails it at once with
        # "database is locked" instead of using the busy timeout. The embedded default serves one
        # process, so serialising transactions costs little and removes those spurious 503s.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        flag = record.info.get(MAINTENANCE_INFO_KEY)
        if flag is not None:
            flag.mode = ""


def create_db_engine(
    url: str | URL, *, echo: bool = False, pool_size: int = 10, max_overflow: int = 20
) -> Engine:
    """An engine for `url`, configured for its database (see the module docstring)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        ensure_sqlite_folder(parsed)
        # check_same_thread off: the ASGI apps hand a pooled connection from thread to thread, never share it.
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        engine = create_engine(
            parsed,
            echo=echo,
            connect_args=connect_args,
            json_deserializer=orjson.loads,
        )
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ValueError("Loonbrug supports SQLite and PostgreSQL only")
    return create_engine(
        parsed,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=1800,
        json_deserializer=orjson.loads,
    )


def _read_sessions(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions like `sessions`, in autocommit on a PostgreSQL engine: no BEGIN and no ROLLBACK round trips
    around the statements. Under READ COMMITTED every statement has a snapshot of its own even inside a
    transaction, so a read sees nothing different. SQLite keeps its transactions (the embedded default's
    BEGIN costs no network), and so do sessions bound to a connection (tests that roll back)."""
    bind = sessions.kw.get("bind")
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        return sessions.__class__(
            **{**sessions.kw, "bind": bind.execution_options(isolation_level="AUTOCOMMIT")}
        )
    return sessions


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit (no expiry round trip)."""
    return sessionmaker(engine, expire_on_commit=False)


@dataclass(frozen=True)
class Database:
    """One engine with its session factory; create once per process."""

    engine: Engine
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session] = field(init=False, repr=False)
    """Sessions for work that only reads (see `_read_sessions`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "reads", _read_sessions(self.sessions))

    @classmethod
    def from_url(cls, url: str | URL, **engine_options: Any) -> Database:
        """A database for a URL."""
        engine = create_db_engine(url, **engine_options)
        return cls(engine=engine, sessions=make_session_factory(engine))

    @classmethod
    def from_settings(cls, settings: Settings, **engine_options: Any) -> Database:
        """The database the settings point at."""
        return cls.from_url(settings.resolved_database_url, **engine_options)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back when it raises."""
        with self.sessions.begin() as session:
            yield session

    @property
    def pool_size(self) -> int:
        """How many connections the pool keeps open: what may work on the database at once without
        opening a connection only to close it again after (at least 1)."""
        size = getattr(self.engine.pool, "size", None)
        return max(size(), 1) if callable(size) else 1

    @property
    def direct_reads_url(self) -> str | None:
        """A libpq connection URL for reads outside SQLAlchemy sessions on the same database (app_api's
        async reads), or None: on SQLite, and when the sessions are bound to one connection rather than
        the engine (tests whose work is rolled back: another connection would not see it)."""
        bind = self.sessions.kw.get("bind")
        if not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
            return None
        return bind.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
