"""The outbox's unprocessed events are indexed by the worker they name (PostgreSQL).

A consumer that claims a batch of per-worker recompute events also takes every other due event naming
the same workers, so each worker is recomputed once for all of them (gateway.jobs.outbox_consumer). That
look-up is by `payload ->> 'workerId'`; without an index it reads every unprocessed event for every
batch, which grows with the square of the queue. The index is partial (unprocessed events only), so it
stays as small as the queue. Its predicate is written `(processed_at IS NULL) IS TRUE`, the same
condition in a form the index on (processed_at, available_at) cannot serve: on a freshly filled outbox
(no statistics yet) the planner otherwise takes that index for selective and reads the whole queue
(measured: 18 ms a batch at 75,000 events, against 1 ms through this index). PostgreSQL keeps no
statistics on a partial index's expression, so extended statistics on it tell the planner, once the
outbox was analyzed, how few events a batch's workers have (without them it guesses half the queue and
reads all of it: 14 ms). SQLite (the embedded single process, a small queue) does without.

Revision ID: 20261206_outbox_worker_index
Revises: 20261206_placement_client
Create Date: 2026-12-06 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261206_outbox_worker_index"
down_revision: str | None = "20261206_placement_client"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_outbox_unprocessed_worker_id"
_STATISTICS = "st_outbox_worker_id"


def upgrade() -> None:
    """Create the partial index on the named worker of unprocessed events and statistics on that
    expression (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(
        _INDEX,
        "outbox",
        [sa.text("(payload ->> 'workerId')")],
        postgresql_where=sa.text("(processed_at IS NULL) IS TRUE"),
    )
    op.execute(f"CREATE STATISTICS {_STATISTICS} ON ((payload ->> 'workerId')) FROM outbox")


def downgrade() -> None:
    """Drop the statistics and the index."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP STATISTICS {_STATISTICS}")
    op.drop_index(_INDEX, table_name="outbox")
