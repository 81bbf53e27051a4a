"""`loonbrug import` without --dry-run, through the real agency client into the real agency API (in
process, real keys, test database): batches stored once, gateway refusals quarantined, reruns idempotent."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from connectors.client import AgencyClient
from gateway.cli import import_cmd
from tests.connectors.payroll_files import weekly_row, write
from tests.ingest import conftest as gateway_fixtures
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import Agent, stored_counts

# The gateway tests' fixtures (the real app, its keys, an agency with three enrolled workers).
agent = gateway_fixtures.agent
app = gateway_fixtures.app
clock = gateway_fixtures.clock
config = gateway_fixtures.config
gateway_key_dir = gateway_fixtures.gateway_key_dir
gateway_keys = gateway_fixtures.gateway_keys

ENROLLED = "999900006"
NOT_ENROLLED = "999900043"


@pytest.fixture
def gateway_client(app: FastAPI, agent: Agent, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make `import` open an agency client that speaks to the app in process."""
    with TestClient(app, base_url=ISSUER) as test_client:
        http = httpx.Client(transport=test_client._transport, base_url=ISSUER)

        def open_client(args: argparse.Namespace) -> AgencyClient:
            assert args.agency == agent.client_id
            return AgencyClient(
                base_url=ISSUER, client_id=args.agency, signing_key=agent.key, http=http, batch_size=2
            )

        monkeypatch.setattr(import_cmd, "open_client", open_client)
        yield
        http.close()


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The data folder, where quarantine files go unless --quarantine-dir names another."""
    from gateway.settings import get_settings

    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="loonbrug")
    import_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["import", *argv])
    code: int = args.handler(args)
    return code


@pytest.mark.usefixtures("gateway_client")
def test_records_are_stored_once_and_refusals_of_both_sides_are_quarantined(
    tmp_path: Path, agent: Agent, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [weekly_row(n, bsn=ENROLLED) for n in range(1, 5)]  # ISO weeks 2-5 of 2026, after enrolment
    rows += [weekly_row(5, bsn=NOT_ENROLLED), weekly_row(6, bsn=ENROLLED, net="-1,00")]
    source = write(tmp_path / "loon.csv", rows)

    code = run(str(source), "--agency", agent.client_id, "--batch-size", "2")

    out = capsys.readouterr().out
    assert code == import_cmd.EXIT_REFUSED
    assert "  verstuurd          4\n" in out
    assert "  geweigerd          2 (waarvan 1 door Loonbrug)\n" in out
    assert stored_counts(session, agent) == (3, 4)
    quarantine = (
        (tmp_path / "data" / "quarantaine" / "loon.quarantaine.csv").read_text(encoding="utf-8").splitlines()
    )
    assert [line.split(":")[0] for line in quarantine[1:]] == ["regel 7", "regel 6"]
    assert ";LS-000005;" in quarantine[2]
    assert "BSN: Deze werknemer staat niet" in quarantine[2], "named as the file names the column"
    assert ENROLLED not in out
    assert NOT_ENROLLED not in out


@pytest.mark.usefixtures("gateway_client")
def test_importing_the_same_file_again_stores_nothing_twice(
    tmp_path: Path, agent: Agent, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n, bsn=ENROLLED) for n in range(1, 6)])
    assert run(str(source), "--agency", agent.client_id, "--batch-size", "2") == import_cmd.EXIT_OK
    assert stored_counts(session, agent) == (3, 5)

    capsys.readouterr()
    assert run(str(source), "--agency", agent.client_id, "--batch-size", "2") == import_cmd.EXIT_OK
    # Same batches, same Idempotency-Keys: the gateway answers with its stored receipts, and the
    # summary counts every record as a duplicate found by Loonbrug.
    assert stored_counts(session, agent) == (3, 5)
    again = capsys.readouterr().out
    assert "  verstuurd          0\n" in again
    assert "  dubbel             5 (waarvan 5 door Loonbrug)\n" in again

    assert run(str(source), "--agency", agent.client_id, "--batch-size", "3") == import_cmd.EXIT_OK
    # Other batches, other keys: new submissions, but every record is a duplicate and stored once.
    assert stored_counts(session, agent) == (5, 5)


def test_without_a_key_the_command_cannot_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(1)])
    code = run(str(source), "--agency", "uitzendbureau-x", "--key", str(tmp_path / "geen.jwk.json"))
    assert code == import_cmd.EXIT_UNUSABLE
    assert "kan niet beginnen" in capsys.readouterr().err
    assert not (tmp_path / "data" / "quarantaine" / "loon.quarantaine.csv").exists()
