"""Placements hold the client's legal registration, address and VAT number, for the e-invoice (NLCIUS).

Revision ID: 20261206_placement_client
Revises: 20261206_enrollment_index
Create Date: 2026-12-06 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261206_placement_client"
down_revision: str | None = "20261206_enrollment_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here rather than imported from the models, so this migration never changes with them.
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    """Add `placement.client_details`; existing placements have none until a consultant enters them."""
    op.add_column(
        "placement",
        sa.Column(
            "client_details",
            JSON_DOCUMENT,
            nullable=True,
            comment="ClientDetails: the client's KvK number or OIN, address and VAT number.",
        ),
    )


def downgrade() -> None:
    """Drop `placement.client_details`."""
    op.drop_column("placement", "client_details")
