"""`loonbrug db ...` and `loonbrug keys ...` against a fresh SQLite data folder."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli import db as db_command
from gateway.cli import keys as keys_command
from gateway.security import keyring as keyrings
from gateway.security.field_crypto import key_id_of
from gateway.settings import get_settings
from gateway.store import migrate, workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.factories import TEST_BSNS, make_agency, make_municipality, make_pay_record, make_worker


def run(*argv: str) -> int:
    """Parse and run one `loonbrug` command with only the db and keys subcommands installed."""
    parser = argparse.ArgumentParser(prog="loonbrug")
    subparsers = parser.add_subparsers(dest="command", required=True)
    db_command.register(subparsers)
    keys_command.register(subparsers)
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder that does not exist yet, used through the settings."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(folder))
    monkeypatch.delenv("LOONBRUG_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOONBRUG_KEY_DIR", raising=False)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_db_upgrade_current_downgrade(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("db", "current") == 1
    assert run("db", "upgrade") == 0
    assert (data_dir / "loonbrug.sqlite3").exists()
    assert run("db", "current") == 0
    assert f"{migrate.head()} (bijgewerkt)" in capsys.readouterr().out
    assert run("db", "downgrade", "base") == 0
    assert migrate.current(get_settings().resolved_database_url) is None


def test_keys_init_rotate_reencrypt(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("keys", "rotate") == 2
    assert "sleutelbestand ontbreekt" in capsys.readouterr().err
    assert run("keys", "init") == 0
    path = keyrings.keyring_path(get_settings())
    assert path.stat().st_mode & 0o777 == 0o600
    assert run("keys", "init") == 1
    first = keyrings.load(path)

    assert run("db", "upgrade") == 0
    database = Database.from_settings(get_settings())
    sealer = Sealer(first)
    with database.transaction() as session:
        municipality = make_municipality(session)
        worker = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[7])
        make_pay_record(
            session, sealer, agency=make_agency(session), worker=worker, period_start=dt.date(2026, 3, 2)
        )
        worker_id, municipality_id = worker.id, municipality.id

    assert run("keys", "rotate") == 0
    rotated = keyrings.load(path)
    assert rotated.active_kid != first.active_kid
    assert run("keys", "reencrypt", "--batch-size", "2") == 0
    output = capsys.readouterr()
    assert "content_encrypted" not in output.err, "no progress bar when stderr is not a terminal"
    assert f"met sleutel {rotated.active_kid}" in output.out
    for secret in [key.hex() for key in rotated.field_keys.values()]:
        assert secret not in output.out + output.err

    with database.sessions() as session:
        stored = workers.get(session=session, municipality_id=municipality_id, worker_id=worker_id)
        assert stored is not None
        assert key_id_of(stored.bsn_encrypted) == rotated.active_kid
        assert workers.personal_details(sealer=Sealer(rotated), worker=stored).bsn == TEST_BSNS[7]
    assert run("keys", "status") == 0
    assert "alle waarden gebruiken de actieve sleutel" in capsys.readouterr().out
    assert run("keys", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["activeKey"], status["stale"]) == (rotated.active_kid, {})
    assert status["keys"] == sorted(rotated.field_keys)
    database.dispose()
