"""Fault injection: a push of 20,000 records through the agency client to a real gateway (uvicorn, real
PostgreSQL) while every database connection of the gateway is terminated three times mid-request.

The gateway must answer each cut with 503 and `Retry-After` (never 500, never a 201 for work that did not
commit), the client must retry with the same Idempotency-Key, and in the end every record is stored
exactly once and every receipt is valid.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from joserfc.jwk import Key
from sqlalchemy import func, make_url, select

from connectors.client import AgencyClient
from gateway.demo.servers import BackgroundServer
from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies
from gateway.store.db import Database
from gateway.store.models import PayRecord, Submission
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn
from tests import factories
from tests.ingest import conftest as gateway_fixtures
from tests.ingest.kit import new_signing_key, record
from tests.servers import local_settings

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]

gateway_key_dir = gateway_fixtures.gateway_key_dir
gateway_keys = gateway_fixtures.gateway_keys

WORKERS = 200
WEEKS = 100
FIRST_MONDAY = dt.date(2024, 1, 1)
BATCH = 1000
CUT_AFTER_BATCHES = (3, 9, 15)
"""The cuts come during the messages after these: early, in the middle and near the end of the push."""

TERMINATE = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
)
TERMINATE_BUSY = TERMINATE + " AND state IN ('active', 'idle in transaction')"


@dataclass
class Seeded:
    """The agency as the client uses it."""

    client_id: str
    key: Key
    agency_id: str
    bsns: list[str]


def _seed(database: Database, sealer: Sealer) -> Seeded:
    bsns = [b for b in (str(n) for n in range(999_900_000, 999_999_999)) if is_valid_bsn(b)][:WORKERS]
    key = new_signing_key()
    with database.transaction() as session:
        agency = factories.make_agency(session)
        agencies.add_key(
            session=session,
            agency_id=agency.id,
            kid=str(key.kid),
            public_jwk=key.as_dict(private=False),
            alg="ES256",
        )
        municipality = factories.make_municipality(session)
        for bsn in bsns:
            worker = factories.make_worker(session, sealer, municipality=municipality, bsn=bsn)
            factories.make_enrollment(session, worker=worker, agency=agency, valid_from=FIRST_MONDAY)
        return Seeded(client_id=agency.client_id, key=key, agency_id=agency.id, bsns=bsns)


def _records(bsns: list[str]) -> list[dict[str, Any]]:
    return [
        record(f"W{week:03d}-{n:03d}", bsn=bsn, week_start=FIRST_MONDAY + dt.timedelta(weeks=week))
        for week in range(WEEKS)
        for n, bsn in enumerate(bsns)
    ]


@dataclass
class Cutter:
    """Terminates the gateway's backends that are mid-transaction, and then every other backend of the
    database, from a connection of its own, once the push has passed each of `after` messages."""

    dsn: str
    after: tuple[int, ...]
    done: int = 0
    terminated: list[int] = field(default_factory=list)
    failure: BaseException | None = None
    _moved: threading.Condition = field(default_factory=threading.Condition)

    def progress(self, done_records: int, total: int) -> None:
        """The client's progress callback: counts the messages pushed so far."""
        with self._moved:
            self.done = done_records // BATCH
            self._moved.notify_all()

    def run(self) -> None:
        """Cut at each point (run in a thread)."""
        try:
            with psycopg.connect(self.dsn, autocommit=True) as connection:
                for point in self.after:
                    with self._moved:
                        self._moved.wait_for(lambda point=point: self.done >= point, timeout=300)
                    self.terminated.append(self._cut_mid_transaction(connection))
        except BaseException as error:  # reported by the test, not lost in the thread
            self.failure = error

    @staticmethod
    def _cut_mid_transaction(connection: psycopg.Connection[Any]) -> int:
        """Terminate the backends that are inside a statement or transaction, retrying until one was, then
        every other backend too; returns how many were terminated.

        Terminating only idle pooled connections would be survived silently by the pool's pre-ping, and
        the test would not see the cut at all: on a fast machine the gateway's transactions are short
        enough that a "seen busy, then terminate all" pair of queries misses them now and then."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = len(connection.execute(TERMINATE_BUSY).fetchall())
            if busy:
                return busy + len(connection.execute(TERMINATE).fetchall())
            time.sleep(0.001)
        return 0


@pytest.fixture
def served(
    committed_database: Database, sealer: Sealer, gateway_keys: GatewayKeys, tmp_path: Path
) -> Iterator[str]:
    """The gateway served by uvicorn on a free local port; yields its URL."""
    url = local_settings(data_dir=tmp_path, key_dir=tmp_path / "keys").gateway_url
    app = create_app(
        database=committed_database, sealer=sealer, keys=gateway_keys, config=IngestConfig(issuer=url)
    )
    server = BackgroundServer(app=app, url=url, name="gateway")
    server.start()
    try:
        yield url
    finally:
        server.stop()


def test_a_push_survives_three_cuts_of_every_database_connection(
    served: str, committed_database: Database, sealer: Sealer, database_url: str
) -> None:
    seeded = _seed(committed_database, sealer)
    records = _records(seeded.bsns)
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    cutter = Cutter(dsn=dsn, after=CUT_AFTER_BATCHES)
    statuses: list[int] = []
    thread = threading.Thread(target=cutter.run, name="cutter", daemon=True)

    with (
        httpx.Client(
            base_url=served, timeout=120, event_hooks={"response": [lambda r: statuses.append(r.status_code)]}
        ) as http,
        AgencyClient(
            base_url=served, client_id=seeded.client_id, signing_key=seeded.key, http=http, batch_size=BATCH
        ) as client,
    ):
        thread.start()
        pushed = client.push(records, progress=cutter.progress)
        thread.join(timeout=60)
        assert cutter.failure is None
        assert len(cutter.terminated) == len(CUT_AFTER_BATCHES)
        assert all(count >= 1 for count in cutter.terminated)

        # The cuts were seen (503 with Retry-After, retried); none became a server error. Not one 503 per
        # cut: a cut that lands on the pool's pre-ping is survived inside the gateway, unseen.
        assert 503 in statuses, statuses
        assert not [status for status in statuses if status >= 500 and status != 503]

        # Every receipt is signed by the gateway (the client checked) and is the stored one.
        assert len(pushed) == len(records) // BATCH
        for batch in pushed:
            assert client.receipt(batch.receipt.submission_id) == batch.receipt
            assert batch.receipt.counts.received == BATCH
            assert batch.receipt.counts.refused == 0
        assert sum(batch.receipt.counts.stored for batch in pushed) == len(records)
        assert sum(batch.receipt.counts.duplicates for batch in pushed) == 0

    with committed_database.sessions() as session:
        of_agency = PayRecord.agency_id == seeded.agency_id
        assert session.scalar(select(func.count()).select_from(PayRecord).where(of_agency)) == len(records)
        assert session.scalar(select(func.count(func.distinct(PayRecord.record_id))).where(of_agency)) == len(
            records
        )
        submitted = (
            select(func.count()).select_from(Submission).where(Submission.agency_id == seeded.agency_id)
        )
        assert session.scalar(submitted) == len(pushed)
