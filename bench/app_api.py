"""Benchmark: the worker's weeks endpoint (`GET /v1/mij/weken`) under concurrent clients, on PostgreSQL.

A real uvicorn server (started here, on 127.0.0.1) serves the app API on a database this script fills:
workers with half a year of weekly pay records, their week figures and settlements computed by the real
recompute job. Each client is one keep-alive connection with its own worker's development token,
asking for the first page (20 weeks) again and again. In the same run a bare Starlette JSON endpoint
is measured the same way on the same kind of server, as the yardstick of what this machine, Python and
uvicorn can do at all.

    python bench/app_api.py [--clients 64] [--seconds 10] [--rounds 1] [--workers 1] [--http h11]

Prints one JSON document (the table goes to stderr). Every client comes from 127.0.0.1, so the app's
per-address rate limit is lifted for the run; a run with any non-200 answer reports them under `errors`.

Targets: p99 under 50 ms, and at least 25% of the bare endpoint's throughput. The load generator is a
lean asyncio client in this process (raw HTTP/1.1, no client library), so it takes little of the CPU the
servers need. The database given by --database-url is emptied; by default the bench creates its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path, where this file would shadow the app_api package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402

import httpx  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from app_api.config import AppApiSettings, IssuerKind  # noqa: E402
from app_api.dev_issuer import DevIssuer  # noqa: E402
from gateway.engine import load_default_policy, load_parameters  # noqa: E402
from gateway.jobs.recompute import recompute_worker  # noqa: E402
from gateway.security import keyring as keyrings  # noqa: E402
from gateway.settings import Settings  # noqa: E402
from gateway.store import (  # noqa: E402
    agencies,
    case_facts,
    enrollments,
    migrate,
    municipalities,
    pay_records,
    submissions,
    workers,
)
from gateway.store.base import utcnow  # noqa: E402
from gateway.store.db import Database  # noqa: E402
from gateway.store.sealing import Sealer  # noqa: E402
from schemas.benefit_case import HouseholdType  # noqa: E402
from schemas.case_facts import CaseFacts  # noqa: E402
from schemas.identifiers import is_valid_bsn  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/loonbrug_bench_app"
FIRST_MONDAY = dt.date(2026, 1, 5)
PAY_WEEKS = 26
PATH = "/v1/mij/weken"


def bare_app() -> Starlette:
    """The yardstick: one Starlette route answering a small JSON document."""

    async def hello(request: Request) -> JSONResponse:
        return JSONResponse({"week": "2026-W08", "net": "451.37"})

    return Starlette(routes=[Route(PATH, hello)])


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--clients", type=int, default=64, help="concurrent keep-alive clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per endpoint")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured time before measuring")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the two endpoints in turn this many times (both servers stay up), so a change in the "
        "machine's other load falls on both alike",
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (both servers)")
    parser.add_argument("--people", type=int, default=64, help="workers with computed figures")
    parser.add_argument(
        "--http", default="auto", choices=["auto", "h11", "httptools"], help="uvicorn's HTTP/1.1 parser"
    )
    parser.add_argument(
        "--loop", default="auto", choices=["auto", "asyncio", "uvloop"], help="uvicorn's loop"
    )
    args = parser.parse_args()

    url = args.database_url
    migrate.rebuild(url)
    folder = Path(tempfile.mkdtemp(prefix="loonbrug-bench-app-"))
    started = time.monotonic()
    tokens = _seed(url, folder, args.people)
    print(f"{args.people} werkenden met cijfers in {time.monotonic() - started:.0f} s", file=sys.stderr)

    env = _server_env(url, folder)
    bare, app = _measure_in_turn(env, tokens, args)
    log = sys.stderr
    print(
        f"\nGET {PATH}: {args.clients} clients, {args.rounds} x {args.seconds:.0f} s each, "
        f"{args.workers} uvicorn worker(s)",
        file=log,
    )
    print(
        f"{'endpoint':<20}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'server CPU ms/req':>19}",
        file=log,
    )
    for name, result in (("bare Starlette", bare), ("app API (weken)", app)):
        print(
            f"{name:<20}{result.rate:>8.0f}{result.p50:>9.1f}{result.p99:>9.1f}{sum(result.errors.values()):>8}"
            f"{result.cpu_ms:>19.2f}",
            file=log,
        )
    ratio = app.rate / bare.rate if bare.rate else 0.0
    print(f"\napp API / bare: {ratio:.0%} (target >= 25%); p99 {app.p99:.1f} ms (target <= 50 ms)", file=log)
    load = Path("/proc/loadavg").read_text().split()[0]
    report = {
        "path": PATH,
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "uvicorn_workers": args.workers,
        "http": args.http,
        "loop": args.loop,
        "bare": asdict(bare),
        "app": asdict(app),
        "app_to_bare": round(ratio, 3),
        "targets_met": ratio >= 0.25 and app.p99 <= 50 and not app.errors,
        "load_average_at_end": float(load),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))


def _server_env(url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LOONBRUG_DATABASE_URL": url,
        "LOONBRUG_DATA_DIR": str(folder),
        "LOONBRUG_KEY_DIR": str(folder / "keys"),
        "LOONBRUG_DEV_ISSUER": "true",
        "LOONBRUG_APP_URL": "http://127.0.0.1",
        # All clients share 127.0.0.1: the per-address limit (50/s) would answer nearly everything with 429.
        "LOONBRUG_APP_RATE_PER_SECOND": "1000000",
        "LOONBRUG_APP_RATE_BURST": "1000000",
    }


def _bsns(count: int) -> list[str]:
    found: list[str] = []
    number = 999_000_000
    while len(found) < count:
        number += 1
        if is_valid_bsn(str(number)):
            found.append(str(number))
    return found


def _seed(url: str, folder: Path, people: int) -> list[str]:
    """Workers with pay records and computed figures; returns one development token per worker."""
    settings = Settings(data_dir=folder, key_dir=folder / "keys", app_url="http://127.0.0.1")
    sealer = Sealer(keyrings.load_for(settings))
    database = Database.from_url(url)
    parameters, policy = load_parameters(), load_default_policy()
    with database.transaction() as session:
        municipality = municipalities.create(session=session, cbs_code="GM9999", name="Benchgemeente")
        agency = agencies.create(session=session, name="Bench Uitzend", client_id="bench-uitzend")
        submission = submissions.create(
            session=session,
            sealer=sealer,
            agency_id=agency.id,
            message_id="bench-0001",
            message_created_at=utcnow(),
            envelope="eyJiZW5jaCI6dHJ1ZX0",
        )
        ids = []
        for number, bsn in enumerate(_bsns(people)):
            worker = workers.create(
                session=session,
                sealer=sealer,
                municipality_id=municipality.id,
                bsn=bsn,
                name=f"Werkende {number}",
                birth_date=dt.date(1985, 1, 1),
            )
            case_facts.record(
                session=session,
                sealer=sealer,
                worker_id=worker.id,
                valid_from=dt.date(2026, 1, 1),
                valid_to=None,
                facts=CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE),
                recorded_by="bench",
            )
            enrollments.enroll(
                session=session, worker_id=worker.id, agency_id=agency.id, valid_from=FIRST_MONDAY
            )
            for week in range(PAY_WEEKS):
                start = FIRST_MONDAY + dt.timedelta(weeks=week)
                pay_records.append_first(
                    session=session,
                    sealer=sealer,
                    record=pay_records.NewPayRecord(
                        agency_id=agency.id,
                        worker_id=worker.id,
                        record_id=f"B{number}-{week}",
                        submission_id=submission.id,
                        period_type="week",
                        period_start=start,
                        period_end=start + dt.timedelta(days=6),
                        pay_date=start + dt.timedelta(days=11),
                        content={
                            "hours": "24.00",
                            "gross_wage": "390.00",
                            "wage_tax": "20.00",
                            "employee_premiums": "15.00",
                            "net_wage": "355.00",
                        },
                    ),
                )
            ids.append(worker.id)
    with database.transaction() as session:
        for worker_id in ids:
            recompute_worker(
                session=session,
                sealer=sealer,
                worker_id=worker_id,
                parameters=parameters,
                default_policy=policy,
                now=dt.datetime.now(dt.UTC),
            )
    database.dispose()
    issuer = DevIssuer.from_settings(settings, AppApiSettings())
    return [
        issuer.issue(
            kind=IssuerKind.WORKER, subject=worker_id, claims={"bsn": bsn}, lifetime=dt.timedelta(hours=2)
        )
        for worker_id, bsn in zip(ids, _bsns(people), strict=True)
    ]


@dataclass(frozen=True)
class Result:
    """Throughput and latency of one endpoint."""

    rate: float
    p50: float
    p99: float
    errors: dict[str, int]
    """Answers other than 200, by status."""
    cpu_ms: float
    """Server CPU time (user + system, all its processes) per request: unlike req/s, this hardly
    depends on what else the machine is doing."""


class Server:
    """A uvicorn process on a free loopback port."""

    def __init__(self, target: list[str], env: dict[str, str], args: argparse.Namespace) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            *target,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(args.workers),
            "--http",
            args.http,
            "--loop",
            args.loop,
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=_HERE.parent)  # noqa: S603 - our own interpreter
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}{PATH}", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start")

    def cpu_seconds(self) -> float:
        """User and system CPU time the server's processes (uvicorn and its workers) used so far."""
        pids = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass
class Samples:
    """What the load generator saw of one endpoint, over one or more rounds."""

    latencies: list[float]
    errors: Counter[str]
    cpu_seconds: float = 0.0
    seconds: float = 0.0

    def result(self) -> Result:
        """The figures of these samples."""
        ordered = sorted(self.latencies)
        return Result(
            rate=round(len(ordered) / self.seconds, 1),
            p50=round(statistics.median(ordered) * 1000, 2),
            p99=round(ordered[int(len(ordered) * 0.99)] * 1000, 2),
            errors=dict(self.errors),
            cpu_ms=round(self.cpu_seconds / len(ordered) * 1000, 3),
        )


def _measure_in_turn(
    env: dict[str, str], tokens: list[str], args: argparse.Namespace
) -> tuple[Result, Result]:
    """The bare endpoint and the app, each loaded for `--seconds` in each of `--rounds` turns."""
    servers = [
        (Server(["bench.app_api:bare_app"], env, args), [""]),
        (Server(["app_api.app:create_app"], env, args), tokens),
    ]
    samples = [Samples([], Counter()), Samples([], Counter())]
    try:
        for _ in range(args.rounds):
            for (server, its_tokens), seen in zip(servers, samples, strict=True):
                asyncio.run(_load(server, its_tokens, args.clients, args.warmup, args.seconds, seen))
    finally:
        for server, _ in servers:
            server.stop()
    return samples[0].result(), samples[1].result()


async def _client(
    port: int,
    request: bytes,
    warm_until: float,
    stop_at: float,
    latencies: list[float],
    errors: Counter[str],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            began = time.perf_counter()
            if began >= stop_at:
                return
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            if began >= warm_until:
                latencies.append(time.perf_counter() - began)
                if head[9:12] != b"200":
                    errors[head[9:12].decode()] += 1
    finally:
        writer.close()


async def _cpu_between(server: Server, start: float, end: float) -> float:
    await asyncio.sleep(start - time.perf_counter())
    before = server.cpu_seconds()
    await asyncio.sleep(end - time.perf_counter())
    return server.cpu_seconds() - before


async def _load(
    server: Server, tokens: list[str], clients: int, warmup: float, seconds: float, samples: Samples
) -> None:
    start = time.perf_counter()
    warm_until, stop_at = start + warmup, start + warmup + seconds
    requests = []
    for number in range(clients):
        token = tokens[number % len(tokens)]
        authorization = f"Authorization: Bearer {token}\r\n" if token else ""
        requests.append(f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n{authorization}\r\n".encode())
    cpu = asyncio.create_task(_cpu_between(server, warm_until, stop_at))
    await asyncio.gather(
        *(
            _client(server.port, request, warm_until, stop_at, samples.latencies, samples.errors)
            for request in requests
        )
    )
    samples.cpu_seconds += await cpu
    samples.seconds += seconds


if __name__ == "__main__":
    main()
