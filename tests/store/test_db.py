"""Engine set-up, timestamps and ids."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from gateway.store.base import new_id
from gateway.store.db import Database, create_db_engine, normalise_url
from gateway.store.models import OutboxEvent


def test_sqlite_connections_are_configured(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'nested' / 'folder' / 'db.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert (tmp_path / "nested" / "folder" / "db.sqlite3").exists()
    finally:
        engine.dispose()


def test_sqlite_savepoints_work(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with database.engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        with database.transaction() as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            savepoint = session.begin_nested()
            session.execute(text("INSERT INTO t VALUES (2)"))
            savepoint.rollback()
        with database.sessions() as session:
            assert session.execute(text("SELECT x FROM t")).scalars().all() == [1]
    finally:
        database.dispose()


def test_plain_postgresql_urls_get_psycopg3() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"
    with pytest.raises(ValueError, match="SQLite and PostgreSQL only"):
        create_db_engine("mysql://u@h/db")


def test_timestamps_come_back_aware_and_in_utc(session: Session) -> None:
    amsterdam = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=amsterdam)
    event = OutboxEvent(topic="test", payload={}, created_at=moment, available_at=moment)
    session.add(event)
    session.flush()
    session.expire_all()
    stored = session.scalars(select(OutboxEvent).where(OutboxEvent.id == event.id)).one()
    assert stored.created_at == moment
    assert stored.created_at.tzinfo == dt.UTC


def test_naive_timestamps_are_refused(session: Session) -> None:
    session.add(OutboxEvent(topic="test", payload={}, created_at=dt.datetime(2026, 1, 1), available_at=None))
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_ids_are_uuid7_in_creation_order() -> None:
    ids = [new_id() for _ in range(200)]
    parsed = [uuid.UUID(value) for value in ids]
    assert all(value.version == 7 and value.variant == uuid.RFC_4122 for value in parsed)
    assert len(set(ids)) == 200
    assert ids == sorted(ids)


def test_engine_fixture_points_at_the_kind_under_test(engine: Engine, db_kind: str) -> None:
    assert engine.dialect.name == db_kind
