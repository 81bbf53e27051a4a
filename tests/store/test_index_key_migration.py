"""The migration to rotatable index and digest keys on a database with rows: every existing index gets
the key id of keyring format 1's installation-wide key, stays readable, and `reindex` moves it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from gateway.security import keyring as keyrings
from gateway.security.field_crypto import associated_data
from gateway.security.keyring import LEGACY_INDEX_KID, Keyring
from gateway.store import migrate, reindex, workers
from gateway.store.db import create_db_engine
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from tests.factories import TEST_BSNS
from tests.store.test_migrations import scratch_url  # noqa: F401  (the fixture: an empty database)

BEFORE = "20261206_parameter_values"
INDEX_KEY = b"i" * 32


def _format_1_keyring() -> Keyring:
    fields = keyrings.generate()
    return keyrings.from_json(
        json.dumps(
            {
                "format": "loonbrug-keyring/1",
                "active_field_key": fields.active_kid,
                "field_keys": [
                    {"kid": kid, "key": keyrings._b64(key)} for kid, key in fields.field_keys.items()
                ],
                "blind_index_key": keyrings._b64(INDEX_KEY),
                "digest_key": keyrings._b64(b"d" * 32),
            }
        )
    )


def test_existing_indexes_are_migrated_readable_and_reindexed(scratch_url: str) -> None:  # noqa: F811
    keyring = _format_1_keyring()
    migrate.upgrade(scratch_url, BEFORE)
    engine = create_db_engine(scratch_url)
    municipality_id, worker_id = str(uuid.uuid4()), str(uuid.uuid4())
    legacy_index = hmac.new(INDEX_KEY, b"bsn\x1f" + TEST_BSNS[0].encode(), hashlib.sha256).hexdigest()

    def sealed(column: str, value: str) -> str:
        return keyring.seal(
            value.encode(), aad=associated_data(table="worker", column=column, row_id=worker_id)
        )

    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO municipality (id, cbs_code, name, policy, created_at)"
                " VALUES (:id, 'GM9001', 'Oude gemeente', '{}', :now)"
            ),
            {"id": municipality_id, "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO worker (id, municipality_id, bsn_encrypted, bsn_index, name_encrypted,"
                " birth_date_encrypted, created_at) VALUES (:id, :m, :bsn, :index, :name, :born, :now)"
            ),
            {
                "id": worker_id,
                "m": municipality_id,
                "bsn": sealed("bsn_encrypted", TEST_BSNS[0]),
                "index": legacy_index,
                "name": sealed("name_encrypted", "Jan Testpersoon"),
                "born": sealed("birth_date_encrypted", "1990-05-17"),
                "now": now,
            },
        )
    engine.dispose()

    migrate.upgrade(scratch_url)

    engine = create_db_engine(scratch_url)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    sealer = Sealer(keyring)
    try:
        with sessions() as session:
            worker = session.get(Worker, worker_id)
            assert worker is not None
            assert (worker.bsn_index_kid, worker.bsn_index) == (LEGACY_INDEX_KID, legacy_index)
            found = workers.find_by_bsn(
                session=session, sealer=sealer, municipality_id=municipality_id, bsn=TEST_BSNS[0]
            )
            assert found is not None
            assert found.id == worker_id
        assert reindex.reindex_all(sessions=sessions, sealer=sealer) == 1
        retired = Sealer(keyring.retired())
        with sessions() as session:
            worker = session.get(Worker, worker_id)
            assert worker is not None
            assert worker.bsn_index_kid == keyring.active_index_kid
            assert worker.bsn_index != legacy_index
            found = workers.find_by_bsn(
                session=session, sealer=retired, municipality_id=municipality_id, bsn=TEST_BSNS[0]
            )
            assert found is not None
            assert found.id == worker_id
    finally:
        engine.dispose()
