"""Alembic environment: migrates the database of the settings, or a connection handed in by the caller.

SQLite runs in batch mode (it cannot ALTER most things in place) with foreign keys switched off while
tables are copied, and checked afterwards.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text

from gateway.settings import Settings
from gateway.store.db import create_db_engine
from gateway.store.models import Base

config = context.config
target_metadata = Base.metadata

if config.cmd_opts is not None and config.config_file_name is not None:
    # Only the alembic command line configures logging; `loonbrug db` and tests keep their own.
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    # The pragma is ignored inside a transaction, so it goes straight to the driver after a commit.
    connection.commit()
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds tables; with foreign keys on, dropping the old copy would cascade or fail.
        _sqlite_foreign_keys(connection, on=False)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} rows with broken foreign keys")
    finally:
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


def run_migrations_offline() -> None:
    """Write the SQL to stdout instead of running it (`alembic upgrade head --sql`)."""
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        # With psycopg's own paramstyle (pyformat) the script would double every "%": the trigger
        # functions' RAISE messages would then have no placeholder left for their parameters, and
        # PostgreSQL refuses such a function ("too many parameters specified for RAISE"). A named
        # paramstyle leaves "%" alone.
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a live connection."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_db_engine(_database_url())
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
            new_connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
