"""Bookkeepers push invoices and costs: agencies gain a kind, workers give bookkeepers a mandate.

A bookkeeper (boekhouder, accounting package) is an OAuth client exactly like an agency: same keys, same
token endpoint, same envelopes. It is stored in `agency` with `kind` = bookkeeper, so key registration,
rotation, receipts and idempotency work for it unchanged; the kind decides which scopes it may get.
`bookkeeping_mandate` says from when (to when) a bookkeeper may send a worker's business documents.

Revision ID: 20261206_bookkeepers
Revises: 20261206_audit_origin
Create Date: 2026-12-06 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261206_bookkeepers"
down_revision: str | None = "20261206_audit_origin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `agency.kind` (every existing client stays an agency) and create `bookkeeping_mandate`."""
    with op.batch_alter_table("agency") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sa.String(length=20),
                nullable=False,
                server_default="agency",
                comment="agency (pushes pay records) or bookkeeper (pushes invoices and costs).",
            )
        )
    op.create_table(
        "bookkeeping_mandate",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("bookkeeper_id", sa.String(length=36), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True, comment="Last day of the mandate; open when NULL."),
        sa.Column(
            "recorded_by",
            sa.String(length=255),
            nullable=False,
            comment="Who recorded it: the worker or staff.",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name="fk_bookkeeping_mandate_worker_id_worker"),
        sa.ForeignKeyConstraint(
            ["bookkeeper_id"], ["agency.id"], name="fk_bookkeeping_mandate_bookkeeper_id_agency"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bookkeeping_mandate"),
    )
    op.create_index("ix_bookkeeping_mandate_worker_id", "bookkeeping_mandate", ["worker_id"])
    op.create_index(
        "ix_bookkeeping_mandate_bookkeeper_id_worker_id",
        "bookkeeping_mandate",
        ["bookkeeper_id", "worker_id"],
    )


def downgrade() -> None:
    """Drop the mandates and the kind."""
    op.drop_index("ix_bookkeeping_mandate_bookkeeper_id_worker_id", table_name="bookkeeping_mandate")
    op.drop_index("ix_bookkeeping_mandate_worker_id", table_name="bookkeeping_mandate")
    op.drop_table("bookkeeping_mandate")
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("kind")
