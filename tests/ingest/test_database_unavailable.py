"""A database that is briefly unavailable gives 503 with `Retry-After`, never a 500 or a false 201; the
same request sent again afterwards is stored once. (Connections cut on PostgreSQL:
tests/connectors/test_push_faults.py.)"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest.conftest import ISSUER, make_agent
from tests.ingest.kit import access_token, batch_payload, push, record, seal, stored_counts
from tests.sqlite_lock import impatient, write_lock_held


def test_a_locked_sqlite_database_answers_503_with_retry_after_and_the_retry_stores_once(
    committed_database: Database, db_kind: str, sealer: Sealer, gateway_keys: GatewayKeys
) -> None:
    if db_kind != "sqlite":
        pytest.skip("'database is locked' is SQLite's; PostgreSQL waits for row locks instead")
    config = IngestConfig(issuer=ISSUER)
    with committed_database.transaction() as session:
        agent = make_agent(session, sealer)
    with impatient(committed_database) as database:
        app = create_app(database=database, sealer=sealer, keys=gateway_keys, config=config)
        with TestClient(app, base_url=ISSUER, raise_server_exceptions=False) as client:
            token = access_token(client, agent, config)
            records = [record("LS-1"), record("LS-2", bsn="999900018")]
            envelope = seal(batch_payload(records), agent, gateway_keys)

            with write_lock_held(database):
                refused = push(client, token, envelope, key="key-locked-1")

            assert refused.status_code == 503
            assert refused.headers["content-type"] == "application/problem+json"
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.json()["code"] == "database_unavailable"

            retried = push(client, token, envelope, key="key-locked-1")
            assert retried.status_code == 201, retried.text
            assert retried.json()["counts"]["stored"] == 2
            with database.sessions() as session:
                assert stored_counts(session, agent) == (1, 2)
