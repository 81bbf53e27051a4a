"""`loonbrug meldingen` end to end: a real uvicorn server on loopback, SQLite, the real missing-data check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gateway.cli import notifications as command
from gateway.cli.main import main
from gateway.security import keyring as keyrings
from gateway.settings import get_settings
from gateway.store import agencies, enrollments, municipalities, workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.notifications import MissingReason
from tests.cli import test_agency_and_push as push_tests
from tests.ingest.meldingen import run_check

# The push command's fixtures: a migrated SQLite data folder and the agency API served from it.
data_dir = push_tests.data_dir
server = push_tests.server

BSN = "999900006"


def _enrol_and_check(client_id: str) -> None:
    """Enrol a worker with the agency from 2026-01-01, then run the weekly check of 2026-03-16."""
    settings = get_settings()
    database = Database.from_settings(settings)
    sealer = Sealer(keyrings.load_for(settings))
    with database.transaction() as session:
        agency = agencies.by_client_id(session=session, client_id=client_id)
        assert agency is not None
        municipality = municipalities.create(session=session, cbs_code="GM9998", name="Meldgemeente")
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            bsn=BSN,
            name="Test Persoon",
            birth_date=dt.date(1990, 1, 1),
        )
        enrollments.enroll(
            session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2026, 1, 1)
        )
    run_check(database.sessions, sealer)
    database.dispose()


def test_the_agency_lists_its_notifications_then_reads_one(
    server: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Meldbureau", "--client-id", "meld-1"]) == 0
    assert main(["meldingen"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "geen meldingen"
    _enrol_and_check("meld-1")

    assert main(["meldingen"]) == 0
    listed = capsys.readouterr().out.splitlines()
    notification_id = listed[0].split()[0]
    assert main(["meldingen", notification_id, "--client-id", "meld-1"]) == 0
    shown = capsys.readouterr().out.splitlines()

    assert listed == [f"{notification_id}  week 2026-W12  1 werkende, 9 tijdvakken", "1 melding"]
    assert shown[0] == f"melding {notification_id}, week 2026-W12: 1 werkende, 9 ontbrekende tijdvakken"
    assert shown[1] == f"  {BSN}  2026-01-01 t/m 2026-01-04  geen loonstrook ontvangen"
    assert shown[-1] == f"  {BSN}  2026-02-23 t/m 2026-03-01  geen loonstrook ontvangen"
    assert len(shown) == 10

    assert main(["meldingen", "--json"]) == 0
    [summary] = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("id", "week", "workerCount", "periodCount")} == {
        "id": notification_id,
        "week": "2026-W12",
        "workerCount": 1,
        "periodCount": 9,
    }
    assert main(["meldingen", notification_id, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["id"] == notification_id
    assert [period["bsn"] for period in document["missingPeriods"]] == [BSN] * 9


def test_an_unknown_notification_exits_two(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agency", "create", "Meldbureau", "--client-id", "meld-2"]) == 0
    capsys.readouterr()

    assert main(["meldingen", "00000000-0000-4000-8000-000000000000"]) == 2
    assert "(404)" in capsys.readouterr().err


def test_without_a_key_the_command_does_not_start(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["meldingen", "--client-id", "onbekend"]) == 2
    assert "kan niet beginnen" in capsys.readouterr().err


def test_every_reason_has_a_text() -> None:
    assert set(command.REASONS) == set(MissingReason)
