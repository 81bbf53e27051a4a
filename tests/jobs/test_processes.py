"""Jobs in several processes: the outbox in every process, the scheduled jobs in the leader only, and
`loonbrug serve jobs --processes N` consuming the outbox and stopping cleanly on SIGTERM."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from gateway.engine.parameters import ParameterSet
from gateway.jobs import processes
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.leader import LeaderLock
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.registry import JobDefinition, JobEnvironment
from gateway.jobs.scheduler import guarded
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.models import OutboxEvent, WeekFigures
from gateway.store.sealing import Sealer
from schemas.case import MunicipalPolicy
from tests.jobs.fleet import seed_fleet

ROOT = Path(__file__).resolve().parents[2]
LOONBRUG = ROOT / ".venv" / "bin" / "loonbrug"


def _job(name: str, *, every_process: bool) -> JobDefinition:
    return JobDefinition(name, "test", "nooit", None, lambda env, now: JobReport(name), every_process)


@pytest.mark.postgres_only
def test_the_outbox_runs_in_a_process_that_does_not_lead_and_scheduled_jobs_do_not(
    engine: Engine, context: JobContext, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> None:
    environment = JobEnvironment(context, parameters, default_policy, jobs_policy(), None)
    leader, other = LeaderLock(engine), LeaderLock(engine)
    try:
        assert leader.elect()
        assert not other.elect()

        assert guarded(_job("outbox", every_process=True), environment, other)() is not None
        assert guarded(_job("retention", every_process=False), environment, other)() is None
        assert guarded(_job("retention", every_process=False), environment, leader)() is not None
    finally:
        leader.release()
        other.release()


def test_more_than_one_process_is_refused_on_sqlite(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'loonbrug.sqlite3'}")
    assert processes.run(settings, processes=2) == 2


@pytest.mark.postgres_only
def test_serve_jobs_with_two_processes_consumes_the_outbox_and_stops_on_sigterm(
    committed_database: Database, sealer: Sealer, key_dir: Path, tmp_path: Path
) -> None:
    with committed_database.sessions() as session:
        seed_fleet(
            session,
            sealer,
            workers=2,
            agencies=1,
            weeks=[dt.date.today() - dt.timedelta(days=dt.date.today().weekday(), weeks=2)],
            benefit_start=dt.date.today().replace(day=1) - dt.timedelta(days=40),
        )
    url = committed_database.engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "LOONBRUG_DATABASE_URL": url,
        "LOONBRUG_DATA_DIR": str(tmp_path),
        "LOONBRUG_KEY_DIR": str(key_dir),
    }
    served = subprocess.Popen(  # noqa: S603 - our own command
        [str(LOONBRUG), "serve", "jobs", "--processes", "2", "--log-level", "warning"], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 60
        while _unprocessed(committed_database):
            assert served.poll() is None
            assert time.monotonic() < deadline
            time.sleep(0.2)
        with committed_database.sessions() as session:
            assert session.scalar(select(func.count()).select_from(WeekFigures))
    finally:
        served.send_signal(signal.SIGTERM)
        code = served.wait(timeout=60)
    assert code == 0


def _unprocessed(database: Database) -> int:
    with database.sessions() as session:
        statement = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
        return int(session.scalar(statement) or 0)
