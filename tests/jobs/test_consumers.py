"""Consumers side by side: unit order within a batch, no new version for an unchanged input, several
consumer processes storing what one stores, and a killed consumer's batch taken over by another."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import Batch, Handler, process_outbox
from gateway.jobs.policy import OutboxPolicy
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.security import keyring as keyrings
from gateway.store import outbox
from gateway.store.db import Database
from gateway.store.models import OutboxEvent
from gateway.store.sealing import Sealer
from schemas.case import MunicipalPolicy
from tests.jobs.fleet import result_digests, seed_fleet
from tests.jobs.scenario import PUSHED_AT

NOW = dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
WEEKS = (dt.date(2026, 1, 5), dt.date(2026, 1, 12))
BENEFIT_START = dt.date(2026, 1, 1)
POLICY = OutboxPolicy(batch_size=4, retry_base_seconds=5, retry_max_seconds=60)
ROOT = Path(__file__).resolve().parents[2]
Digests = dict[tuple[str, str, str, int], Any]


def _table(sealer: Sealer, parameters: ParameterSet, default_policy: MunicipalPolicy) -> dict[str, Handler]:
    return handlers(
        sealer=sealer,
        parameters=parameters,
        default_policy=default_policy,
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )


class Units:
    """A unit handler that records the order in which it is called."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def unit(self, session: Session, event: OutboxEvent, batch: Batch) -> str | None:
        """The event's `unit`, if it names one; an event marked `broken` cannot say."""
        if "broken" in event.payload:
            raise LookupError("unit unknown")
        value = event.payload.get("unit")
        return value if isinstance(value, str) else None

    def __call__(self, session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        """Record the call (an event marked `broken` fails)."""
        if "broken" in event.payload:
            raise LookupError("unit unknown")
        self.calls.append(str(event.payload["n"]))


def test_a_batch_is_handled_unit_by_unit_in_key_order_keeping_claim_order_within_a_unit(
    session: Session, context: JobContext
) -> None:
    units = [("b", "1"), ("a", "2"), (None, "3"), ("b", "4"), ("a", "5")]
    for unit, n in units:
        payload = {"n": n} if unit is None else {"n": n, "unit": unit}
        outbox.publish(session=session, topic="test.unit", payload=payload, available_at=PUSHED_AT)
    session.commit()
    handler = Units()

    report = process_outbox(
        sessions=context.sessions,
        handlers={"test.unit": handler},
        now=NOW,
        policy=OutboxPolicy(batch_size=10, retry_base_seconds=5, retry_max_seconds=60),
    )

    assert report.counts == {"processed": 5}
    assert handler.calls == ["3", "2", "5", "1", "4"]


def test_an_event_whose_unit_cannot_be_told_fails_alone(session: Session, context: JobContext) -> None:
    for payload in ({"n": "1", "unit": "b"}, {"n": "2", "broken": "yes"}, {"n": "3", "unit": "a"}):
        outbox.publish(session=session, topic="test.unit", payload=payload, available_at=PUSHED_AT)
    session.commit()
    handler = Units()

    table: dict[str, Handler] = {"test.unit": handler}
    report = process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=POLICY)

    assert report.counts == {"processed": 2, "failed": 1}
    assert handler.calls == ["3", "1"]


def test_a_consumer_asked_to_stop_ends_after_the_batch_in_hand(session: Session, context: JobContext) -> None:
    for n in range(5):
        outbox.publish(session=session, topic="test.unit", payload={"n": str(n)}, available_at=PUSHED_AT)
    session.commit()
    handler = Units()

    report = process_outbox(
        sessions=context.sessions,
        handlers={"test.unit": handler},
        now=NOW,
        policy=OutboxPolicy(batch_size=2, retry_base_seconds=5, retry_max_seconds=60),
        stopping=lambda: len(handler.calls) >= 1,
    )

    assert report.counts == {"processed": 2}
    assert handler.calls == ["0", "1"]


def test_an_unchanged_input_stores_no_new_version(
    session: Session,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    fleet = seed_fleet(
        session, context.sealer, workers=3, agencies=2, weeks=WEEKS[:1], benefit_start=BENEFIT_START
    )
    table = _table(context.sealer, parameters, default_policy)
    process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=POLICY)
    stored = result_digests(session)
    assert {key[1] for key in stored} == {"week", "month"}
    for worker_id in fleet.worker_ids:
        for topic in (kinds.RECOMPUTE_REQUESTED, kinds.CASE_CHANGED):
            outbox.publish(session=session, topic=topic, payload={"workerId": worker_id}, available_at=NOW)
    session.commit()

    report = process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=POLICY)

    assert report.counts == {"processed": 2 * len(fleet.worker_ids)}
    session.expire_all()
    assert result_digests(session) == stored


def _reference(database: Database, table: Mapping[str, Handler]) -> Digests:
    """What one consumer stores for the queued events, in a transaction that is rolled back after."""
    with database.engine.connect() as connection:
        transaction = connection.begin()
        try:
            sessions = sessionmaker(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
            process_outbox(sessions=sessions, handlers=table, now=NOW, policy=POLICY)
            with sessions() as session:
                return result_digests(session)
        finally:
            transaction.rollback()


def _consumer(url: str, keyring_file: Path, halt_file: Path | None = None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tests.jobs.consumer_process", url, str(keyring_file), NOW.isoformat()]
    command.append(str(POLICY.batch_size))
    if halt_file is not None:
        command.append(str(halt_file))
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603 - our own module


def _seed(database: Database, sealer: Sealer) -> None:
    with database.sessions() as session:
        seed_fleet(session, sealer, workers=6, agencies=2, weeks=WEEKS, benefit_start=BENEFIT_START)


def _events(database: Database) -> list[tuple[int, str | None, bool]]:
    with database.sessions() as session:
        rows = session.execute(
            select(OutboxEvent.attempts, OutboxEvent.last_error, OutboxEvent.processed_at.is_not(None))
        )
        return sorted((attempts, error, bool(done)) for attempts, error, done in rows)


def _unprocessed(database: Database) -> tuple[int, int]:
    """Unprocessed events: all of them, and those a consumer could claim now (not locked by another)."""
    with database.sessions() as session:
        claimable = select(OutboxEvent.id).where(OutboxEvent.processed_at.is_(None))
        waiting = len(session.scalars(claimable).all())
        free = len(session.scalars(claimable.with_for_update(skip_locked=True)).all())
        session.rollback()
    return waiting, free


@pytest.mark.postgres_only
def test_consumer_processes_side_by_side_store_exactly_what_one_consumer_stores(
    committed_database: Database,
    sealer: Sealer,
    key_dir: Path,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    _seed(committed_database, sealer)
    reference = _reference(committed_database, _table(sealer, parameters, default_policy))
    assert reference
    url = committed_database.engine.url.render_as_string(hide_password=False)

    consumers = [_consumer(url, key_dir / keyrings.KEYRING_FILE) for _ in range(3)]
    assert [consumer.wait(timeout=120) for consumer in consumers] == [0, 0, 0]

    with committed_database.sessions() as session:
        assert result_digests(session) == reference
    # Every event done once: no failed attempt (no deadlock, no duplicate version), none left.
    assert {event for event in _events(committed_database)} == {(1, None, True)}


@pytest.mark.postgres_only
def test_a_killed_consumers_batch_is_taken_over_without_loss_or_double_effect(
    committed_database: Database,
    sealer: Sealer,
    key_dir: Path,
    tmp_path: Path,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    _seed(committed_database, sealer)
    table = _table(sealer, parameters, default_policy)
    reference = _reference(committed_database, table)
    url = committed_database.engine.url.render_as_string(hide_password=False)
    halt_file = tmp_path / "halted"

    consumer = _consumer(url, key_dir / keyrings.KEYRING_FILE, halt_file)
    try:
        deadline = time.monotonic() + 60
        while not halt_file.exists():
            assert consumer.poll() is None
            assert time.monotonic() < deadline
            time.sleep(0.05)
        waiting, free = _unprocessed(committed_database)
        # The halted consumer holds its batch (with the other events naming its workers, at most a batch
        # more): events another consumer cannot claim.
        assert 0 < waiting - free <= 2 * POLICY.batch_size
    finally:
        consumer.send_signal(signal.SIGKILL)
        consumer.wait(timeout=30)
    # PostgreSQL ends the killed consumer's transaction: its batch is free, none of it was done.
    deadline = time.monotonic() + 10
    while _unprocessed(committed_database) != (waiting, waiting):
        assert time.monotonic() < deadline
        time.sleep(0.05)

    report = process_outbox(sessions=committed_database.sessions, handlers=table, now=NOW, policy=POLICY)

    assert report.count("failed") == 0
    with committed_database.sessions() as session:
        assert result_digests(session) == reference
    assert {event for event in _events(committed_database)} == {(1, None, True)}
