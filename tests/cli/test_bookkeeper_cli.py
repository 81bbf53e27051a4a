"""`loonbrug bookkeeper create | mandate | push | end-mandate` end to end: a real uvicorn server on
loopback, SQLite, the example e-invoice."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gateway.cli.main import main
from gateway.security import keyring as keyrings
from gateway.settings import get_settings
from gateway.store import municipalities, workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.cli.test_agency_and_push import data_dir, server
from tests.ingest.bookkeeper_kit import invoice

__all__ = ["data_dir", "server"]

EXAMPLE = Path(__file__).parents[2] / "examples" / "einvoice" / "factuur-2026-009.xml"


def _worker(bsn: str) -> None:
    settings = get_settings()
    database = Database.from_settings(settings)
    with database.transaction() as session:
        municipality = municipalities.create(session=session, cbs_code="GM9999", name="Proefgemeente")
        workers.create(
            session=session,
            sealer=Sealer(keyrings.load_for(settings)),
            municipality_id=municipality.id,
            bsn=bsn,
            name="Test Persoon",
            birth_date=dt.date(1990, 1, 1),
        )
    database.dispose()


def test_register_mandate_and_push_invoices_and_an_e_invoice(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bookkeeper", "create", "Administratiekantoor Test"]) == 0
    client_id = capsys.readouterr().out.strip()
    assert client_id.startswith("administratiekantoor-test-")
    _worker("999900006")
    assert (
        main(
            [
                "bookkeeper",
                "mandate",
                client_id,
                "--municipality",
                "GM9999",
                "--bsn",
                "999900006",
                "--from",
                "2026-01-01",
            ]
        )
        == 0
    )
    assert "vanaf 2026-01-01" in capsys.readouterr().out
    assert (
        main(
            [
                "bookkeeper",
                "mandate",
                client_id,
                "--municipality",
                "GM9999",
                "--bsn",
                "999900018",
                "--from",
                "2026-01-01",
            ]
        )
        == 1
    )
    assert "999900018" not in capsys.readouterr().err

    file = tmp_path / "documenten.json"
    file.write_text(json.dumps({"documents": [invoice("2026-004"), invoice("2026-005", bsn="999900018")]}))
    assert main(["bookkeeper", "push", "--client-id", client_id, str(file)]) == 1
    out = capsys.readouterr().out
    assert "2 documenten: 1 opgeslagen (waarvan 0 correcties), 0 dubbel, 1 geweigerd" in out
    assert "document 2 (2026-005) geweigerd: documents[1].bsn:" in out
    assert "999900018" not in out

    assert main(["bookkeeper", "push", "--client-id", client_id, "--bsn", "999900006", str(EXAMPLE)]) == 0
    assert "1 document: 1 opgeslagen" in capsys.readouterr().out
    # Pushing the same file again stores nothing twice.
    assert (
        main(["bookkeeper", "push", "--client-id", client_id, "--bsn", "999900006", str(EXAMPLE), "--json"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["stored"], report["duplicates"]) == (0, 1)

    # After the mandate ended, a document dated later is refused.
    assert (
        main(
            [
                "bookkeeper",
                "end-mandate",
                client_id,
                "--municipality",
                "GM9999",
                "--bsn",
                "999900006",
                "--to",
                "2026-01-31",
            ]
        )
        == 0
    )
    capsys.readouterr()
    file.write_text(json.dumps([invoice("2026-006")]))
    assert main(["bookkeeper", "push", "--client-id", client_id, str(file)]) == 1
    assert "no_mandate" in capsys.readouterr().out


def test_an_e_invoice_needs_the_workers_bsn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookkeeper", "push", "--client-id", "boekhouder-x", str(EXAMPLE)]) == 2
    assert "--bsn" in capsys.readouterr().err
