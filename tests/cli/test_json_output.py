"""`--json` on the reporting commands: stdout is exactly one JSON document with the keys docs/cli.md names.

(push and meldingen are checked against a served gateway in test_agency_and_push and test_notifications;
keys status in test_db_and_keys_commands.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.cli.main import COMMANDS, build_parser, main
from gateway.jobs.registry import JOBS
from gateway.settings import get_settings
from gateway.store import migrate


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database of these tests' own (SQLite), so their audit records land in no other test's."""
    url = f"sqlite:///{tmp_path_factory.mktemp('json') / 'loonbrug.sqlite3'}"
    migrate.upgrade(url)
    return url


@pytest.fixture
def installation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, own_database: str) -> Iterator[None]:
    """The commands run on that database, with a data folder of their own."""
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LOONBRUG_DATABASE_URL", own_database)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _json(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    assert main(list(argv)) == code
    return json.loads(capsys.readouterr().out)


@pytest.mark.usefixtures("installation")
def test_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    listed = _json(capsys, "jobs", "list", "--json")
    assert [job["name"] for job in listed] == [job.name for job in JOBS]
    assert set(listed[0]) == {"name", "schedule", "scheduled", "description"}

    ran = _json(capsys, "jobs", "run-once", "retention", "--json")
    [report] = ran["jobs"]
    assert (report["name"], report["failed"]) == ("retention", False)
    assert all(isinstance(count, int) for count in report["counts"].values())


@pytest.mark.usefixtures("installation")
def test_audit_verify(capsys: pytest.CaptureFixture[str]) -> None:
    main(["params", "list"])  # writes an audit record
    capsys.readouterr()
    report = _json(capsys, "audit", "verify", "--json")
    assert report["intact"] is True
    assert report["firstBreak"] is None
    assert report["checked"] >= 1


@pytest.mark.usefixtures("installation")
def test_db_current(capsys: pytest.CaptureFixture[str]) -> None:
    state = _json(capsys, "db", "current", "--json")
    assert state == {"revision": migrate.head(), "newest": migrate.head(), "upToDate": True}


@pytest.mark.usefixtures("installation")
def test_params(capsys: pytest.CaptureFixture[str]) -> None:
    overview = _json(capsys, "params", "list", "--json")
    assert set(overview) == {"parameters", "waiting", "warnings"}
    single = next(view for view in overview["parameters"] if view["key"] == "norm.single")
    shown = _json(capsys, "params", "show", "norm.single", "--json")
    assert shown["key"] == "norm.single"
    assert [value["validFrom"] for value in shown["values"]] == [v["validFrom"] for v in single["values"]]
    assert all(isinstance(value["value"], str) for value in shown["values"]), "amounts as strings"


def test_a_command_that_cannot_run_leaves_stdout_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "bestaat-niet.json"]) == 2
    assert capsys.readouterr().out == ""


REPORTING = {
    ("push", "x.json"),
    ("import", "x.csv"),
    ("meldingen",),
    ("jobs", "list"),
    ("jobs", "run-once"),
    ("audit", "verify"),
    ("params", "list"),
    ("params", "show", "norm.single"),
    ("db", "current"),
    ("keys", "status"),
    ("keys", "reencrypt"),
    ("simulate",),
}


@pytest.mark.parametrize("argv", sorted(REPORTING))
def test_every_reporting_command_takes_json(argv: tuple[str, ...]) -> None:
    assert argv[0] in COMMANDS
    assert build_parser(argv[0]).parse_args([*argv, "--json"]).json is True
