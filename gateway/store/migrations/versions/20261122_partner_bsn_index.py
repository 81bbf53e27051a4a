"""Partner link: the blind index of the partner's BSN on each case-facts recording.

The partner's BSN itself stays inside the encrypted facts; the index lets the recompute find the cases
that name a worker as partner when that worker's pay records arrive. Recordings made before this
revision cannot name a partner (the facts had no such field), so the column starts empty everywhere.

Revision ID: 20261122_partner_bsn_index
Revises: 20261122_agency_manager
Create Date: 2026-11-22 20:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261122_partner_bsn_index"
down_revision: str | None = "20261122_agency_manager"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "benefit_case_fact"
COLUMN = "partner_bsn_index"
INDEX = "ix_benefit_case_fact_partner_bsn_index"


def upgrade() -> None:
    """Add `benefit_case_fact.partner_bsn_index` with its index."""
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(
            sa.Column(
                COLUMN,
                sa.String(length=64),
                nullable=True,
                comment="HMAC-SHA256 blind index of the partner's BSN in the facts.",
            )
        )
        batch.create_index(INDEX, [COLUMN])


def downgrade() -> None:
    """Undo: drop the partner's blind index (the BSN stays in the encrypted facts).

    Upgrading again leaves the index empty for recordings that name a partner: until such a case is
    recorded again, a partner's new pay records reach it only through the scheduled recomputes.
    """
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_index(INDEX)
        batch.drop_column(COLUMN)
