"""Benchmark: a bookkeeper's push of business documents next to an agency's push of pay records.

Both go through their service with everything the endpoint does after reading the body (open the
JWS-in-JWE envelope, idempotency claim, judging, encrypted storage, signed receipt, audit) on
PostgreSQL; the envelopes are sealed before the clock starts. The agency push of as many pay records
for the same workers is the baseline: the ratio says what a document costs next to a pay record.
A second figure puts every document on one worker, the worst case of the per-worker number checks.

    python bench/bookkeeper_push.py [--documents 1000] [--workers 100] [--repeats 3]

The database given by --database-url is emptied; by default the bench creates its own. Prints JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from joserfc.jwk import ECKey
from sqlalchemy import make_url

from gateway.ingest import bookkeeping, service
from gateway.ingest.config import IngestConfig
from gateway.ingest.context import GatewayContext
from gateway.security import jose_envelope
from gateway.security import keyring as keyrings
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies, bookkeepers, enrollments, migrate, municipalities, workers
from gateway.store.db import Database
from gateway.store.models import Agency
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/loonbrug_bench_bookkeeper"


def _bsns(count: int) -> list[str]:
    found: list[str] = []
    number = 999_900_000
    while len(found) < count:
        number += 1
        if is_valid_bsn(str(number)):
            found.append(str(number))
    return found


def _fresh_database(url: str) -> None:
    parsed = make_url(url)
    admin = parsed.set(database="postgres").render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{parsed.database}"')
    migrate.upgrade(url)


def _invoice(bsn: str, number: str, day: dt.date) -> dict[str, Any]:
    return {
        "bsn": bsn,
        "invoice": {
            "invoiceNumber": number,
            "invoiceDate": day.isoformat(),
            "client": "Stichting Voorbeeld",
            "amountExclVat": "125.00",
            "vat": "26.25",
        },
    }


def _record(bsn: str, record_id: str, week: dt.date) -> dict[str, Any]:
    return {
        "recordId": record_id,
        "bsn": bsn,
        "periodType": "week",
        "periodStart": week.isoformat(),
        "periodEnd": (week + dt.timedelta(days=6)).isoformat(),
        "payDate": (week + dt.timedelta(days=11)).isoformat(),
        "hours": "24.00",
        "grossWage": "412.80",
        "wageTax": "20.10",
        "netWage": "371.45",
    }


def _envelope(field: str, items: list[dict[str, Any]], key: ECKey, keys: GatewayKeys) -> bytes:
    payload = {
        "messageId": f"msg-{secrets.token_hex(8)}",
        "createdAt": dt.datetime.now(dt.UTC).isoformat(),
        field: items,
    }
    return jose_envelope.seal(
        json.dumps(payload).encode(), signing_key=key, encryption_key=keys.encryption_key
    ).encode()


def _client(session: Any, *, bookkeeper: bool) -> tuple[Agency, ECKey]:
    key = ECKey.generate_key("P-256", parameters={"alg": "ES256"}, auto_kid=True)
    name = f"bench-{'boekhouder' if bookkeeper else 'bureau'}-{secrets.token_hex(3)}"
    create = bookkeepers.create if bookkeeper else agencies.create
    client = create(session=session, name=name, client_id=name)
    agencies.add_key(
        session=session,
        agency_id=client.id,
        kid=str(key.kid),
        public_jwk=key.as_dict(private=False),
        alg="ES256",
    )
    return client, key


def main() -> None:
    """Run the benchmark and print its figures as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    _fresh_database(args.database_url)
    database = Database.from_url(args.database_url)
    sealer = Sealer(keyrings.generate())
    keys = GatewayKeys(Path(tempfile.mkdtemp()) / "gateway", generate=True)
    context = GatewayContext.create(
        database=database, sealer=sealer, keys=keys, config=IngestConfig(issuer="https://bench.test")
    )
    bsns = _bsns(args.workers)
    with database.transaction() as session:
        municipality = municipalities.create(session=session, cbs_code="GM9998", name="Benchgemeente")
        agency, agency_key = _client(session, bookkeeper=False)
        bookkeeper, bookkeeper_key = _client(session, bookkeeper=True)
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
                session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2020, 1, 1)
            )
            bookkeepers.grant(
                session=session,
                worker_id=worker.id,
                bookkeeper_id=bookkeeper.id,
                valid_from=dt.date(2020, 1, 1),
                recorded_by="bench",
            )
    with database.transaction() as session:
        session.connection().exec_driver_sql("ANALYZE")

    def spread(run: int, one_worker: bool) -> list[dict[str, Any]]:
        return [
            _invoice(
                bsns[0] if one_worker else bsns[i % len(bsns)],
                f"R{run}-{i}",
                dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
            )
            for i in range(args.documents)
        ]

    def records(run: int) -> list[dict[str, Any]]:
        return [
            _record(
                bsns[i % len(bsns)],
                f"R{run}-{i}",
                dt.date(2021, 1, 4) + dt.timedelta(weeks=run * 60 + i // len(bsns)),
            )
            for i in range(args.documents)
        ]

    figures: dict[str, list[float]] = {"payRecords": [], "documents": [], "documentsOneWorker": []}
    for run in range(args.repeats):
        pushes = (
            (
                "payRecords",
                service.receive_push,
                agency.client_id,
                _envelope("records", records(run), agency_key, keys),
            ),
            (
                "documents",
                bookkeeping.receive_documents,
                bookkeeper.client_id,
                _envelope("documents", spread(run, False), bookkeeper_key, keys),
            ),
            (
                "documentsOneWorker",
                bookkeeping.receive_documents,
                bookkeeper.client_id,
                _envelope("documents", spread(run + 1000, True), bookkeeper_key, keys),
            ),
        )
        for name, receive, client_id, envelope in pushes:
            started = time.perf_counter()
            receive(
                context=context,
                client_id=client_id,
                idempotency_key=f"bench-{secrets.token_hex(8)}",
                envelope=envelope,
            )
            figures[name].append(time.perf_counter() - started)
    database.dispose()
    medians = {name: statistics.median(values) for name, values in figures.items()}
    json.dump(
        {
            "bench": "bookkeeper_push",
            "documents": args.documents,
            "workers": args.workers,
            "repeats": args.repeats,
            "secondsMedian": {name: round(value, 3) for name, value in medians.items()},
            "perSecond": {name: round(args.documents / value) for name, value in medians.items()},
            "ratioToPayRecords": {
                name: round(medians[name] / medians["payRecords"], 2)
                for name in ("documents", "documentsOneWorker")
            },
        },
        sys.stdout,
        indent=2,
    )
    print()


if __name__ == "__main__":
    main()
