"""Benchmark: a national week — one week of pay data for N workers, ingested and recomputed by P processes.

For each N of `--workers` the database is rebuilt and seeded through the store functions: N workers on
bijstand since the first of the month before last, in municipalities of at most 9,000 (the BSN test
range's size), each worker enrolled with one of its municipality's `--agencies` agencies (every fourth
with a second one too), then filled and ANALYZEd (autovacuum is off here, a running
installation has planner statistics). Then, per N:

1. history: `--history-weeks` weeks pushed through the gateway's ingest service in pushing processes
   (opening the signed and encrypted envelope, judging, encrypting, storing, publishing the outbox
   event; only HTTP is left out; the collector set as a served agency API sets it) and recomputed by P
   consumer processes: the months are then settled as they are in a running installation (reported as
   `first_recompute_*`, not the target figure);
2. the measured week, pushed in batches of at most 1,000 records (an agency's workers) by
   `--ingest-processes` processes at once (default 2, as a served agency API with two workers; each
   the ingest service with its own database pool, one push at a time; `ingest_records_per_second`,
   wall clock from a common start; `ingest_cpu_us_per_record` of those processes and
   `ingest_database_cpu_us_per_record` of their PostgreSQL backends, steadier on a busy machine); in
   the same run the very rows it stored are written again with a plain COPY into a table shaped like
   `pay_record`, on as many connections at once (`copy_records_per_second`). At a small N each agency
   sends one small push (250-312 records at N = 1,000), over which a push's fixed costs (three
   transactions, the agency's keys, the envelope's RSA key) are spread;
3. the recompute of that week by P consumer processes, each the real outbox consumer (SKIP LOCKED
   batches, fan-out, a batch's workers recomputed together) with its own engine, polling until no event is
   left (`recompute_workers_per_second`, wall clock from a common start; `recompute_cpu_ms_per_worker`,
   the CPU of the consumer processes; `database_cpu_ms_per_worker`, of their PostgreSQL backends;
   `peak_rss_mb`, the largest consumer's peak resident memory).

    python bench/national_week.py [--workers 1000,5000,20000] [--full] [--processes 2]
                                  [--ingest-processes 2] [--database-url URL] [--agencies 4]
                                  [--history-weeks 1]

The machine may be busy with other work: compare figures within one run (ratios, the per-N curve),
and read the CPU figures, which other load changes less than the wall clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import resource
import secrets
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import psycopg
from joserfc.jwk import ECKey, Key
from sqlalchemy import func, make_url, select, text

from gateway import gc_tuning
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.ingest import service
from gateway.ingest.config import IngestConfig
from gateway.ingest.context import GatewayContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.security import jose_envelope
from gateway.security import keyring as keyrings
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies, case_facts, enrollments, migrate, municipalities, staff, workers
from gateway.store.db import Database
from gateway.store.models import OutboxEvent, PayRecord
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.identifiers import is_valid_bsn

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/loonbrug_bench_national"
"""A database of its own on the test PostgreSQL server: the bench empties it."""
DEFAULT_WORKERS = "1000,5000,20000"
FULL_WORKERS = "1000,5000,20000,60000"
BATCH = 1000
SEED_CHUNK = 1000
PER_MUNICIPALITY = 9000
"""The test range 9999xxxxx holds about 9,090 BSNs that pass the 11-check: a larger N is spread over
municipalities of at most this many workers, each with its own agencies, reusing the BSNs (a BSN is
unique per municipality, and each agency enrols it once)."""
POLL_SECONDS = 0.05
COPY_COLUMNS = ", ".join(column.name for column in PayRecord.__table__.columns)
"""Every column of `pay_record`, read from the model so that a new column cannot break the COPY."""


def main() -> None:
    """Run the benchmark for every N and print the figures as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", default=DEFAULT_WORKERS, help="comma-separated N (workers)")
    parser.add_argument("--full", action="store_true", help=f"N = {FULL_WORKERS} (a national week)")
    parser.add_argument("--processes", type=int, default=2, help="consumer processes for the recompute")
    parser.add_argument(
        "--ingest-processes",
        type=int,
        default=2,
        help="processes pushing at once; COPY uses as many connections",
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--agencies", type=int, default=4)
    parser.add_argument("--history-weeks", type=int, default=1)
    args = parser.parse_args()
    counts = [int(n) for n in (FULL_WORKERS if args.full else args.workers).split(",")]
    load_before = os.getloadavg()[0]
    runs = [_run(args, n) for n in counts]
    report: dict[str, Any] = {
        "processes": args.processes,
        "ingest_processes": args.ingest_processes,
        "agencies": args.agencies,
        "history_weeks": args.history_weeks,
        "cpus": os.cpu_count(),
        "runs": runs,
        "curve": {
            key: {str(run["workers"]): run[key] for run in runs}
            for key in (
                "recompute_workers_per_second",
                "recompute_cpu_ms_per_worker",
                "recompute_total_cpu_ms_per_worker",
                "ingest_ratio_to_copy",
            )
        },
        # Other work on the machine takes CPU from the bench and PostgreSQL alike; say how much there was.
        "load_average_before_and_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(report, indent=2))


@dataclass(frozen=True)
class Seed:
    """What the bench set up for one N."""

    folder: Path
    keys: GatewayKeys
    sealer: Sealer
    clients: list[tuple[str, Key]]
    """Each agency's client id and signing key."""
    bsns_by_client: dict[str, list[str]]
    benefit_start: dt.date


def _run(args: argparse.Namespace, count: int) -> dict[str, Any]:
    url = args.database_url
    migrate.rebuild(url)
    measured = _measured_monday(dt.date.today())
    with tempfile.TemporaryDirectory(prefix="loonbrug-bench-") as temporary:
        started = time.perf_counter()
        seed = _seed(url, Path(temporary), count, args.agencies, measured)
        seeded = time.perf_counter() - started
        print(f"{count} werkenden gezaaid in {seeded:.1f} s", file=sys.stderr)
        # The pushing processes live through the run, as a served agency API does: the history weeks
        # are pushed by the same processes as the measured one, which therefore pays no start-up.
        with _Pushers(url, seed.folder, args.ingest_processes) as pushers:
            for week in range(args.history_weeks, 0, -1):
                pushers.push(_envelopes(seed, measured - dt.timedelta(weeks=week)))
            first = _recompute(url, seed, args.processes, count)
            ingested = pushers.push(_envelopes(seed, measured))
        copied = _copy(url, ingested["submission_ids"], args.ingest_processes)
        recomputed = _recompute(url, seed, args.processes, count)
    print(
        f"N={count}: ingest {ingested['records_per_second']:.0f}/s, COPY {copied:.0f}/s, "
        f"herberekening {recomputed['workers_per_second']:.0f} werkenden/s",
        file=sys.stderr,
    )
    return {
        "workers": count,
        "records": ingested["records"],
        "ingest_records_per_second": round(ingested["records_per_second"]),
        "copy_records_per_second": round(copied),
        "ingest_ratio_to_copy": round(ingested["records_per_second"] / copied, 3),
        "ingest_cpu_us_per_record": round(ingested["cpu_us_per_record"]),
        "ingest_database_cpu_us_per_record": round(ingested["database_cpu_us_per_record"]),
        "recompute_workers_per_second": round(recomputed["workers_per_second"], 1),
        "recompute_seconds": round(recomputed["seconds"], 2),
        "recompute_cpu_ms_per_worker": round(recomputed["cpu_ms_per_worker"], 2),
        "database_cpu_ms_per_worker": round(recomputed["database_cpu_ms_per_worker"], 2),
        "peak_rss_mb": recomputed["peak_rss_mb"],
        "events_failed": recomputed["failed"],
        "events_per_process": recomputed["events_per_process"],
        # What a worker costs in CPU, consumers and PostgreSQL together: on idle cores, workers per second
        # per core is 1000 over this.
        "recompute_total_cpu_ms_per_worker": round(
            recomputed["cpu_ms_per_worker"] + recomputed["database_cpu_ms_per_worker"], 2
        ),
        "first_recompute_workers_per_second": round(first["workers_per_second"], 1),
        "first_recompute_cpu_ms_per_worker": round(first["cpu_ms_per_worker"], 2),
        "ingest_peak_rss_mb": ingested["peak_rss_mb"],
        "seed_seconds": round(seeded, 1),
    }


def _measured_monday(today: dt.date) -> dt.date:
    """The Monday of the week measured: two weeks back, so its pay date (Friday after) has passed."""
    return today - dt.timedelta(days=today.weekday(), weeks=2)


def _bsns(count: int) -> list[str]:
    found: list[str] = []
    number = 999_900_000
    while len(found) < count:
        if number > 999_999_999:
            raise ValueError(f"the test range holds fewer than {count} valid BSNs")
        if is_valid_bsn(str(number)):
            found.append(str(number))
        number += 1
    return found


def _seed(url: str, folder: Path, count: int, agency_count: int, measured: dt.date) -> Seed:
    keyring = keyrings.generate()
    keyrings.save(keyring, folder / keyrings.KEYRING_FILE)
    keys = GatewayKeys(folder / "gateway", generate=True)
    sealer = Sealer(keyring)
    benefit_start = (measured.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    database = Database.from_url(url)
    clients: list[tuple[str, Key]] = []
    bsns = _bsns(min(count, PER_MUNICIPALITY))
    bsns_by_client: dict[str, list[str]] = {}
    for shard in range(0, count, PER_MUNICIPALITY):
        size = min(PER_MUNICIPALITY, count - shard)
        own = _seed_municipality(
            database, sealer, shard // PER_MUNICIPALITY, bsns[:size], agency_count, benefit_start
        )
        for client, key, client_bsns in own:
            clients.append((client, key))
            bsns_by_client[client] = client_bsns
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    database.dispose()
    return Seed(folder, keys, sealer, clients, bsns_by_client, benefit_start)


def _seed_municipality(
    database: Database,
    sealer: Sealer,
    number: int,
    bsns: Sequence[str],
    agency_count: int,
    benefit_start: dt.date,
) -> list[tuple[str, Key, list[str]]]:
    """Municipality `number` with its consultant, its own agencies and a worker per BSN on bijstand since
    `benefit_start`; each agency's client id, signing key and enrolled BSNs."""
    agencies_made: list[tuple[str, Key, str]] = []
    with database.transaction() as session:
        municipality = municipalities.create(
            session=session, cbs_code=f"GM{999 + number:04d}", name=f"Benchgemeente {number + 1}"
        )
        consultant = staff.create(
            session=session,
            municipality_id=municipality.id,
            subject=f"bench-consulent-{number + 1}",
            display_name="Bench Consulent",
            roles=["consultant"],
        )
        for n in range(agency_count):
            key = ECKey.generate_key("P-256", auto_kid=True)
            client_id = f"bench-bureau-{number + 1}-{n + 1}"
            agency = agencies.create(
                session=session, name=f"Benchbureau {number + 1}.{n + 1}", client_id=client_id
            )
            agencies.add_key(
                session=session,
                agency_id=agency.id,
                kid=str(key.kid),
                public_jwk=key.as_dict(private=False),
                alg="ES256",
            )
            agencies_made.append((client_id, key, agency.id))
        municipality_id, consultant_id = municipality.id, consultant.id
    enrolled: list[list[str]] = [[] for _ in agencies_made]
    for chunk in range(0, len(bsns), SEED_CHUNK):
        with database.transaction() as session:
            for n in range(chunk, min(chunk + SEED_CHUNK, len(bsns))):
                worker = workers.create(
                    session=session,
                    sealer=sealer,
                    municipality_id=municipality_id,
                    bsn=bsns[n],
                    name="Bench Persoon",
                    birth_date=dt.date(1985 + n % 20, 1 + n % 12, 1 + n % 28),
                    consultant_id=consultant_id,
                )
                case_facts.record(
                    session=session,
                    sealer=sealer,
                    worker_id=worker.id,
                    valid_from=benefit_start,
                    valid_to=None,
                    facts=CaseFacts(benefit_start=benefit_start, household_type=HouseholdType.SINGLE),
                    recorded_by=consultant_id,
                )
                at = [n % agency_count] + (
                    [(n + 1) % agency_count] if n % 4 == 0 and agency_count > 1 else []
                )
                for index in at:
                    enrollments.enroll(
                        session=session,
                        worker_id=worker.id,
                        agency_id=agencies_made[index][2],
                        valid_from=benefit_start,
                    )
                    enrolled[index].append(bsns[n])
    return [(client_id, key, enrolled[i]) for i, (client_id, key, _) in enumerate(agencies_made)]


def _records(bsns: Sequence[str], monday: dt.date) -> list[dict[str, Any]]:
    """One weekly pay record per worker for the week from `monday`."""
    week = monday.isocalendar().week
    records = []
    for n, bsn in enumerate(bsns):
        hours = 8 + (n + week) % 30
        gross = hours * 1471
        records.append(
            {
                "recordId": f"W{monday.isoformat()}-{bsn}",
                "bsn": bsn,
                "periodType": "week",
                "periodStart": monday.isoformat(),
                "periodEnd": (monday + dt.timedelta(days=6)).isoformat(),
                "payDate": (monday + dt.timedelta(days=11)).isoformat(),
                "periodNumber": week,
                "hours": f"{hours}.00",
                "grossWage": f"{gross // 100}.{gross % 100:02d}",
                "wageTax": f"{gross // 1000}.{gross % 100:02d}",
                "employeePremiums": "12.40",
                "netWage": f"{gross * 8 // 1000}.{gross % 100:02d}",
                "holidayPayAccrued": f"{gross * 8 // 10000}.00",
            }
        )
    return records


def _envelopes(seed: Seed, monday: dt.date) -> list[tuple[str, bytes, int]]:
    """One week for every agency as sealed pushes of at most `BATCH` records each: (client id, envelope,
    records)."""
    encryption_key = seed.keys.encryption_key
    envelopes: list[tuple[str, bytes, int]] = []
    for client_id, key in seed.clients:
        bsns = seed.bsns_by_client[client_id]
        for start in range(0, len(bsns), BATCH):
            batch = bsns[start : start + BATCH]
            payload = json.dumps(
                {
                    "messageId": f"bench-{secrets.token_hex(8)}",
                    "createdAt": dt.datetime.now(dt.UTC).isoformat(),
                    "records": _records(batch, monday),
                }
            ).encode()
            sealed = jose_envelope.seal(payload, signing_key=key, encryption_key=encryption_key)
            envelopes.append((client_id, sealed.encode(), len(batch)))
    return envelopes


class _Pushers:
    """`count` pushing processes, each the ingest service as a served agency API runs it (its own pool,
    the collector settled), pushing what it is handed one push at a time from a common start."""

    def __init__(self, url: str, folder: Path, count: int) -> None:
        spawn = multiprocessing.get_context("spawn")
        self.url = url
        self.go = spawn.Event()
        self.ready: Any = spawn.Queue()
        self.done: Any = spawn.Queue()
        self.inboxes: list[Any] = [spawn.Queue() for _ in range(count)]
        self.children = [
            spawn.Process(target=_pusher, args=(url, str(folder), inbox, self.ready, self.go, self.done))
            for inbox in self.inboxes
        ]

    def __enter__(self) -> _Pushers:
        for child in self.children:
            child.start()
        return self

    def __exit__(self, *_: object) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for child in self.children:
            child.join(timeout=60)
            if child.is_alive():
                child.kill()

    def push(self, envelopes: list[tuple[str, bytes, int]]) -> dict[str, Any]:
        """Push `envelopes`, shared so that each process gets about as many records, and measure."""
        shares: list[list[tuple[str, bytes]]] = [[] for _ in self.inboxes]
        loads = [0] * len(shares)
        # The largest pushes first, each to the least loaded process.
        for client_id, envelope, size in sorted(envelopes, key=lambda item: -item[2]):
            least = loads.index(min(loads))
            shares[least].append((client_id, envelope))
            loads[least] += size
        for inbox, share in zip(self.inboxes, shares, strict=True):
            inbox.put(share)
        for _ in shares:
            self.ready.get(timeout=300)
        database_before = _backend_cpu(self.url)
        started = time.perf_counter()
        self.go.set()
        results = [self.done.get(timeout=3600) for _ in shares]
        # Every process has passed the start: the next round waits for it again.
        self.go.clear()
        database_after = _backend_cpu(self.url)
        database_cpu = sum(cpu - database_before.get(pid, 0.0) for pid, cpu in database_after.items())
        failures = [result["error"] for result in results if "error" in result]
        if failures:
            raise RuntimeError(f"a push failed: {failures[0]}")
        elapsed = max(result["finished"] for result in results) - started
        stored = sum(result["stored"] for result in results)
        return {
            "records": stored,
            "records_per_second": stored / elapsed,
            # A handful of pushes take a fraction of a second: the wall clock moves with other load on
            # the machine, CPU per record much less.
            "cpu_us_per_record": sum(result["cpu"] for result in results) / stored * 1e6,
            "database_cpu_us_per_record": database_cpu / stored * 1e6,
            "submission_ids": [sid for result in results for sid in result["submission_ids"]],
            "peak_rss_mb": round(max(result["peak_kb"] for result in results) / 1024, 1),
        }


def _pusher(url: str, folder: str, inbox: Any, ready: Any, go: Event, done: Any) -> None:
    """One pushing process: connect once, then for each share handed to it wait for the common start
    and push the share one push at a time; ends when handed None."""
    database = Database.from_url(url)
    context = GatewayContext.create(
        database=database,
        sealer=Sealer(keyrings.load(Path(folder) / keyrings.KEYRING_FILE)),
        keys=GatewayKeys(Path(folder) / "gateway"),
        config=IngestConfig(issuer="http://bench"),
    )
    with database.transaction() as session:
        # Connect before the start, so the connection is not part of what is measured.
        session.execute(text("SELECT 1"))
    gc_tuning.settle_after_start_up()
    while (share := inbox.get()) is not None:
        ready.put(os.getpid())
        go.wait()
        done.put(_push_share(context, share))
    database.dispose()


def _push_share(context: GatewayContext, share: list[tuple[str, bytes]]) -> dict[str, Any]:
    result: dict[str, Any] = {"stored": 0, "submission_ids": []}
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        for client_id, envelope in share:
            signed = service.receive_push(
                context=context,
                client_id=client_id,
                idempotency_key=f"bench-{secrets.token_hex(12)}",
                envelope=envelope,
            )
            counts = json.loads(signed.body)["counts"]
            if counts["refused"]:
                raise RuntimeError(f"records refused: {counts}")
            result["stored"] += counts["stored"]
            result["submission_ids"].append(signed.submission_id)
    except Exception as exc:  # reported to the bench process, which stops with it
        result["error"] = repr(exc)
    after = resource.getrusage(resource.RUSAGE_SELF)
    result["finished"] = time.perf_counter()
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["peak_kb"] = _peak_resident_kb()
    return result


def _copy(url: str, submission_ids: list[str], connections: int) -> float:
    """COPY the rows ingestion stored, batch by batch on `connections` connections at once (as many as
    pushed them), each batch in its own transaction."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_copy")
        connection.execute("CREATE TABLE bench_copy (LIKE pay_record INCLUDING ALL)")
        batches = [
            connection.execute(
                f"SELECT {COPY_COLUMNS} FROM pay_record WHERE submission_id = %s", (sid,)
            ).fetchall()
            for sid in submission_ids
        ]
    # Each connection open before the clock starts, as a pushing process's pool has it.
    opened = [psycopg.connect(dsn) for _ in range(connections)]
    shares = [batches[number::connections] for number in range(connections)]

    def copy(connection: psycopg.Connection[Any], share: list[list[Any]]) -> int:
        copied = 0
        for rows in share:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY bench_copy ({COPY_COLUMNS}) FROM STDIN") as stream,
            ):
                for row in rows:
                    stream.write_row(row)
            connection.commit()
            copied += len(rows)
        return copied

    try:
        with ThreadPoolExecutor(max_workers=connections) as pool:
            started = time.perf_counter()
            total = sum(pool.map(copy, opened, shares))
            elapsed = time.perf_counter() - started
    finally:
        for connection in opened:
            connection.close()
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("DROP TABLE bench_copy")
    return total / elapsed


def _consumer(url: str, keyring_file: str, ready: Event, go: Event, done: Any, leave: Event) -> None:
    """One consumer process: connect, wait for the common start, drain the outbox until nothing is left."""
    database = Database.from_url(url)
    policy = jobs_policy()
    table = handlers(
        sealer=Sealer(keyrings.load(Path(keyring_file))),
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        ytd_tolerance=policy.ytd_tolerance,
        missing=policy.missing_data,
        sender=None,
    )
    with database.transaction() as session:
        # Connect before the start, so the connection is not part of what is measured.
        session.execute(text("SELECT 1"))
    # As `loonbrug serve jobs` does once it has started.
    gc_tuning.settle_after_start_up()
    ready.set()
    go.wait()
    before = resource.getrusage(resource.RUSAGE_SELF)
    failed = processed = 0
    while True:
        now = dt.datetime.now(dt.UTC)
        report = process_outbox(sessions=database.sessions, handlers=table, now=now, policy=policy.outbox)
        failed += report.count("failed")
        processed += report.count("processed")
        with database.transaction() as session:
            # Others may still hold events (a fan-out in hand adds more): wait until none is due, by
            # the clock now, not at the run's start (what others published since is due too).
            left = session.scalar(
                select(func.count())
                .select_from(OutboxEvent)
                .where(
                    OutboxEvent.processed_at.is_(None),
                    OutboxEvent.available_at <= dt.datetime.now(dt.UTC),
                )
            )
        if not left:
            break
        time.sleep(POLL_SECONDS)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    done.put((time.perf_counter(), cpu, _peak_resident_kb(), failed, processed))
    # Stay connected until the parent has read the backend's CPU.
    leave.wait()
    database.dispose()


def _recompute(url: str, seed: Seed, processes: int, count: int) -> dict[str, Any]:
    """Recompute what the outbox holds with `processes` consumer processes started at one moment."""
    spawn = multiprocessing.get_context("spawn")
    go, leave, done = spawn.Event(), spawn.Event(), spawn.Queue()
    readies = [spawn.Event() for _ in range(processes)]
    keyring_file = str(seed.folder / keyrings.KEYRING_FILE)
    children = [
        spawn.Process(target=_consumer, args=(url, keyring_file, ready, go, done, leave)) for ready in readies
    ]
    for child in children:
        child.start()
    for ready in readies:
        if not ready.wait(120):
            raise RuntimeError("a consumer process did not start")
    database_before = _backend_cpu(url)
    started = time.perf_counter()
    go.set()
    results = [done.get(timeout=3600) for _ in children]
    database_after = _backend_cpu(url)
    database_cpu = sum(cpu - database_before.get(pid, 0.0) for pid, cpu in database_after.items())
    leave.set()
    for child in children:
        child.join()
    elapsed = max(finished for finished, *_ in results) - started
    return {
        "seconds": elapsed,
        "workers_per_second": count / elapsed,
        "cpu_ms_per_worker": sum(cpu for _, cpu, *_ in results) / count * 1000,
        "database_cpu_ms_per_worker": database_cpu / count * 1000,
        "peak_rss_mb": round(max(rss for _, _, rss, *_ in results) / 1024, 1),
        "failed": sum(result[3] for result in results),
        # How the events were shared: each process's count, to see that none sat idle.
        "events_per_process": sorted(result[4] for result in results),
    }


def _peak_resident_kb() -> int:
    """This process's own peak resident memory in KiB (Linux's VmHWM).

    Not `ru_maxrss`: Linux carries that over a fork and an exec, so a spawned consumer would report the
    bench process's own peak when that is larger (it holds the seeded workers and pushed records:
    280 MB at 60,000 workers), not its own.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _cpu_of(pid: int) -> float:
    """User plus system CPU seconds of one process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_cpu(url: str) -> dict[int, float]:
    """CPU seconds of every client backend of the bench database, by process id."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        ).fetchall()
    return {pid: _cpu_of(pid) for (pid,) in pids}


if __name__ == "__main__":
    main()
