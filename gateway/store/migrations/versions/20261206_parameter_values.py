"""Published parameter values added after a release: proposals and confirmations, both append-only.

Revision ID: 20261206_parameter_values
Revises: 20261206_case_end
Create Date: 2026-12-06 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_parameter_values"
down_revision: str | None = "20261206_case_end"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PROPOSAL = (
    "id",
    "key",
    "valid_from",
    "valid_to",
    "value",
    "source_url",
    "article",
    "proposed_by",
    "municipality_id",
    "proposed_at",
)
_CONFIRMATION = ("id", "proposal_id", "confirmed_by", "municipality_id", "confirmed_at")


def upgrade() -> None:
    """Create `parameter_proposal` and `parameter_confirmation`, append-only like the other ledgers."""
    op.create_table(
        "parameter_proposal",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False, comment="Parameter key, e.g. norm.single."),
        sa.Column("valid_from", sa.Date(), nullable=False, comment="First of a month."),
        sa.Column("valid_to", sa.Date(), nullable=True, comment="Last day of a month; open-ended when null."),
        sa.Column(
            "value",
            sa.String(length=40),
            nullable=False,
            comment="The number as text (Decimal), never a float.",
        ),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("article", sa.String(length=300), nullable=False),
        sa.Column("proposed_by", sa.String(length=255), nullable=False),
        sa.Column(
            "municipality_id",
            sa.String(length=36),
            nullable=True,
            comment="The acting administrator's municipality; null from the CLI.",
        ),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name="fk_parameter_proposal_municipality_id_municipality",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_parameter_proposal"),
    )
    op.create_index("ix_parameter_proposal_key_valid_from", "parameter_proposal", ["key", "valid_from"])
    op.create_table(
        "parameter_confirmation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("proposal_id", sa.String(length=36), nullable=False),
        sa.Column("confirmed_by", sa.String(length=255), nullable=False),
        sa.Column(
            "municipality_id",
            sa.String(length=36),
            nullable=True,
            comment="The acting administrator's municipality; null from the CLI.",
        ),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["parameter_proposal.id"],
            name="fk_parameter_confirmation_proposal_id_parameter_proposal",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name="fk_parameter_confirmation_municipality_id_municipality",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_parameter_confirmation"),
        sa.UniqueConstraint("proposal_id", name="uq_parameter_confirmation_proposal_id"),
    )
    append_only.protect("parameter_proposal", columns=_PROPOSAL, encrypted=())
    append_only.protect("parameter_confirmation", columns=_CONFIRMATION, encrypted=())


def downgrade() -> None:
    """Drop both tables (and their triggers)."""
    for table in ("parameter_confirmation", "parameter_proposal"):
        append_only.unprotect(table)
    op.drop_table("parameter_confirmation")
    op.drop_index("ix_parameter_proposal_key_valid_from", table_name="parameter_proposal")
    op.drop_table("parameter_proposal")
