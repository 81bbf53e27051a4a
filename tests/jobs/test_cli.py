"""`loonbrug jobs list` and `loonbrug jobs run-once` on an installation of their own (SQLite file)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gateway.cli import jobs as jobs_cli
from gateway.jobs.registry import JOBS
from gateway.security import keyring as keyrings
from gateway.settings import get_settings
from gateway.store import migrate
from gateway.store.db import Database
from gateway.store.models import MonthSettlement, OutboxEvent
from gateway.store.sealing import Sealer
from tests.jobs.scenario import build_scenario


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


def test_run_once_of_a_recompute_job_also_does_the_work_it_queued(
    installation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = get_settings()
    database = Database.from_settings(settings)
    try:
        with database.transaction() as session:
            worker_id = build_scenario(
                session, Sealer(keyrings.load_for(settings)), benefit_start=dt.date(2026, 1, 1)
            ).worker.id
    finally:
        database.dispose()

    assert _run(["jobs", "run-once", "recompute_all"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["recompute_all", "outbox"]
    assert "published=1" in lines[0]
    database = Database.from_settings(settings)
    try:
        with database.transaction() as session:
            waiting = session.scalar(
                select(func.count()).select_from(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
            )
            months = session.scalar(
                select(func.count())
                .select_from(MonthSettlement)
                .where(MonthSettlement.worker_id == worker_id)
            )
    finally:
        database.dispose()
    assert waiting == 0
    assert months


def test_an_unknown_job_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _run(["jobs", "run-once", "bestaat-niet"])
    assert "invalid choice" in capsys.readouterr().err
