"""Pay records drop their foreign keys on the agency and the worker; agencies and workers are kept.

Ingestion paid for both on every row it COPYs (an index probe each, and a key-share lock of the worker's
row; together about a sixth of the database's CPU per pushed record). The ledger already guarantees
them, as it does the lineage, predecessor and submission (migration 20261206_enrollment_index): a push
writes the agency it authenticated and the workers its enrolment check found, both read in the same
transaction. What kept them named was the foreign keys; now `agency` and `worker` refuse DELETE (and
TRUNCATE) outside the `purge` maintenance mode, as `pay_record` does. Nothing in Loonbrug deletes either.

Revision ID: 20261206_pay_record_parties
Revises: 20261206_outbox_due_index
Create Date: 2026-12-06 16:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_pay_record_parties"
down_revision: str | None = "20261206_outbox_due_index"
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
_PARTIES = (
    ("fk_pay_record_agency_id_agency", "agency_id", "agency"),
    ("fk_pay_record_worker_id_worker", "worker_id", "worker"),
)


def upgrade() -> None:
    """Keep the agencies' and workers' rows, then drop the pay ledger's foreign keys to them."""
    for _, _, table in _PARTIES:
        append_only.keep_rows(table)
    append_only.unprotect("pay_record")
    with op.batch_alter_table("pay_record") as batch:
        for name, _, _ in _PARTIES:
            batch.drop_constraint(name, type_="foreignkey")
    append_only.protect("pay_record", columns=_PAY_RECORD, encrypted=_REWRITABLE)


def downgrade() -> None:
    """Restore the foreign keys and let agencies and workers be deleted again."""
    append_only.unprotect("pay_record")
    with op.batch_alter_table("pay_record") as batch:
        for name, column, target in _PARTIES:
            batch.create_foreign_key(name, target, [column], ["id"])
    append_only.protect("pay_record", columns=_PAY_RECORD, encrypted=_REWRITABLE)
    for _, _, table in _PARTIES:
        append_only.release_rows(table)
    append_only.drop_kept_function()
