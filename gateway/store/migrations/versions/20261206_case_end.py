"""Leaving the benefit: the end of a case and bufferbudget decisions, both append-only.

Revision ID: 20261206_case_end
Revises: 20261122_partner_bsn_index
Create Date: 2026-12-06 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_case_end"
down_revision: str | None = "20261122_partner_bsn_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CASE_END = ("id", "worker_id", "end_date", "reason", "note_encrypted", "recorded_by", "recorded_at")
_BUFFER = (
    "id",
    "worker_id",
    "month",
    "kind",
    "amount_encrypted",
    "note_encrypted",
    "decided_by",
    "decided_at",
)


def upgrade() -> None:
    """Create `case_end` and `bufferbudget_decision`, append-only like the other ledgers."""
    op.create_table(
        "case_end",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True, comment="Last day with a right to bijstand."),
        sa.Column("reason", sa.String(length=20), nullable=True, comment="werk, verhuizing or overig."),
        sa.Column("note_encrypted", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name="fk_case_end_worker_id_worker"),
        sa.PrimaryKeyConstraint("id", name="pk_case_end"),
    )
    op.create_index("ix_case_end_worker_id_recorded_at", "case_end", ["worker_id", "recorded_at"])
    op.create_table(
        "bufferbudget_decision",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM the use is settled in."),
        sa.Column("kind", sa.String(length=20), nullable=False, comment="kwijtschelding or aanvulling."),
        sa.Column("amount_encrypted", sa.Text(), nullable=False),
        sa.Column("note_encrypted", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=255), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name="fk_bufferbudget_decision_worker_id_worker"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bufferbudget_decision"),
    )
    op.create_index(
        "ix_bufferbudget_decision_worker_id_month", "bufferbudget_decision", ["worker_id", "month"]
    )
    append_only.protect("case_end", columns=_CASE_END, encrypted=("note_encrypted",))
    append_only.protect(
        "bufferbudget_decision", columns=_BUFFER, encrypted=("amount_encrypted", "note_encrypted")
    )


def downgrade() -> None:
    """Drop both tables (and their triggers)."""
    for table in ("bufferbudget_decision", "case_end"):
        append_only.unprotect(table)
    op.drop_index("ix_bufferbudget_decision_worker_id_month", table_name="bufferbudget_decision")
    op.drop_table("bufferbudget_decision")
    op.drop_index("ix_case_end_worker_id_recorded_at", table_name="case_end")
    op.drop_table("case_end")
