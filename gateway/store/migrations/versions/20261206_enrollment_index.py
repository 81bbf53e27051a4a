"""Enrolments carry the worker's BSN index under the agency's own key; pay records drop three foreign keys.

`enrollment.bsn_index` (with its key id) lets a push look its records' BSNs up with one HMAC per record
under the agency's derived key, instead of one per record and municipality the agency serves. Computing
it needs the keyring, which a migration does not have: the columns start empty and are filled at the
agency's next push (in that push's transaction, for the agency's enrolments only) or all at once by
`loonbrug keys reindex`, which `loonbrug keys status` counts as pending until then.

`pay_record` loses its foreign keys on `lineage_id`, `supersedes_id` and `submission_id`, which ingestion
paid for on every row (together about half the database's CPU of a plain COPY of the same rows). The
ledger already guarantees them: it writes a version's lineage and predecessor from rows it has just read
or written in the same transaction, and the submission in that transaction before its records; and
`pay_record` and `submission` refuse DELETE (outside the `purge` maintenance mode), so what they name
stays. The foreign keys on the agency and the worker stay: those rows are not append-only.

Revision ID: 20261206_enrollment_index
Revises: 20261206_bookkeepers
Create Date: 2026-12-06 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_enrollment_index"
down_revision: str | None = "20261206_bookkeepers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PAY_RECORD = (
    "id",
    "agency_id",
    "worker_id",
    "record_id",
    "version",
    "lineage_id",
    "supersedes_id",
    "submission_id",
    "period_type",
    "period_start",
    "period_end",
    "pay_date",
    "content_encrypted",
    "content_digest",
    "received_at",
    "content_digest_kid",
)
_REWRITABLE = ("content_encrypted", "content_digest", "content_digest_kid")
_GUARANTEED = (
    ("fk_pay_record_lineage_id_pay_record", "lineage_id", "pay_record"),
    ("fk_pay_record_supersedes_id_pay_record", "supersedes_id", "pay_record"),
    ("fk_pay_record_submission_id_submission", "submission_id", "submission"),
)
_INDEX = "ix_enrollment_agency_id_bsn_index"


def upgrade() -> None:
    """Add the enrolment index columns (empty) and drop the pay ledger's guaranteed foreign keys."""
    with op.batch_alter_table("enrollment") as batch:
        batch.add_column(
            sa.Column(
                "bsn_index",
                sa.String(length=64),
                nullable=True,
                comment="HMAC-SHA256 blind index of the BSN, keyed per agency; NULL until filled.",
            )
        )
        batch.add_column(
            sa.Column(
                "bsn_index_kid",
                sa.String(length=32),
                nullable=True,
                comment="Id of the index key of bsn_index.",
            )
        )
    op.create_index(_INDEX, "enrollment", ["agency_id", "bsn_index"])
    append_only.unprotect("pay_record")
    with op.batch_alter_table("pay_record") as batch:
        for name, _, _ in _GUARANTEED:
            batch.drop_constraint(name, type_="foreignkey")
    append_only.protect("pay_record", columns=_PAY_RECORD, encrypted=_REWRITABLE)


def downgrade() -> None:
    """Restore the foreign keys and drop the enrolment index columns."""
    append_only.unprotect("pay_record")
    with op.batch_alter_table("pay_record") as batch:
        for name, column, target in _GUARANTEED:
            batch.create_foreign_key(name, target, [column], ["id"])
    append_only.protect("pay_record", columns=_PAY_RECORD, encrypted=_REWRITABLE)
    op.drop_index(_INDEX, table_name="enrollment")
    with op.batch_alter_table("enrollment") as batch:
        batch.drop_column("bsn_index_kid")
        batch.drop_column("bsn_index")
