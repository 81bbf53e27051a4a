"""Benchmark: pay records pushed over loopback HTTP through the whole agency API into PostgreSQL.

A real uvicorn server (started here, on 127.0.0.1) receives batches of 1,000 records as signed and
encrypted envelopes, with a real token, and stores them (judging, encryption, bulk write, receipt). In
the same run the very rows it stored are written again with a plain COPY into a table shaped like
`pay_record` (same indexes), with the same number of connections: the ratio is ingestion speed over
raw database speed. Peak RSS is measured on a fresh single-process server for one 10,000-record batch.

    python bench/ingest.py [--batches 30] [--concurrency 4] [--workers 2]

The envelopes are sealed before the clock starts, so the figure is the server's throughput; the
AgencyClient figure (signing and encrypting while pushing, one batch at a time) is reported apart.
The database given by --database-url is emptied; by default the bench creates its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psycopg
from joserfc import jwt
from joserfc.jwk import ECKey, Key
from sqlalchemy import make_url, text

from connectors.client import AgencyClient
from gateway.security import dpop, jose_envelope
from gateway.security import keyring as keyrings
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies, enrollments, migrate, municipalities, workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/loonbrug_bench_ingest"
FIRST_MONDAY = dt.date(2020, 1, 6)
COPY_COLUMNS = (
    "id, agency_id, worker_id, record_id, version, lineage_id, supersedes_id, submission_id, period_type,"
    " period_start, period_end, pay_date, content_encrypted, content_digest, content_digest_kid, received_at"
)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--batches", type=int, default=30, help="timed batches of --batch-size records")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=6, help="pushes in flight at once")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--client-batches", type=int, default=5, help="batches pushed through AgencyClient")
    args = parser.parse_args()

    url = args.database_url
    load_before = os.getloadavg()[0]
    migrate.rebuild(url)
    with tempfile.TemporaryDirectory(prefix="loonbrug-bench-") as temporary:
        # Development keys for this run only; they go when the run ends.
        folder = Path(temporary)
        env = _server_env(url, folder)
        seed = _seed(url, folder, args.batch_size)
        print(f"database {make_url(url).database}, {args.batch_size} werkenden", file=sys.stderr)
        weeks = Weeks()
        rss = _measure_rss(env, seed, weeks)
        throughput = _measure_throughput(env, seed, weeks, args, url)
        copied = _measure_copy(url, throughput.pop("submission_ids"), args.concurrency)
        client_rate = _measure_client(env, seed, weeks, args)
    copy_rate = copied["records_per_second"]

    report = {
        "records_per_second": round(throughput["records_per_second"]),
        "copy_records_per_second": round(copy_rate),
        "ratio_to_copy": round(throughput["records_per_second"] / copy_rate, 3),
        "agency_client_records_per_second": round(client_rate),
        # CPU per record, independent of what else runs on the machine: our server processes, the
        # PostgreSQL backends serving them, and the backends doing the plain COPY.
        "server_cpu_us_per_record": throughput["server_cpu_us_per_record"],
        "database_cpu_us_per_record": throughput["database_cpu_us_per_record"],
        "copy_database_cpu_us_per_record": copied["database_cpu_us_per_record"],
        "peak_rss_mb_10000_batch": rss["peak_mb"],
        "idle_rss_mb": rss["idle_mb"],
        "seconds_for_10000_batch": rss["seconds"],
        "batches": args.batches,
        "batch_size": args.batch_size,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        # Other work on the machine takes CPU from the server and PostgreSQL alike; say how much there was.
        "load_average_before_and_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(report, indent=2))


def _server_env(url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LOONBRUG_DATABASE_URL": url,
        "LOONBRUG_DATA_DIR": str(folder),
        "LOONBRUG_KEY_DIR": str(folder / "keys"),
        "LOONBRUG_DEV_KEYS": "true",
        # The production limit (5 pushes/s per agency) would be what is measured; lift it for the bench.
        "LOONBRUG_INGEST_PUSH_RATE": "100000",
        "LOONBRUG_INGEST_PUSH_BURST": "100000",
    }


class Seed:
    """What the bench set up: the agency's key and client id, the workers' BSNs, the gateway's key."""

    def __init__(self, client_id: str, key: Key, bsns: list[str], encryption_key: Key) -> None:
        self.client_id = client_id
        self.key = key
        self.bsns = bsns
        self.encryption_key = encryption_key


def _seed(url: str, folder: Path, count: int) -> Seed:
    keyring = keyrings.generate()
    keyrings.save(keyring, folder / "keys" / keyrings.KEYRING_FILE)
    gateway_keys = GatewayKeys(folder / "keys" / "gateway", generate=True)
    sealer = Sealer(keyring)
    key = ECKey.generate_key("P-256", auto_kid=True)
    bsns = [b for b in (str(n) for n in range(999_900_000, 1_000_000_000)) if is_valid_bsn(b)][:count]
    database = Database.from_url(url)
    with database.transaction() as session:
        agency = agencies.create(session=session, name="Benchbureau", client_id="bench-bureau")
        agencies.add_key(
            session=session,
            agency_id=agency.id,
            kid=str(key.kid),
            public_jwk=key.as_dict(private=False),
            alg="ES256",
        )
        municipality = municipalities.create(session=session, cbs_code="GM0999", name="Benchgemeente")
        for bsn in bsns:
            worker = workers.create(
                session=session,
                sealer=sealer,
                municipality_id=municipality.id,
                bsn=bsn,
                name="Bench Persoon",
                birth_date=dt.date(1990, 1, 1),
            )
            enrollments.enroll(
                session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2019, 1, 1)
            )
    with database.engine.connect() as connection:
        # A running installation has planner statistics; a freshly filled one gets them here.
        connection.execute(text("ANALYZE"))
    database.dispose()
    return Seed("bench-bureau", key, bsns, gateway_keys.encryption_key)


class Weeks:
    """Hands out week numbers, so no two batches hold the same worker and week."""

    def __init__(self) -> None:
        self.next = 0

    def take(self, count: int = 1) -> int:
        """The first of `count` unused weeks."""
        first, self.next = self.next, self.next + count
        return first


def _records(seed: Seed, first_week: int, weeks: int = 1) -> list[dict[str, Any]]:
    """One weekly pay record per worker for each of `weeks` weeks."""
    records = []
    for week in range(first_week, first_week + weeks):
        monday = FIRST_MONDAY + dt.timedelta(weeks=week)
        for n, bsn in enumerate(seed.bsns):
            hours = 16 + (n + week) % 24
            gross = hours * 1471
            records.append(
                {
                    "recordId": f"W{week:04d}-{n:05d}",
                    "bsn": bsn,
                    "periodType": "week",
                    "periodStart": monday.isoformat(),
                    "periodEnd": (monday + dt.timedelta(days=6)).isoformat(),
                    "payDate": (monday + dt.timedelta(days=11)).isoformat(),
                    "periodNumber": week % 52 + 1,
                    "hours": f"{hours}.00",
                    "grossWage": f"{gross // 100}.{gross % 100:02d}",
                    "wageTax": f"{gross // 1000}.{gross % 100:02d}",
                    "employeePremiums": "12.40",
                    "netWage": f"{gross * 8 // 1000}.{gross % 100:02d}",
                    "holidayPayAccrued": f"{gross * 8 // 10000}.00",
                }
            )
    return records


def _envelope(seed: Seed, records: list[dict[str, Any]]) -> str:
    payload = json.dumps(
        {
            "messageId": f"bench-{secrets.token_hex(8)}",
            "createdAt": dt.datetime.now(dt.UTC).isoformat(),
            "records": records,
        }
    ).encode()
    return jose_envelope.seal(payload, signing_key=seed.key, encryption_key=seed.encryption_key)


class Server:
    """A uvicorn process serving the agency API."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**env, "LOONBRUG_GATEWAY_URL": self.url}
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "gateway.ingest.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        self.process = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter and module
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")

    def stop(self) -> None:
        """Stop the server and wait for it."""
        self.process.terminate()
        self.process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _token(url: str, seed: Seed) -> str:
    now = int(time.time())
    claims = {
        "iss": seed.client_id,
        "sub": seed.client_id,
        "aud": f"{url}/v1/oauth/token",
        "iat": now,
        "exp": now + 60,
        "jti": secrets.token_urlsafe(16),
    }
    assertion = jwt.encode({"alg": "ES256", "kid": seed.key.kid}, claims, seed.key)
    form = {
        "grant_type": "client_credentials",
        "client_assertion": assertion,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    }
    proof = dpop.make(seed.key, method="POST", url=f"{url}/v1/oauth/token", now=time.time())
    response = httpx.post(f"{url}/v1/oauth/token", data=form, headers={"DPoP": proof}, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


def _push(http: httpx.Client, seed: Seed, token: str, envelope: str) -> dict[str, Any]:
    url = f"{str(http.base_url).rstrip('/')}/v1/loonstroken"
    headers = {
        "Authorization": f"DPoP {token}",
        "DPoP": dpop.make(seed.key, method="POST", url=url, now=time.time(), access_token=token),
        "Content-Type": "application/jose",
        "Idempotency-Key": f"bench-{secrets.token_hex(12)}",
    }
    response = http.post("/v1/loonstroken", content=envelope, headers=headers)
    if response.status_code != 201:
        raise RuntimeError(f"push refused: {response.status_code} {response.text[:300]}")
    receipt: dict[str, Any] = response.json()
    if receipt["counts"]["refused"]:
        raise RuntimeError(f"records refused: {receipt['records'][:2]}")
    return receipt


def _measure_rss(env: dict[str, str], seed: Seed, weeks: Weeks) -> dict[str, float]:
    big = _envelope(seed, _records(seed, weeks.take(10), weeks=10))
    server = Server(env, workers=1)
    try:
        token = _token(server.url, seed)
        with httpx.Client(base_url=server.url, timeout=300) as http:
            _push(http, seed, token, _envelope(seed, _records(seed, weeks.take())))
            # One worker: uvicorn serves in its own process, no supervisor.
            pid = server.process.pid
            idle = _status_kb(pid, "VmRSS")
            started = time.perf_counter()
            receipt = _push(http, seed, token, big)
            seconds = time.perf_counter() - started
            peak = _status_kb(pid, "VmHWM")
        assert receipt["counts"]["stored"] == 10 * len(seed.bsns)
    finally:
        server.stop()
    return {"idle_mb": round(idle / 1024, 1), "peak_mb": round(peak / 1024, 1), "seconds": round(seconds, 2)}


def _measure_throughput(
    env: dict[str, str], seed: Seed, weeks: Weeks, args: argparse.Namespace, url: str
) -> dict[str, Any]:
    warmups = [_envelope(seed, _records(seed, weeks.take())) for _ in range(args.workers * 2)]
    envelopes = [_envelope(seed, _records(seed, weeks.take())) for _ in range(args.batches)]
    server = Server(env, workers=args.workers)
    local = threading.local()

    def push(envelope: str) -> dict[str, Any]:
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=server.url, timeout=300)
        return _push(local.http, seed, token, envelope)

    try:
        token = _token(server.url, seed)
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            list(pool.map(push, warmups))
            server_cpu, database_cpu = _tree_cpu(server.process.pid), _backend_cpu(url)
            started = time.perf_counter()
            receipts = list(pool.map(push, envelopes))
            elapsed = time.perf_counter() - started
            server_cpu = _tree_cpu(server.process.pid) - server_cpu
            database_cpu = _backend_cpu(url) - database_cpu
    finally:
        server.stop()
    stored = sum(r["counts"]["stored"] for r in receipts)
    print(f"{stored} loonstroken in {elapsed:.2f} s over HTTP", file=sys.stderr)
    return {
        "records_per_second": stored / elapsed,
        "server_cpu_us_per_record": round(server_cpu / stored * 1e6),
        "database_cpu_us_per_record": round(database_cpu / stored * 1e6),
        "submission_ids": [r["submissionId"] for r in receipts],
    }


def _cpu_of(pid: int) -> float:
    """User plus system CPU seconds of one process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants (uvicorn's supervisor and workers)."""
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += _cpu_of(current)
        try:
            stack.extend(
                int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split()
            )
        except OSError:
            continue
    return total


def _backend_cpu(url: str) -> float:
    """CPU seconds of the PostgreSQL client backends of the bench database (not this probe; autovacuum,
    which both ingestion and the COPY table cause later, is left out of both figures)."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        ).fetchall()
    return sum(_cpu_of(pid) for (pid,) in pids)


def _measure_copy(url: str, submission_ids: list[str], concurrency: int) -> dict[str, float]:
    """COPY the rows ingestion stored, batch by batch, each in its own transaction."""
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
    # One open connection per thread, as the server's pool has them: connecting is not part of COPY.
    connections = [psycopg.connect(dsn) for _ in range(concurrency)]
    idle = list(connections)
    lock = threading.Lock()

    def copy(rows: list[tuple[Any, ...]]) -> int:
        with lock:
            connection = idle.pop()
        try:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY bench_copy ({COPY_COLUMNS}) FROM STDIN") as stream,
            ):
                for row in rows:
                    stream.write_row(row)
            connection.commit()
        finally:
            with lock:
                idle.append(connection)
        return len(rows)

    backends = [c.info.backend_pid for c in connections]
    database_cpu = sum(_cpu_of(pid) for pid in backends)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        started = time.perf_counter()
        total = sum(pool.map(copy, batches))
        elapsed = time.perf_counter() - started
    database_cpu = sum(_cpu_of(pid) for pid in backends) - database_cpu
    for connection in connections:
        connection.close()
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("DROP TABLE bench_copy")
    print(f"COPY van {total} rijen in {elapsed:.2f} s", file=sys.stderr)
    return {
        "records_per_second": total / elapsed,
        "database_cpu_us_per_record": round(database_cpu / total * 1e6),
    }


def _measure_client(env: dict[str, str], seed: Seed, weeks: Weeks, args: argparse.Namespace) -> float:
    records = [r for _ in range(args.client_batches) for r in _records(seed, weeks.take())]
    server = Server(env, workers=1)
    try:
        with AgencyClient(
            base_url=server.url, client_id=seed.client_id, signing_key=seed.key, batch_size=args.batch_size
        ) as client:
            client.push(_records(seed, weeks.take()))
            started = time.perf_counter()
            pushed = client.push(records)
            elapsed = time.perf_counter() - started
    finally:
        server.stop()
    return sum(b.receipt.counts.stored for b in pushed) / elapsed


if __name__ == "__main__":
    main()
