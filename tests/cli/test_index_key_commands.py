"""`loonbrug keys rotate-index | rotate-digest | reindex | retire` against a fresh SQLite data folder."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gateway.security import keyring as keyrings
from gateway.settings import get_settings
from gateway.store import workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.cli.test_db_and_keys_commands import data_dir, run  # noqa: F401  (the data-folder fixture)
from tests.factories import TEST_BSNS, make_agency, make_municipality, make_pay_record, make_worker


@pytest.mark.usefixtures("data_dir")
def test_rotate_reindex_and_retire_the_index_and_digest_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("keys", "init") == 0
    assert run("db", "upgrade") == 0
    path = keyrings.keyring_path(get_settings())
    first = keyrings.load(path)
    database = Database.from_settings(get_settings())
    with database.transaction() as session:
        municipality = make_municipality(session)
        worker = make_worker(session, Sealer(first), municipality=municipality, bsn=TEST_BSNS[7])
        make_pay_record(
            session,
            Sealer(first),
            agency=make_agency(session),
            worker=worker,
            period_start=dt.date(2026, 3, 2),
        )
        municipality_id, worker_id = municipality.id, worker.id
    capsys.readouterr()

    assert run("keys", "rotate-index") == 0
    assert run("keys", "rotate-digest") == 0
    rotated = keyrings.load(path)
    assert rotated.active_index_kid != first.active_index_kid
    assert set(rotated.digest_keys) == {first.active_digest_kid, rotated.active_digest_kid}
    assert run("keys", "retire") == 1
    assert "voer eerst `loonbrug keys reindex` uit" in capsys.readouterr().err
    assert run("keys", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["stale"] == {"worker.bsn_index": 1, "pay_record.content_digest": 1}

    assert run("keys", "reindex", "--batch-size", "1") == 0
    output = capsys.readouterr()
    assert output.out.startswith("2 waarden opnieuw berekend")
    assert run("keys", "retire") == 0
    retired = keyrings.load(path)
    assert list(retired.index_keys) == [rotated.active_index_kid]
    assert list(retired.digest_keys) == [rotated.active_digest_kid]
    for secret in [key.hex() for key in (*rotated.index_keys.values(), *rotated.digest_keys.values())]:
        assert secret not in output.out + output.err + capsys.readouterr().out

    with database.sessions() as session:
        found = workers.find_by_bsn(
            session=session, sealer=Sealer(retired), municipality_id=municipality_id, bsn=TEST_BSNS[7]
        )
        assert found is not None
        assert found.id == worker_id
    database.dispose()
