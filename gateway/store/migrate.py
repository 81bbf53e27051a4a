"""Run the Alembic migrations shipped inside the package, against a URL or an open connection."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from gateway.store.db import create_db_engine, ensure_sqlite_folder, normalise_url


def alembic_config(url: str | None = None, *, connection: Connection | None = None) -> Config:
    """The Alembic configuration of the installed package, aimed at `url` or at `connection`."""
    ini = Path(str(resources.files("gateway.store").joinpath("alembic.ini")))
    config = Config(str(ini))
    config.set_main_option("script_location", str(ini.parent / "migrations"))
    if url is not None:
        # ConfigParser treats '%' as interpolation; a URL-encoded password must survive.
        rendered = normalise_url(url).render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (default: the newest)."""
    ensure_sqlite_folder(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Migrate the database at `url` down to `revision` (`base` removes every table)."""
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The revision the database at `url` is at, or None when it was never migrated."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str | None:
    """The newest revision shipped with this version of Loonbrug."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def rebuild(url: str) -> None:
    """Throw away every table and migrate anew: for the test suite and the benchmarks, never production.

    On PostgreSQL the database is created when missing and its public schema dropped (this also removes
    the append-only triggers' tables, which refuse DELETE); an SQLite file is simply migrated.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "postgresql":
        admin = create_db_engine(parsed.set(database="postgres"))
        try:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                exists = connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
                ).first()
                if exists is None:
                    connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        finally:
            admin.dispose()
        engine = create_db_engine(parsed)
        try:
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        finally:
            engine.dispose()
    upgrade(url)
