"""`loonbrug token` and `loonbrug audit verify`, run as the command line runs them (committed data)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text

from app_api.app import create_app
from app_api.config import AppApiSettings
from gateway.cli.main import main
from gateway.security.keyring import Keyring
from gateway.settings import Settings, get_settings
from gateway.store import audit
from gateway.store.db import Database
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.models import AuditEvent
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.conftest import bearer
from tests.factories import TEST_BSNS

APP_URL = "http://testserver"


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key_dir: Path, migrated_database: str, keyring: Keyring
) -> Iterator[Settings]:
    """The `LOONBRUG_*` environment of the command: the test database and the test key folder."""
    for name, value in {
        "LOONBRUG_DATA_DIR": str(tmp_path),
        "LOONBRUG_KEY_DIR": str(key_dir),
        "LOONBRUG_DATABASE_URL": migrated_database,
        "LOONBRUG_APP_URL": APP_URL,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    claims: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


def test_tokens_for_a_worker_and_for_staff(
    environment: Settings,
    committed_database: Database,
    keyring: Keyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sealer = Sealer(keyring)
    with committed_database.transaction() as session:
        municipality = factories.make_municipality(session)
        member = factories.make_staff(session, municipality=municipality, roles=("consultant",))
        worker = factories.make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0])
        cbs, subject, worker_id = municipality.cbs_code, member.subject, worker.id

    assert main(["token", "--worker", TEST_BSNS[0]]) == 0
    by_bsn = capsys.readouterr().out.strip()
    assert main(["token", "--worker", worker_id, "--minutes", "5"]) == 0
    by_id = capsys.readouterr().out.strip()
    assert (_claims(by_id)["sub"], _claims(by_id)["gemeente"]) == (worker_id, cbs)
    assert int(_claims(by_id)["exp"]) - int(_claims(by_id)["iat"]) == 300  # type: ignore[call-overload]

    assert main(["token", "--consultant", subject]) == 0
    staff_token = capsys.readouterr().out.strip()
    assert (_claims(staff_token)["roles"], _claims(staff_token)["gemeente"]) == (["consultant"], cbs)

    assert main(["token", "--team-lead", subject]) == 1
    refused = capsys.readouterr()
    assert (refused.out, "team_lead" in refused.err) == ("", True)
    assert main(["token", "--worker", TEST_BSNS[1]]) == 1
    unknown = capsys.readouterr()
    assert TEST_BSNS[1] not in unknown.err + unknown.out

    app = create_app(
        settings=environment,
        api_settings=AppApiSettings(issuers=[]),
        database=committed_database,
        keyring=keyring,
    )
    with TestClient(app) as client:
        for token in (by_bsn, by_id):
            assert client.get("/v1/mij/uitzendbureaus", headers=bearer(token)).status_code == 200
        assert client.get(f"/v1/werkenden/{worker_id}", headers=bearer(staff_token)).status_code == 200


def test_no_token_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {
        "LOONBRUG_ENVIRONMENT": "production",
        "LOONBRUG_DEV_ISSUER": "false",
        "LOONBRUG_DEV_KEYS": "false",
        "LOONBRUG_DATABASE_URL": "postgresql://loonbrug@db.example/loonbrug",
        "LOONBRUG_DATA_DIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        assert main(["token", "--worker", TEST_BSNS[0]]) == 2
    finally:
        get_settings.cache_clear()
    output = capsys.readouterr()
    assert output.out == ""
    assert "geweigerd" in output.err


def _append_events(database: Database, count: int) -> None:
    with database.transaction() as session:
        for number in range(count):
            audit.append(
                session=session,
                actor=f"staff:test-{number}",
                actor_role="consultant",
                action="weeks.list",
                purpose="maandverrekening",
                result="success",
            )


def test_audit_verify_finds_the_first_removed_event(
    environment: Settings, committed_database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _append_events(committed_database, 4)
    assert main(["audit", "verify"]) == 0
    assert "intact: 4 gebeurtenissen" in capsys.readouterr().out
    with committed_database.transaction() as session, maintenance(session, MaintenanceMode.PURGE):
        session.execute(delete(AuditEvent).where(AuditEvent.sequence == 3))
    assert main(["audit", "verify"]) == 1
    output = capsys.readouterr().out
    assert "GEBROKEN bij gebeurtenis 4" in output
    assert "2 gebeurtenissen ervoor kloppen" in output


@pytest.mark.postgres_only
def test_audit_verify_finds_the_first_altered_event(
    environment: Settings, committed_database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _append_events(committed_database, 4)
    with committed_database.transaction() as session:
        # Only a database owner can get past the append-only trigger; that is whom the chain guards against.
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
        session.execute(text("UPDATE audit_event SET purpose = 'iets-anders' WHERE sequence = 2"))
        session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
    assert main(["audit", "verify"]) == 1
    output = capsys.readouterr().out
    assert "GEBROKEN bij gebeurtenis 2" in output
    assert "de inhoud van de gebeurtenis is gewijzigd" in output
    with committed_database.sessions() as session:
        assert session.scalar(select(AuditEvent.purpose).where(AuditEvent.sequence == 2)) == "iets-anders"


def test_admin_sets_up_a_municipality_its_staff_and_policy(
    environment: Settings, committed_database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "municipality", "add", "--cbs-code", "GM9123", "--name", "Proefgemeente"]) == 0
    municipality_id = capsys.readouterr().out.strip()
    assert main(["admin", "municipality", "add", "--cbs-code", "GM9123", "--name", "Nog een"]) == 1
    capsys.readouterr()
    command = [
        "admin",
        "staff",
        "add",
        "--municipality",
        "GM9123",
        "--subject",
        "beheer-1",
        "--name",
        "Beheer",
    ]
    assert main([*command, "--role", "admin", "--role", "auditor"]) == 0
    capsys.readouterr()
    assert main(["token", "--admin", "beheer-1"]) == 0
    assert _claims(capsys.readouterr().out.strip())["gemeente"] == "GM9123"

    assert (
        main(["admin", "policy", "set", "--municipality", "GM9123", "fourEyes=false", "attribution=pay_date"])
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert (shown["policy"]["fourEyes"], shown["policy"]["attribution"]) == (False, "pay_date")
    assert shown["chosen"] == ["attribution", "fourEyes"]
    assert main(["admin", "policy", "set", "--municipality", "GM9123", "payoutDay=31"]) == 1
    assert "geweigerd" in capsys.readouterr().err
    assert main(["admin", "policy", "show", "--municipality", "GM9999"]) == 1
    capsys.readouterr()

    with committed_database.sessions() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)))
        assert [(event.action, event.municipality_id) for event in events] == [
            ("municipality.create", municipality_id),
            ("staff.create", municipality_id),
            ("policy.change", municipality_id),
        ]
        assert all(event.actor.startswith("cli:") for event in events)
        assert audit.verify(session=session).intact
