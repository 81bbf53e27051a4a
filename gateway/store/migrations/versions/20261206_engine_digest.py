"""Week figures and month settlements keep a keyed digest of the engine's own result, so a recompute can
tell an unchanged week or month without building its API model and canonical JSON.

Existing rows have none: the recompute compares them by `inputs.resultDigest` as before and fills the
column in the first time it finds them unchanged.

Revision ID: 20261206_engine_digest
Revises: 20261206_placement_client
Create Date: 2026-12-06 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261206_engine_digest"
down_revision: str | None = "20261206_placement_client"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("week_figures", "month_settlement")
_COMMENT = "Keyed digest (key: digestKid) of the engine result and the code rendering it."


def upgrade() -> None:
    """Add `engine_digest` to both result tables; existing rows have none."""
    for table in _TABLES:
        op.add_column(table, sa.Column("engine_digest", sa.String(64), nullable=True, comment=_COMMENT))


def downgrade() -> None:
    """Drop `engine_digest` from both result tables."""
    for table in _TABLES:
        op.drop_column(table, "engine_digest")
