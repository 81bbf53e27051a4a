"""Which database errors count as transient (503, retry) and which stay faults (500): real errors only."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, TimeoutError
from sqlalchemy.pool import QueuePool

from gateway.store.transient import is_transient


def _error_of(engine: Engine, statement: str) -> DBAPIError:
    with engine.connect() as connection, pytest.raises(DBAPIError) as raised:
        connection.execute(text(statement))
    return raised.value


def test_mistakes_in_a_statement_are_not_transient(engine: Engine) -> None:
    assert not is_transient(_error_of(engine, "SELECT * FROM no_such_table"))
    assert not is_transient(_error_of(engine, "SELEC 1"))


def test_a_refused_row_is_not_transient(engine: Engine) -> None:
    with engine.connect() as connection, connection.begin():
        connection.execute(text("CREATE TEMPORARY TABLE t_transient (id INTEGER PRIMARY KEY)"))
        connection.execute(text("INSERT INTO t_transient VALUES (1)"))
        with pytest.raises(DBAPIError) as raised:
            connection.execute(text("INSERT INTO t_transient VALUES (1)"))
        assert not is_transient(raised.value)


def test_no_free_connection_in_the_pool_is_transient(database_url: str) -> None:
    engine = create_engine(database_url, poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=0.1)
    try:
        with engine.connect(), pytest.raises(TimeoutError) as raised:
            engine.connect()
        assert is_transient(raised.value)
    finally:
        engine.dispose()


def test_a_transient_error_raised_from_counts_too() -> None:
    class Wrapped(Exception):
        pass

    wrapped = Wrapped()
    wrapped.__cause__ = TimeoutError("pool")

    assert is_transient(wrapped)
    assert not is_transient(Wrapped())


@pytest.mark.postgres_only
def test_a_connection_terminated_by_the_server_is_transient(engine: Engine) -> None:
    with engine.connect() as victim:
        pid = victim.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with engine.connect() as killer:
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(DBAPIError) as raised:
            victim.execute(text("SELECT 1"))
    assert raised.value.connection_invalidated
    assert is_transient(raised.value)


@pytest.mark.postgres_only
def test_a_nul_character_on_postgresql_is_not_transient(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(DBAPIError) as raised:
        connection.execute(text("SELECT :value"), {"value": "a\x00b"})
    assert not is_transient(raised.value)
