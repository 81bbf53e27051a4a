"""`loonbrug jobs list | run-once [JOB]`: the scheduled jobs, listed or run now.

`run-once` runs one job, or every scheduled job in order, at once and in this process, showing progress
on stderr and one summary line per job (counts only, never personal data). It does not wait for the
leader election: every job is safe to run next to a running scheduler.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from gateway.jobs.registry import JOBS, JobDefinition, find
from gateway.jobs.runtime import build_environment
from gateway.settings import get_settings
from gateway.store.db import Database


def register(subparsers: Any) -> None:
    """Add `loonbrug jobs` and its subcommands."""
    parser = subparsers.add_parser("jobs")
    commands = parser.add_subparsers(dest="jobs_command", required=True, metavar="ACTIE")
    commands.add_parser("list", help="toon de taken en wanneer ze lopen").set_defaults(handler=_list)
    run_once = commands.add_parser("run-once", help="voer een taak (of alle geplande taken) nu uit")
    run_once.add_argument(
        "job",
        nargs="?",
        choices=[job.name for job in JOBS],
        metavar="TAAK",
        help="naam uit `loonbrug jobs list`",
    )
    run_once.set_defaults(handler=_run_once)


def _list(args: argparse.Namespace) -> int:
    width = max(len(job.name) for job in JOBS)
    schedule_width = max(len(job.schedule) for job in JOBS)
    for job in JOBS:
        print(f"{job.name:<{width}}  {job.schedule:<{schedule_width}}  {job.description}")
    return 0


def _progress(job: str, done: int, total: int) -> None:
    line = f"{job}: {done}/{total}"
    if sys.stderr.isatty():
        print(f"\r{line}", end="", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr)


def _run_once(args: argparse.Namespace) -> int:
    selected: list[JobDefinition] = [find(args.job)] if args.job else [job for job in JOBS if job.trigger]
    settings = get_settings()
    database = Database.from_settings(settings)
    failed = False
    try:
        environment = build_environment(settings=settings, database=database, progress=_progress)
        for job in selected:
            print(f"{job.name}: bezig", file=sys.stderr)
            report = job.run(environment, dt.datetime.now(dt.UTC))
            if sys.stderr.isatty():
                print(file=sys.stderr)
            print(report.summary())
            failed = failed or report.failed
    finally:
        database.dispose()
    return 1 if failed else 0
