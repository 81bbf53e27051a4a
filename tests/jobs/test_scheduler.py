"""The scheduler and its leader election: every replica schedules, only the leader runs jobs."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from sqlalchemy import Engine

from gateway.engine.parameters import ParameterSet
from gateway.jobs import registry, scheduler
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.leader import LeaderLock
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.registry import JobDefinition, JobEnvironment
from schemas.case import MunicipalPolicy


@pytest.fixture
def environment(
    context: JobContext, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> JobEnvironment:
    """A job environment without a webhook sender."""
    return JobEnvironment(context, parameters, default_policy, jobs_policy(), None)


class Probe:
    """A job that records which replica ran it."""

    def __init__(self) -> None:
        self.runs: list[str] = []
        self.lock = threading.Lock()

    def job(self, replica: str) -> JobDefinition:
        def run(env: JobEnvironment, now: dt.datetime) -> JobReport:
            with self.lock:
                self.runs.append(replica)
            return JobReport("probe")

        return JobDefinition("probe", "test", "elke seconde", lambda: IntervalTrigger(seconds=1), run)


def test_every_triggered_job_is_scheduled_with_the_election(
    environment: JobEnvironment, engine: Engine
) -> None:
    built = scheduler.build_scheduler(environment=environment, leader=LeaderLock(engine))

    ids = {job.id for job in built.get_jobs()}
    assert ids == {scheduler.ELECTION_JOB} | {job.name for job in registry.JOBS if job.trigger is not None}
    assert "recompute_all" not in ids
    outbox = built.get_job("outbox")
    assert outbox.trigger.interval == dt.timedelta(seconds=5)
    assert (outbox.coalesce, outbox.max_instances) == (True, 1)
    assert str(built.get_job("missing_data").trigger) == "cron[day_of_week='mon', hour='6', minute='0']"


def test_a_guarded_job_does_nothing_when_not_leader_and_survives_an_error(
    environment: JobEnvironment,
) -> None:
    class Follower(LeaderLock):
        def __init__(self, leads: bool) -> None:
            self.leads = leads

        def is_leader(self) -> bool:
            return self.leads

    def broken(env: JobEnvironment, now: dt.datetime) -> JobReport:
        raise RuntimeError("999900006")

    probe = Probe()
    assert scheduler.guarded(probe.job("a"), environment, Follower(False))() is None
    assert probe.runs == []
    assert scheduler.guarded(probe.job("a"), environment, Follower(True))() == JobReport("probe")
    assert probe.runs == ["a"]
    failing = JobDefinition("broken", "test", "nooit", None, broken)
    assert scheduler.guarded(failing, environment, Follower(True))() is None


def test_on_sqlite_the_single_process_always_leads(engine: Engine, db_kind: str) -> None:
    if db_kind != "sqlite":
        pytest.skip("SQLite only")
    leader = LeaderLock(engine)
    assert leader.single_process
    assert leader.elect()
    assert leader.is_leader()


@pytest.mark.postgres_only
def test_only_one_of_two_replicas_holds_the_lock_until_it_lets_go(engine: Engine) -> None:
    first, second = LeaderLock(engine), LeaderLock(engine)
    try:
        assert first.elect()
        assert not second.elect()
        assert first.elect()  # still leading: the check keeps the lock
        assert (first.is_leader(), second.is_leader()) == (True, False)

        first.release()

        assert second.elect()
        assert not first.elect()
    finally:
        first.release()
        second.release()


@pytest.mark.postgres_only
def test_two_schedulers_on_postgresql_run_the_jobs_in_one_replica(
    environment: JobEnvironment, engine: Engine
) -> None:
    probe = Probe()
    leaders = {name: LeaderLock(engine) for name in ("a", "b")}
    running = {
        name: scheduler.start_background(
            environment=environment, leader=leader, jobs=[probe.job(name)], election_seconds=0.5
        )
        for name, leader in leaders.items()
    }
    try:
        time.sleep(3.5)
        ran = set(probe.runs)
        assert len(ran) == 1
        assert len(probe.runs) >= 2
        winner = ran.pop()
        other = "b" if winner == "a" else "a"

        scheduler.stop(running.pop(winner), leaders[winner])
        before = len(probe.runs)
        time.sleep(3.5)
        assert set(probe.runs[before:]) == {other}
    finally:
        for name, started in running.items():
            scheduler.stop(started, leaders[name])
