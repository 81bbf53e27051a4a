"""The scheduler: APScheduler 3 running the registered jobs in the replica that leads.

Every replica runs a scheduler (`loonbrug serve jobs --processes N`: one in each of N processes), but a
job only does work where `LeaderLock.is_leader()` holds, except the outbox, which runs in every process
and shares the queue with SKIP LOCKED (gateway.jobs.outbox_consumer). An election job every few seconds
takes the lock when it is free and checks it when held (see gateway.jobs.leader). On SQLite the one
process always leads. Each job runs at most once at a time
(`max_instances=1`), and missed runs are merged into one (`coalesce`), since every job is idempotent.
A failing run is logged with its counts (never data) and the scheduler goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
from collections.abc import Callable, Sequence

from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]
from apscheduler.schedulers.blocking import BlockingScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from gateway import gc_tuning
from gateway.jobs.clock import LOCAL_ZONE
from gateway.jobs.context import JobReport
from gateway.jobs.leader import LeaderLock
from gateway.jobs.outbox_consumer import error_code
from gateway.jobs.registry import JOBS, JobDefinition, JobEnvironment
from gateway.jobs.runtime import build_environment
from gateway.settings import Settings
from gateway.store.db import Database

logger = logging.getLogger(__name__)

ELECTION_JOB = "leader_election"
ELECTION_INTERVAL_SECONDS = 10
MISFIRE_GRACE_SECONDS = 3600


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def guarded(
    job: JobDefinition,
    environment: JobEnvironment,
    leader: LeaderLock,
    clock: Callable[[], dt.datetime] = _utcnow,
) -> Callable[[], JobReport | None]:
    """The job as the scheduler calls it: on the leader (or in every process), with the time, logged."""

    def run() -> JobReport | None:
        if not job.every_process and not leader.is_leader():
            return None
        try:
            report = job.run(environment.fresh(), clock())
        except Exception as exc:  # the scheduler must go on; the next run retries (jobs are idempotent)
            logger.error("job %s failed: %s", job.name, error_code(exc))
            return None
        if report.failed:
            logger.error("%s", report.summary())
        elif report.counts:
            logger.info("%s", report.summary())
        return report

    return run


def build_scheduler(
    *,
    environment: JobEnvironment,
    leader: LeaderLock,
    blocking: bool = False,
    jobs: Sequence[JobDefinition] = JOBS,
    election_seconds: float = ELECTION_INTERVAL_SECONDS,
) -> BaseScheduler:
    """A scheduler (not started) with the election job and every job of `jobs` that has a trigger."""
    scheduler: BaseScheduler = (
        BlockingScheduler(timezone=LOCAL_ZONE) if blocking else BackgroundScheduler(timezone=LOCAL_ZONE)
    )
    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS}
    scheduler.add_job(
        leader.elect,
        IntervalTrigger(seconds=election_seconds),
        id=ELECTION_JOB,
        name=ELECTION_JOB,
        next_run_time=dt.datetime.now(LOCAL_ZONE),
        **defaults,
    )
    for job in jobs:
        if job.trigger is not None:
            # A process that consumes the outbox starts on what is waiting at once, not after an interval.
            first = {"next_run_time": dt.datetime.now(LOCAL_ZONE)} if job.every_process else {}
            scheduler.add_job(
                guarded(job, environment, leader),
                job.trigger(),
                id=job.name,
                name=job.name,
                **first,
                **defaults,
            )
    return scheduler


def run_blocking(*, environment: JobEnvironment, leader: LeaderLock) -> None:
    """Run the scheduler in this thread until SIGTERM or SIGINT (Ctrl-C), then give up the leadership.

    On the signal the scheduler starts nothing new and the outbox consumer ends after the batch in hand
    (the interpreter waits for it before the process exits). Other jobs still running go on to their
    end; a process killed harder has its transactions rolled back, and since every job is idempotent
    the next run (here or in the next leader) simply does the rest.
    """
    blocking = build_scheduler(environment=environment, leader=leader, blocking=True)

    def stop(signum: int, frame: object) -> None:
        logger.info("stopping on signal %d", signum)
        environment.stopping.set()
        if blocking.running:
            blocking.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        blocking.start()
    finally:
        leader.release()


def start_background(
    *,
    environment: JobEnvironment,
    leader: LeaderLock,
    jobs: Sequence[JobDefinition] = JOBS,
    election_seconds: float = ELECTION_INTERVAL_SECONDS,
) -> BaseScheduler:
    """Start the scheduler in a background thread (the embedded demo); stop it with `stop`."""
    scheduler = build_scheduler(
        environment=environment, leader=leader, jobs=jobs, election_seconds=election_seconds
    )
    scheduler.start()
    return scheduler


def stop(scheduler: BaseScheduler, leader: LeaderLock) -> None:
    """Stop a background scheduler, waiting for running jobs, and give up the leadership."""
    scheduler.shutdown(wait=True)
    leader.release()


def serve(settings: Settings, *, log_level: str = "info", processes: int = 1) -> int:
    """Run the jobs of this installation until stopped (`loonbrug serve jobs`); the exit code.

    With `processes` above 1 this process supervises that many jobs processes (gateway.jobs.processes).
    """
    if processes > 1:
        from gateway.jobs import processes as supervisor

        return supervisor.run(settings, processes=processes, log_level=log_level)
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler logs every run at INFO; the jobs log their own summaries.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
    database = Database.from_settings(settings)
    try:
        environment = build_environment(settings=settings, database=database)
        leader = LeaderLock(database.engine)
        gc_tuning.settle_after_start_up()
        logger.info(
            "scheduler started (%s)", "single process" if leader.single_process else "leader election"
        )
        run_blocking(environment=environment, leader=leader)
    finally:
        database.dispose()
    return 0
