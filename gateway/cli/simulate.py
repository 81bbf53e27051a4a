"""`loonbrug simulate`: a seeded pilot through the real pipeline, next to estimate-then-recover.

    loonbrug simulate --workers 250 --months 12 --seed 1 [--seeds K] [--policy FILE] [--out DIR]
                      [--json] [--first-month YYYY-MM]

Each seed runs on a fresh installation of its own: a temporary SQLite file, or, when
LOONBRUG_DATABASE_URL points at PostgreSQL, a schema of its own in that database that is dropped
afterwards (no other data is read or changed). The report (report.md and charts) goes to --out; with
--json the figures go to stdout as JSON and nothing else does. A progress bar shows on a terminal.
Bad input is one line on stderr and exit code 2; refused in production settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from sqlalchemy import make_url

from connectors.client import ClientError
from gateway.cli.output import Progress, print_json
from gateway.engine.parameters.loader import load_parameters
from gateway.settings import Environment, get_settings
from gateway.simulation.cohort import MAX_WORKERS
from gateway.simulation.consultant import ActorFailed
from gateway.simulation.report import summary_json
from gateway.simulation.runner import PolicyFileError, Simulated, read_policy, simulate
from schemas.periods import Month

DEFAULT_OUT = Path("loonbrug-data") / "simulatie"
DEFAULT_FIRST_MONTH = "2025-02"
"""The first month whose previous month the parameter files still cover: a pay period that holds the
first day may begin in the month before, and that month is then settled too."""
MAX_MONTHS = 60
MAX_SEEDS = 100


class InputError(ValueError):
    """A command-line value that cannot be used; the message is the one line shown."""


def register(subparsers: Any) -> None:
    """Add `loonbrug simulate`."""
    parser = subparsers.add_parser(
        "simulate",
        description=(
            "Simuleert een pilot met verzonnen flexwerkers door de echte Loonbrug-keten (uitzendbureaus, "
            "gateway, taken, consulenten) en naast de gebruikelijke werkwijze, en schrijft een rapport."
        ),
    )
    parser.add_argument("--workers", type=int, default=250, help="aantal flexwerkers (standaard 250)")
    parser.add_argument("--months", type=int, default=12, help="aantal maanden (standaard 12)")
    parser.add_argument("--seed", type=int, default=1, help="eerste seed (standaard 1)")
    parser.add_argument(
        "--seeds", type=int, default=1, help="aantal runs met opeenvolgende seeds (standaard 1)"
    )
    parser.add_argument("--policy", type=Path, help="gemeentelijk beleid (JSON), met eventueel 'simulation'")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"map voor het rapport (standaard {DEFAULT_OUT})"
    )
    parser.add_argument("--json", action="store_true", help="de cijfers als JSON op stdout")
    parser.add_argument(
        "--first-month",
        default=DEFAULT_FIRST_MONTH,
        metavar="YYYY-MM",
        help=f"eerste maand (standaard {DEFAULT_FIRST_MONTH})",
    )
    parser.set_defaults(handler=_simulate)


def _first_month(text: str) -> Month:
    try:
        month = Month.parse(text)
    except ValueError:
        raise InputError(f"--first-month: verwacht een maand als 2025-02, niet '{text}'") from None
    earliest = min(series.values[0].valid_from for series in _series())
    if month.shift(-1).first_day < earliest:
        allowed = Month.of(earliest).shift(1)
        raise InputError(
            f"--first-month: de parameterbestanden beginnen op {earliest:%d-%m-%Y}; kies {allowed} of later"
        )
    return month


def _series() -> list[Any]:
    parameters = load_parameters()
    return [parameters.series(name) for name in sorted(parameters.keys)]


def _check(args: argparse.Namespace) -> Month:
    if not 1 <= args.workers <= MAX_WORKERS:
        raise InputError(f"--workers: tussen 1 en {MAX_WORKERS}, niet {args.workers}")
    if not 1 <= args.months <= MAX_MONTHS:
        raise InputError(f"--months: tussen 1 en {MAX_MONTHS}, niet {args.months}")
    if not 1 <= args.seeds <= MAX_SEEDS:
        raise InputError(f"--seeds: tussen 1 en {MAX_SEEDS}, niet {args.seeds}")
    if args.seed < 0:
        raise InputError(f"--seed: 0 of hoger, niet {args.seed}")
    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out: {args.out} is geen map")
    return _first_month(args.first_month)


def _database_url() -> str | None:
    """LOONBRUG_DATABASE_URL when it points at PostgreSQL; else None (a temporary SQLite file): a
    simulation never writes into an SQLite file someone uses."""
    url = get_settings().database_url
    if url is None or make_url(url).get_backend_name() != "postgresql":
        return None
    return url


def _print_summary(result: Simulated, out: TextIO) -> None:
    figures = summary_json(result.outcomes)
    loonbrug, baseline = figures["loonbrug"], figures["baseline"]
    out.write(f"rapport: {result.report}\n")
    out.write(f"rekentijd {result.seconds:.0f} s, piekgeheugen {result.peak_rss_mb:.0f} MB\n")
    rows = (
        ("terugvorderingen", "recoveryClaims"),
        ("totaal teruggevorderd (EUR)", "recoveryTotal"),
        ("niet verrekend (EUR)", "notOffset"),
        ("aandeel met onderzoekssignaal", "investigationShare"),
    )
    out.write(f"{'':32}{'Loonbrug':>14}{'gebruikelijk':>14}\n")
    for label, key in rows:
        out.write(f"{label:32}{loonbrug[key]:>14}{baseline[key]:>14}\n")


def _production() -> bool:
    # Production settings that refuse the development defaults do not even load: ask the variable too.
    if os.environ.get("LOONBRUG_ENVIRONMENT", "").strip().lower() == Environment.PRODUCTION.value:
        return True
    try:
        return get_settings().environment is Environment.PRODUCTION
    except ValidationError:
        return False


def _simulate(args: argparse.Namespace) -> int:
    if _production():
        print("simuleren kan niet in productie (LOONBRUG_ENVIRONMENT=production)", file=sys.stderr)
        return 2
    try:
        first_month = _check(args)
        if args.policy is not None:
            read_policy(args.policy)
    except (InputError, PolicyFileError) as error:
        print(str(error), file=sys.stderr)
        return 2
    bar = Progress("simuleren", unit="dagen")

    def progress(seed: int, seeds: int, day: int, days: int) -> None:
        bar.describe(f"run {seed}/{seeds}")
        bar.show(day, days)

    try:
        result = simulate(
            workers=args.workers,
            months=args.months,
            seeds=[args.seed + offset for offset in range(args.seeds)],
            first_month=first_month,
            policy_file=args.policy,
            out=args.out,
            database_url=_database_url(),
            progress=progress,
        )
    except (ActorFailed, ClientError) as error:
        # The real pipeline answered the simulation unexpectedly: that is a finding, not a crash.
        print(f"de simulatie liep vast: {error}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    if args.json:
        print_json(summary_json(result.outcomes))
    else:
        _print_summary(result, sys.stdout)
    return 0
