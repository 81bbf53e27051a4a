"""The municipality that manages an agency: the repository, and the migration that added it."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from gateway.store import agencies, migrate
from gateway.store.db import create_db_engine
from tests.factories import make_agency, make_municipality
from tests.store.test_migrations import scratch_url  # noqa: F401  (a fixture: a fresh database of this kind)

BEFORE = "20261122_flextensie"
REVISION = "20261122_agency_manager"
AGENCY_ID = "0192f000-0000-7000-8000-000000000001"
KEY_ID = "0192f000-0000-7000-8000-000000000002"


def test_only_the_managing_municipality_gets_the_agency(session: Session) -> None:
    north, south = make_municipality(session), make_municipality(session)
    managed = make_agency(session, municipality=north)
    platform = make_agency(session)

    assert agencies.managed_by(session=session, agency_id=managed.id, municipality_id=north.id) is managed
    assert agencies.managed_by(session=session, agency_id=managed.id, municipality_id=south.id) is None
    assert agencies.managed_by(session=session, agency_id=platform.id, municipality_id=north.id) is None
    assert platform.managed_by_municipality_id is None
    # Enrolment and ingestion look agencies up whoever manages them.
    assert agencies.get(session=session, agency_id=managed.id) is managed

    agencies.set_manager(session=session, agency=platform, municipality_id=south.id)
    assert agencies.managed_by(session=session, agency_id=platform.id, municipality_id=south.id) is platform
    agencies.set_manager(session=session, agency=platform, municipality_id=None)
    assert agencies.managed_by(session=session, agency_id=platform.id, municipality_id=south.id) is None


def _agency_schema(url: str) -> tuple[set[str], set[str | None], set[str | None]]:
    engine = create_db_engine(url)
    try:
        inspector = inspect(engine)
        columns = {column["name"] for column in inspector.get_columns("agency")}
        foreign_keys = {key["name"] for key in inspector.get_foreign_keys("agency")}
        indexes = {index["name"] for index in inspector.get_indexes("agency")}
        return columns, foreign_keys, indexes
    finally:
        engine.dispose()


def _rows(url: str, query: str) -> list[tuple[object, ...]]:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


def test_the_migration_keeps_existing_agencies_platform_managed_and_reverses(
    scratch_url: str,  # noqa: F811
) -> None:
    migrate.upgrade(scratch_url, BEFORE)
    engine = create_db_engine(scratch_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO agency (id, name, client_id, created_at)"
                " VALUES (:id, 'Bestaand Bureau', 'bestaand', CURRENT_TIMESTAMP)"
            ),
            {"id": AGENCY_ID},
        )
        connection.execute(
            text(
                "INSERT INTO agency_key (id, agency_id, kid, public_jwk, alg, created_at)"
                " VALUES (:key, :id, 'k1', '{}', 'ES256', CURRENT_TIMESTAMP)"
            ),
            {"key": KEY_ID, "id": AGENCY_ID},
        )
    engine.dispose()

    migrate.upgrade(scratch_url, REVISION)
    columns, foreign_keys, indexes = _agency_schema(scratch_url)
    assert "managed_by_municipality_id" in columns
    assert "fk_agency_managed_by_municipality_id_municipality" in foreign_keys
    assert "ix_agency_managed_by_municipality_id" in indexes
    assert _rows(scratch_url, "SELECT id, managed_by_municipality_id FROM agency") == [(AGENCY_ID, None)]

    migrate.downgrade(scratch_url, BEFORE)
    columns, foreign_keys, indexes = _agency_schema(scratch_url)
    assert "managed_by_municipality_id" not in columns
    assert foreign_keys == set()
    assert "ix_agency_managed_by_municipality_id" not in indexes
    assert _rows(scratch_url, "SELECT id, client_id FROM agency") == [(AGENCY_ID, "bestaand")]
    assert _rows(scratch_url, "SELECT agency_id, kid FROM agency_key") == [(AGENCY_ID, "k1")]

    migrate.upgrade(scratch_url)
    assert migrate.current(scratch_url) == migrate.head()


def test_there_is_one_head() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1, heads
