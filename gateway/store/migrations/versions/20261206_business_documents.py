"""Income from self-employment: invoices and business costs, append-only like pay records.

Revision ID: 20261206_business_documents
Revises: 20261206_index_key_ids
Create Date: 2026-12-06 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_business_documents"
down_revision: str | None = "20261206_index_key_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    "id",
    "worker_id",
    "kind",
    "number",
    "corrects",
    "document_encrypted",
    "source",
    "submitted_by",
    "submitted_at",
)


def upgrade() -> None:
    """Create `business_document`, append-only; only its encrypted document may be re-encrypted."""
    op.create_table(
        "business_document",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False, comment="factuur or kosten."),
        sa.Column(
            "number",
            sa.String(length=64),
            nullable=False,
            comment="Invoice number or the cost's own reference.",
        ),
        sa.Column(
            "corrects", sa.String(length=64), nullable=True, comment="The number this document replaces."
        ),
        sa.Column("document_encrypted", sa.Text(), nullable=False),
        sa.Column(
            "source", sa.String(length=20), nullable=False, comment="werkende, gemeente or boekhouding."
        ),
        sa.Column("submitted_by", sa.String(length=255), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name="fk_business_document_worker_id_worker"),
        sa.PrimaryKeyConstraint("id", name="pk_business_document"),
        sa.UniqueConstraint("worker_id", "kind", "number", name="uq_business_document_worker_id_kind_number"),
    )
    op.create_index(
        "ix_business_document_worker_id_submitted_at", "business_document", ["worker_id", "submitted_at"]
    )
    append_only.protect("business_document", columns=_COLUMNS, encrypted=("document_encrypted",))


def downgrade() -> None:
    """Drop the table and its triggers."""
    append_only.unprotect("business_document")
    op.drop_index("ix_business_document_worker_id_submitted_at", table_name="business_document")
    op.drop_table("business_document")
