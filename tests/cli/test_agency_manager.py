"""`loonbrug agency create --municipality | assign | add-key | revoke-key` on a migrated SQLite folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from joserfc.jwk import ECKey
from sqlalchemy import select

from connectors.key_files import key_path
from gateway.cli.main import main
from gateway.settings import get_settings
from gateway.store import agencies, migrate, municipalities
from gateway.store.db import Database
from gateway.store.models import AuditEvent

CBS = "GM0599"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A migrated SQLite data folder with one municipality."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(folder))
    monkeypatch.delenv("LOONBRUG_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOONBRUG_KEY_DIR", raising=False)
    get_settings.cache_clear()
    migrate.upgrade(get_settings().resolved_database_url)
    assert main(["admin", "municipality", "add", "--cbs-code", CBS, "--name", "Proefgemeente"]) == 0
    yield folder
    get_settings.cache_clear()


def _manager(client_id: str) -> str | None:
    """The CBS code of the municipality managing the agency; None when the platform manages it."""
    database = Database.from_settings(get_settings())
    try:
        with database.transaction() as session:
            agency = agencies.by_client_id(session=session, client_id=client_id)
            assert agency is not None
            if agency.managed_by_municipality_id is None:
                return None
            found = municipalities.get(session=session, municipality_id=agency.managed_by_municipality_id)
            assert found is not None
            return found.cbs_code
    finally:
        database.dispose()


def _active_kids(client_id: str) -> list[str]:
    database = Database.from_settings(get_settings())
    try:
        with database.transaction() as session:
            agency = agencies.by_client_id(session=session, client_id=client_id)
            assert agency is not None
            return [key.kid for key in agencies.active_keys(session=session, agency_id=agency.id)]
    finally:
        database.dispose()


def _audited_actions() -> list[str]:
    database = Database.from_settings(get_settings())
    try:
        with database.transaction() as session:
            events = session.scalars(select(AuditEvent).order_by(AuditEvent.sequence))
            return [event.action for event in events if event.actor.startswith("cli:")]
    finally:
        database.dispose()


def _jwk_file(folder: Path, name: str, *, private: bool = False) -> tuple[Path, str]:
    key = ECKey.generate_key("P-256", auto_kid=True)
    path = folder / f"{name}.jwk.json"
    path.write_text(json.dumps(key.as_dict(private=private)))
    return path, str(key.kid)


def test_create_makes_the_agency_platform_managed_unless_a_municipality_is_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Landelijk", "--client-id", "landelijk"]) == 0
    assert main(["agency", "create", "Lokaal", "--client-id", "lokaal", "--municipality", CBS]) == 0
    assert capsys.readouterr().out.split() == ["landelijk", "lokaal"]
    assert (_manager("landelijk"), _manager("lokaal")) == (None, CBS)
    assert _audited_actions() == [
        "municipality.create",
        "agency.create",
        "agency_key.add",
        "agency.create",
        "agency_key.add",
    ]


def test_create_with_an_unknown_municipality_registers_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Nergens", "--client-id", "nergens", "--municipality", "GM0000"]) == 1
    assert "GM0000" in capsys.readouterr().err
    assert main(["agency", "assign", "nergens", "--platform"]) == 1
    assert not key_path(get_settings(), "nergens").exists(), "no private key for an agency that was refused"


def test_assign_hands_an_agency_to_a_municipality_and_back(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Bureau", "--client-id", "bureau"]) == 0
    assert main(["agency", "assign", "bureau", "--municipality", CBS]) == 0
    assert _manager("bureau") == CBS
    assert main(["agency", "assign", "bureau", "--platform"]) == 0
    assert _manager("bureau") is None
    assert main(["agency", "assign", "bureau", "--municipality", "GM0000"]) == 1
    assert _manager("bureau") is None
    with pytest.raises(SystemExit):
        main(["agency", "assign", "bureau", "--municipality", CBS, "--platform"])


def test_the_operator_adds_and_revokes_keys(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Bureau", "--client-id", "bureau"]) == 0
    (first,) = _active_kids("bureau")
    public, kid = _jwk_file(tmp_path, "nieuw")
    capsys.readouterr()

    assert main(["agency", "add-key", "bureau", "--public-key", str(public)]) == 0
    assert capsys.readouterr().out.strip() == kid
    assert main(["agency", "add-key", "bureau", "--public-key", str(public)]) == 1
    private, _ = _jwk_file(tmp_path, "prive", private=True)
    assert main(["agency", "add-key", "bureau", "--public-key", str(private)]) == 2
    assert '"d"' not in capsys.readouterr().err
    assert main(["agency", "add-key", "onbekend", "--public-key", str(public)]) == 1
    assert _active_kids("bureau") == [first, kid]

    # "--" because a thumbprint kid may start with "-" (the command's help says so).
    assert main(["agency", "revoke-key", "bureau", "--", kid]) == 0
    assert main(["agency", "revoke-key", "bureau", "--", kid]) == 1
    assert _active_kids("bureau") == [first]
    assert main(["agency", "add-key", "bureau", "--public-key", str(public)]) == 1, "a kid is never reused"
    assert _audited_actions()[-2:] == ["agency_key.add", "agency_key.revoke"]


def test_a_kid_starting_with_a_dash_is_revoked_after_a_double_dash(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "create", "Bureau", "--client-id", "bureau"]) == 0
    public, kid = _jwk_file(tmp_path, "nieuw")
    while not kid.startswith("-"):
        public, kid = _jwk_file(tmp_path, "nieuw")
    assert main(["agency", "add-key", "bureau", "--public-key", str(public)]) == 0
    capsys.readouterr()

    with pytest.raises(SystemExit):
        main(["agency", "revoke-key", "bureau", kid])
    with pytest.raises(SystemExit):
        main(["agency", "revoke-key", "--help"])
    assert "zet er dan '--' voor" in capsys.readouterr().out
    assert main(["agency", "revoke-key", "bureau", "--", kid]) == 0
    assert kid not in _active_kids("bureau")
