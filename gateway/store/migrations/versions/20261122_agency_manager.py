"""Agency manager: the municipality whose administrators manage an agency and its keys.

Agencies that exist already get no manager, which makes them platform-managed: from now on only the
platform operator changes their keys (`loonbrug agency`), until `loonbrug agency assign` hands one to a
municipality. Guessing a manager (e.g. from enrollments) could hand a key to the wrong tenant.

Revision ID: 20261122_agency_manager
Revises: 20261122_flextensie
Create Date: 2026-11-22 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261122_agency_manager"
down_revision: str | None = "20261122_flextensie"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMN = "managed_by_municipality_id"
FOREIGN_KEY = "fk_agency_managed_by_municipality_id_municipality"
INDEX = "ix_agency_managed_by_municipality_id"


def upgrade() -> None:
    """Add `agency.managed_by_municipality_id` with its foreign key and index."""
    with op.batch_alter_table("agency") as batch:
        batch.add_column(
            sa.Column(
                COLUMN,
                sa.String(length=36),
                nullable=True,
                comment="The municipality whose administrators manage its keys; "
                "empty: the platform operator (CLI).",
            )
        )
        batch.create_foreign_key(FOREIGN_KEY, "municipality", [COLUMN], ["id"])
        batch.create_index(INDEX, [COLUMN])


def downgrade() -> None:
    """Undo: drop the agency's manager."""
    with op.batch_alter_table("agency") as batch:
        batch.drop_index(INDEX)
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column(COLUMN)
