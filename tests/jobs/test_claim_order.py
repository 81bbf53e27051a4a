"""The outbox claim reads a long queue in its index's order instead of sorting it (PostgreSQL).

On a freshly filled outbox the planner has no statistics and would sort every due event to claim a
batch; the claim must read only about a batch's worth of index entries, however long the queue.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from gateway.jobs.outbox_consumer import claim_due
from gateway.store.base import new_id
from gateway.store.models import OutboxEvent

NOW = dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
QUEUED = 5_000
TOPIC = "worker.recompute"


def _index_entries_read(session: Session, index: str) -> int:
    # This transaction's own count, as pg_stat_user_indexes.idx_tup_read counts after it.
    statement = text("SELECT pg_stat_get_xact_tuples_returned(CAST(:index AS regclass))")
    return int(session.scalar(statement, {"index": index}) or 0)


def test_a_claim_reads_a_batch_of_a_long_fresh_queue_not_all_of_it(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the planner's choice is PostgreSQL's; SQLite's embedded queue is small")
    # One fan-out's events: all due at the same moment, in one statement, never analyzed.
    rows = [
        {"id": new_id(), "topic": TOPIC, "payload": {"workerId": new_id()}, "available_at": NOW}
        for _ in range(QUEUED)
    ]
    session.execute(insert(OutboxEvent), rows)
    before = _index_entries_read(session, "ix_outbox_due")

    claimed = claim_due(session=session, now=NOW, topics={TOPIC}, limit=10)

    assert [event.id for event in claimed] == sorted(row["id"] for row in rows)[:10]
    assert _index_entries_read(session, "ix_outbox_due") - before <= 100
    # Sorting is off for the claim only.
    assert session.scalar(text("SHOW enable_sort")) == "on"
