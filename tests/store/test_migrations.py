"""Migrations: up from empty, down to base, up again; the migrated schema equals the models."""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, make_url, text
from sqlalchemy.exc import DBAPIError

import gateway.store.models  # noqa: F401  (registers every table on Base.metadata, also when run alone)
from gateway.store import migrate
from gateway.store.base import Base
from gateway.store.db import create_db_engine

APPEND_ONLY_TABLES = {
    "pay_record",
    "advance",
    "audit_event",
    "case_end",
    "bufferbudget_decision",
    "parameter_proposal",
    "parameter_confirmation",
    "business_document",
    "submission",
}
KEPT_TABLES = {"agency", "worker"}
"""Rows never deleted (append_only.keep_rows): one trigger on SQLite, two (DELETE, TRUNCATE) on PostgreSQL."""


@pytest.fixture
def scratch_url(database_url: str, db_kind: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind: a new SQLite file, or a fresh schema on PostgreSQL."""
    if db_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    schema = f"scratch_{secrets.token_hex(4)}"
    admin = create_db_engine(database_url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _tables(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _trigger_count(url: str, db_kind: str) -> int:
    engine = create_db_engine(url)
    query = (
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        if db_kind == "sqlite"
        else "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
    )
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(scratch_url: str, db_kind: str) -> None:
    model_tables = set(Base.metadata.tables)
    assert migrate.current(scratch_url) is None
    migrate.upgrade(scratch_url)
    assert migrate.current(scratch_url) == migrate.head()
    assert _tables(scratch_url) == model_tables | {"alembic_version"}
    kept = len(KEPT_TABLES) * (1 if db_kind == "sqlite" else 2)
    assert _trigger_count(scratch_url, db_kind) == 2 * len(APPEND_ONLY_TABLES) + kept

    migrate.downgrade(scratch_url, "base")
    assert migrate.current(scratch_url) is None
    assert _tables(scratch_url) == {"alembic_version"}
    assert _trigger_count(scratch_url, db_kind) == 0

    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == model_tables | {"alembic_version"}


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_every_constraint_and_index_is_named_by_convention() -> None:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            assert str(constraint.name).startswith(("pk_", "fk_", "uq_", "ck_")), constraint
        for index in table.indexes:
            assert str(index.name).startswith("ix_"), index
            assert len(str(index.name)) <= 63


def test_the_offline_migration_script_builds_the_same_schema_with_working_guards(
    scratch_url: str, db_kind: str
) -> None:
    """`alembic upgrade head --sql` writes a script a database administrator can review and run: run here
    on an empty schema, it gives the models' schema, and a trigger's refusal reads as it does online (a
    "%" doubled in the script made the message's placeholders fail)."""
    if db_kind != "postgresql":
        pytest.skip("the offline script is written for PostgreSQL; SQLite is migrated by the program")
    config = migrate.alembic_config(scratch_url)
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    script = config.output_buffer.getvalue()
    assert "%%" not in script
    assert migrate.current(scratch_url) is None  # writing the script ran nothing

    engine = create_db_engine(scratch_url)
    try:
        with engine.connect() as connection:
            connection.connection.driver_connection.execute(script)  # type: ignore[union-attr]
        assert migrate.current(scratch_url) == migrate.head()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO agency (id, name, client_id, created_at, kind)"
                    " VALUES ('a1', 'Uitzendbureau Test', 'client-test', now(), 'agency')"
                )
            )
        with (
            pytest.raises(DBAPIError, match="loonbrug: DELETE op agency geweigerd"),
            engine.begin() as connection,
        ):
            connection.execute(text("DELETE FROM agency"))
    finally:
        engine.dispose()
