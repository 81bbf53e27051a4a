"""The app API answers a briefly unavailable database with 503 and `Retry-After`, never 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from gateway.cli.token import make_token
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api import world as worlds
from tests.app_api.conftest import bearer
from tests.sqlite_lock import impatient, write_lock_held


def test_a_locked_sqlite_database_answers_503_with_retry_after(
    committed_database: Database,
    db_kind: str,
    sealer: Sealer,
    keyring: Keyring,
    settings: Settings,
    api_settings: AppApiSettings,
) -> None:
    if db_kind != "sqlite":
        pytest.skip("'database is locked' is SQLite's; PostgreSQL waits for row locks instead")
    with committed_database.sessions() as session:
        world = worlds.build(session, sealer)
    with impatient(committed_database) as database:
        app = create_app(
            settings=settings,
            api_settings=api_settings,
            database=database,
            keyring=keyring,
            clock=lambda: worlds.NOW,
        )
        with TestClient(app, raise_server_exceptions=False) as client:
            issuer = app.state.context.dev_issuer
            tokens = {
                "worker": make_token(
                    issuer=issuer, database=database, sealer=sealer, role=Role.WORKER, who=world.worker.id
                ),
                "consultant": make_token(
                    issuer=issuer,
                    database=database,
                    sealer=sealer,
                    role=Role.CONSULTANT,
                    who=world.consultant.subject,
                ),
            }
            reads = {"worker": "/v1/mij/weken", "consultant": f"/v1/werkenden/{world.worker.id}/maanden"}
            for who, path in reads.items():
                assert client.get(path, headers=bearer(tokens[who])).status_code == 200

                with write_lock_held(database):
                    refused = client.get(path, headers=bearer(tokens[who]))

                assert refused.status_code == 503, (who, refused.text)
                assert refused.headers["content-type"] == "application/problem+json"
                assert int(refused.headers["retry-after"]) >= 1
