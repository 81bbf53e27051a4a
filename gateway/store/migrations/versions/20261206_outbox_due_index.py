"""The outbox's claim reads due events in index order instead of sorting the whole queue.

The consumer claims `… WHERE processed_at IS NULL AND available_at <= now ORDER BY available_at, id
LIMIT n`. The index on (processed_at, available_at) found the due events but not in that order, so
every claim sorted the whole queue: about 65 ms a batch at 75,000 queued events, so a national week's
queue cost PostgreSQL time growing with its square. A partial index on (available_at, id) of unprocessed
events gives the order itself (0.2–0.4 ms a batch); retention, which deletes processed events by age,
gets its own partial index on `processed_at`.

Revision ID: 20261206_outbox_due_index
Revises: 20261206_outbox_worker_index
Create Date: 2026-12-06 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261206_outbox_due_index"
down_revision: str | None = "20261206_outbox_worker_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNPROCESSED = sa.text("processed_at IS NULL")
_PROCESSED = sa.text("processed_at IS NOT NULL")


def upgrade() -> None:
    """Replace the index on (processed_at, available_at) by the two partial indexes."""
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["available_at", "id"],
        postgresql_where=_UNPROCESSED,
        sqlite_where=_UNPROCESSED,
    )
    op.create_index(
        "ix_outbox_processed_at",
        "outbox",
        ["processed_at"],
        postgresql_where=_PROCESSED,
        sqlite_where=_PROCESSED,
    )
    op.drop_index("ix_outbox_processed_at_available_at", table_name="outbox")


def downgrade() -> None:
    """Bring back the index on (processed_at, available_at)."""
    op.create_index("ix_outbox_processed_at_available_at", "outbox", ["processed_at", "available_at"])
    op.drop_index("ix_outbox_processed_at", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
