"""Shared fixtures for every Loonbrug test.

Database: PostgreSQL when LOONBRUG_TEST_DATABASE_URL is set (its public schema is dropped and rebuilt
by the migrations once per run), else a fresh SQLite file. Each test gets a `session` inside a
transaction that is rolled back afterwards; code that commits through `session_factory` or `database`
only releases a savepoint, so nothing leaks between tests. Tests that need data committed for other
connections use `committed_database` instead, which empties every table afterwards (do not combine it
with `session` in one test on SQLite: the open test transaction would hold the write lock).
Tests marked `postgres_only` are skipped on SQLite. Factories for test data are in tests/factories.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from gateway.security import keyring as keyrings
from gateway.security.keyring import Keyring
from gateway.store import migrate
from gateway.store.base import Base
from gateway.store.db import Database, create_db_engine
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.sealing import Sealer

TEST_DATABASE_URL_VARIABLE = "LOONBRUG_TEST_DATABASE_URL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `postgres_only` tests when the run is on SQLite."""
    if os.environ.get(TEST_DATABASE_URL_VARIABLE):
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL ({TEST_DATABASE_URL_VARIABLE})")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of the test database: LOONBRUG_TEST_DATABASE_URL, else a temporary SQLite file."""
    configured = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if configured:
        return configured
    return f"sqlite:///{tmp_path_factory.mktemp('database') / 'loonbrug-test.sqlite3'}"


@pytest.fixture(scope="session")
def db_kind(database_url: str) -> str:
    """'sqlite' or 'postgresql'."""
    return make_url(database_url).get_backend_name()


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    """The test database, emptied (PostgreSQL) and migrated to the newest schema; yields its URL."""
    migrate.rebuild(database_url)
    return database_url


@pytest.fixture(scope="session")
def engine(migrated_database: str) -> Iterator[Engine]:
    """An engine on the migrated test database."""
    engine = create_db_engine(migrated_database)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back when the test ends."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions on the test's connection; their commits become savepoints inside the test transaction."""
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work disappears when the test ends."""
    with session_factory() as session:
        yield session


@pytest.fixture
def database(engine: Engine, session_factory: sessionmaker[Session]) -> Database:
    """A Database for code under test (e.g. an ASGI app); its sessions roll back with the test."""
    return Database(engine=engine, sessions=session_factory)


def _empty_all_tables(engine: Engine) -> None:
    with Session(engine) as session, session.begin(), maintenance(session, MaintenanceMode.PURGE):
        tables = list(reversed(Base.metadata.sorted_tables))
        if engine.dialect.name == "postgresql":
            session.execute(text("TRUNCATE " + ", ".join(table.name for table in tables)))
        else:
            for table in tables:
                session.execute(table.delete())


@pytest.fixture
def committed_database(engine: Engine) -> Iterator[Database]:
    """A Database whose commits are real (visible to other connections); every table is emptied after."""
    database = Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
    try:
        yield database
    finally:
        _empty_all_tables(engine)


@pytest.fixture
def key_dir(tmp_path: Path) -> Path:
    """An empty folder for key material."""
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def keyring(key_dir: Path) -> Keyring:
    """A freshly generated keyring, saved in `key_dir` and read back from there."""
    path = key_dir / keyrings.KEYRING_FILE
    keyrings.save(keyrings.generate(), path)
    return keyrings.load(path)


@pytest.fixture
def sealer(keyring: Keyring) -> Sealer:
    """Field encryption with the test keyring."""
    return Sealer(keyring)
