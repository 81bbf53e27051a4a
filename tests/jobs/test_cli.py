"""`loonbrug jobs list` and `loonbrug jobs run-once` on an installation of their own (SQLite file)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli import jobs as jobs_cli
from gateway.jobs.registry import JOBS
from gateway.settings import get_settings
from gateway.store import migrate


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="loonbrug")
    jobs_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


@pytest.fixture
def installation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A development installation in a temporary folder with a migrated SQLite database."""
    url = f"sqlite:///{tmp_path / 'loonbrug.sqlite3'}"
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LOONBRUG_DATABASE_URL", url)
    migrate.upgrade(url)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_list_shows_every_job_with_its_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["jobs", "list"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [job.name for job in JOBS]
    assert "maandag 06:00" in next(line for line in lines if line.startswith("missing_data"))


def test_run_once_runs_one_job_and_prints_its_summary(
    installation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["jobs", "run-once", "retention"]) == 0

    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "retention: idempotency_records=0 outbox_events=0 resolved_signals=0 used_assertions=0"
    ]
    assert captured.err == "retention: bezig\n", "no progress bar when stderr is not a terminal"


def test_run_once_without_a_name_runs_every_scheduled_job(
    installation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["jobs", "run-once"]) == 0

    ran = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()]
    assert ran == [job.name for job in JOBS if job.trigger is not None]


def test_an_unknown_job_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _run(["jobs", "run-once", "bestaat-niet"])
    assert "invalid choice" in capsys.readouterr().err
