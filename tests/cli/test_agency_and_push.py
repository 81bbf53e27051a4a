"""`loonbrug agency create` and `loonbrug push` end to end: a real uvicorn server on loopback, SQLite."""

from __future__ import annotations

import datetime as dt
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from connectors.key_files import key_path
from gateway.cli import push as push_command
from gateway.cli.main import main
from gateway.ingest.app import create_app
from gateway.security import keyring as keyrings
from gateway.settings import get_settings
from gateway.store import agencies, enrollments, migrate, municipalities, workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.problems import InvalidParam
from schemas.receipt import Outcome, Receipt, ReceiptCounts, RecordOutcome
from tests.ingest.kit import record


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A migrated SQLite data folder and a free loopback port in LOONBRUG_GATEWAY_URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path / "data"
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(folder))
    monkeypatch.setenv("LOONBRUG_GATEWAY_URL", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("LOONBRUG_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOONBRUG_KEY_DIR", raising=False)
    get_settings.cache_clear()
    migrate.upgrade(get_settings().resolved_database_url)
    yield folder
    get_settings.cache_clear()


@pytest.fixture
def server(data_dir: Path) -> Iterator[str]:
    """The agency API served by uvicorn on the configured port."""
    settings = get_settings()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=int(settings.gateway_url.rsplit(":", 1)[1]),
        log_level="warning",
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield settings.gateway_url
    running.should_exit = True
    thread.join(timeout=10)


def _enrol(client_id: str, bsn: str) -> None:
    settings = get_settings()
    database = Database.from_settings(settings)
    sealer = Sealer(keyrings.load_for(settings))
    with database.transaction() as session:
        agency = agencies.by_client_id(session=session, client_id=client_id)
        assert agency is not None
        municipality = municipalities.create(session=session, cbs_code="GM9999", name="Proefgemeente")
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            bsn=bsn,
            name="Test Persoon",
            birth_date=dt.date(1990, 1, 1),
        )
        enrollments.enroll(
            session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2026, 1, 1)
        )
    database.dispose()


def test_create_an_agency_then_push_a_file(
    server: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Flex & Co B.V."]) == 0
    client_id = capsys.readouterr().out.strip()
    assert client_id.startswith("flex-co-b-v-")
    assert oct(key_path(get_settings(), client_id).stat().st_mode)[-3:] == "600"
    _enrol(client_id, "999900006")
    records = [record(f"LS-{i}", week_start=dt.date(2026, 1, 5) + dt.timedelta(weeks=i)) for i in range(5)]
    records.append(record("LS-X", bsn="999900018"))
    file = tmp_path / "loonstroken.json"
    file.write_text(json.dumps(records))

    code = main(["push", str(file), "--batch-size", "2"])

    out, err = capsys.readouterr()
    assert code == 1
    assert "6 loonstroken in 3 berichten: 5 opgeslagen (waarvan 0 correcties), 0 dubbel, 1 geweigerd" in out
    assert "loonstrook 6 (LS-X) geweigerd: bsn:" in out
    assert err == "", "no progress bar when stderr is not a terminal"
    assert "999900018" not in out + err

    # Running the same file again is safe: the same Idempotency-Keys give back the stored receipts, and
    # the summary says that what the first run stored is now a duplicate.
    assert main(["push", str(file), "--batch-size", "2"]) == 1
    again = capsys.readouterr().out
    assert "6 loonstroken in 3 berichten: 0 opgeslagen (waarvan 0 correcties), 5 dubbel, 1 geweigerd" in again
    assert again.splitlines()[-3:] == out.splitlines()[-3:], "the same submissions are named"

    assert main(["push", str(file), "--batch-size", "2", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {k: report[k] for k in ("messages", "received", "stored", "duplicates", "refused")} == {
        "messages": 3,
        "received": 6,
        "stored": 0,
        "duplicates": 5,
        "refused": 1,
    }
    assert report["submissions"] == [line.split()[-1] for line in out.splitlines()[-3:]]
    [refusal] = report["refusedRecords"]
    assert (refusal["index"], refusal["recordId"]) == (5, "LS-X")
    assert refusal["problems"][0]["name"].startswith("records[1].bsn")


def test_a_push_with_only_good_records_exits_zero(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Payroll", "--client-id", "payroll-1"]) == 0
    _enrol("payroll-1", "999900031")
    file = tmp_path / "batch.json"
    file.write_text(json.dumps({"messageId": "genegeerd", "records": [record("A-1", bsn="999900031")]}))

    assert main(["push", str(file), "--client-id", "payroll-1"]) == 0
    assert "1 opgeslagen" in capsys.readouterr().out


def test_push_reports_a_file_it_cannot_read(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "leeg.json"
    file.write_text("{}")

    assert main(["push", str(file), "--client-id", "x"]) == 2
    assert "geen lijst loonstroken" in capsys.readouterr().err


def test_agency_create_outside_development_needs_a_public_key(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOONBRUG_DEV_KEYS", "false")
    get_settings.cache_clear()

    assert main(["agency", "create", "Zonder Sleutel"]) == 2
    assert "--public-key" in capsys.readouterr().err

    from joserfc.jwk import ECKey

    key = ECKey.generate_key("P-256", auto_kid=True)
    public = tmp_path / "publiek.jwk.json"
    public.write_text(json.dumps(key.as_dict(private=False)))
    private = tmp_path / "prive.jwk.json"
    private.write_text(json.dumps(key.as_dict(private=True)))
    assert main(["agency", "create", "Met Sleutel", "--public-key", str(private)]) == 2
    assert (
        main(["agency", "create", "Met Sleutel", "--public-key", str(public), "--client-id", "met-sleutel"])
        == 0
    )
    assert (
        main(["agency", "create", "Nog Eens", "--public-key", str(public), "--client-id", "met-sleutel"]) == 1
    )


def test_the_summary_lists_refusals_with_their_place_in_the_file() -> None:
    refused = RecordOutcome(
        index=1,
        record_id="LS-2",
        outcome=Outcome.REFUSED,
        problems=[InvalidParam(name="records[1].netWage", code="missing", reason="Dit veld is verplicht.")],
    )
    receipt = Receipt(
        submission_id="s-1",
        message_id="m-1",
        received_at=dt.datetime(2026, 2, 2, tzinfo=dt.UTC),
        counts=ReceiptCounts(received=2, stored=1, corrections=0, duplicates=0, refused=1),
        records=[RecordOutcome(index=0, record_id="LS-1", outcome=Outcome.STORED, version=1), refused],
    )
    out = io.StringIO()

    assert push_command.summarise([push_command.PushedBatch(offset=1000, receipt=receipt)], out) == 1
    assert "loonstrook 1002 (LS-2) geweigerd: netWage: Dit veld is verplicht. (missing)" in out.getvalue()
