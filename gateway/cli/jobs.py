"""`loonbrug jobs list | run-once [JOB]`: the scheduled jobs, listed or run now.

`run-once` runs one job, or every scheduled job in order, at once and in this process, with a progress
bar on a terminal and one summary line per job (counts only, never personal data); with --json the
reports as JSON. It does not wait for the leader election: every job is safe to run next to a running
scheduler. A recompute job queues its workers for the outbox consumers; `run-once` then runs the outbox
job too, so the recompute asked for is done when the command ends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from gateway.cli.output import Progress, add_json_option, print_json
from gateway.jobs.outbox_consumer import JOB_NAME as OUTBOX_JOB
from gateway.jobs.recompute_jobs import PUBLISHED
from gateway.jobs.registry import JOBS, JobDefinition, find
from gateway.jobs.runtime import build_environment, with_progress
from gateway.settings import get_settings
from gateway.store.db import Database


def register(subparsers: Any) -> None:
    """Add `loonbrug jobs` and its subcommands."""
    parser = subparsers.add_parser("jobs")
    commands = parser.add_subparsers(dest="jobs_command", required=True, metavar="ACTIE")
    listing = commands.add_parser("list", help="toon de taken en wanneer ze lopen")
    add_json_option(listing)
    listing.set_defaults(handler=_list)
    run_once = commands.add_parser("run-once", help="voer een taak (of alle geplande taken) nu uit")
    run_once.add_argument(
        "job",
        nargs="?",
        choices=[job.name for job in JOBS],
        metavar="TAAK",
        help="naam uit `loonbrug jobs list`",
    )
    add_json_option(run_once)
    run_once.set_defaults(handler=_run_once)


def _list(args: argparse.Namespace) -> int:
    if args.json:
        print_json(
            [
                {
                    "name": job.name,
                    "schedule": job.schedule,
                    "scheduled": job.trigger is not None,
                    "description": job.description,
                }
                for job in JOBS
            ]
        )
        return 0
    width = max(len(job.name) for job in JOBS)
    schedule_width = max(len(job.schedule) for job in JOBS)
    for job in JOBS:
        print(f"{job.name:<{width}}  {job.schedule:<{schedule_width}}  {job.description}")
    return 0


def _run_once(args: argparse.Namespace) -> int:
    selected: list[JobDefinition] = [find(args.job)] if args.job else [job for job in JOBS if job.trigger]
    settings = get_settings()
    database = Database.from_settings(settings)
    reports = []
    try:
        environment = build_environment(settings=settings, database=database)
        queue = list(selected)
        while queue:
            job = queue.pop(0)
            print(f"{job.name}: bezig", file=sys.stderr)
            with Progress(job.name, unit="stuks") as progress:
                report = job.run(
                    with_progress(environment, lambda _job, done, total: progress.show(done, total)),
                    dt.datetime.now(dt.UTC),
                )
            if not args.json:
                print(report.summary())
            reports.append(report)
            # A recompute job only queues its workers for the outbox consumers; run asks for the work
            # itself, so the queue is worked off here too (the running jobs processes may share it).
            if report.counts.get(PUBLISHED) and job.name != OUTBOX_JOB and find(OUTBOX_JOB) not in queue:
                queue.append(find(OUTBOX_JOB))
    finally:
        database.dispose()
    if args.json:
        print_json({"jobs": [{"name": r.job, "failed": r.failed, "counts": r.counts} for r in reports]})
    return 1 if any(report.failed for report in reports) else 0
