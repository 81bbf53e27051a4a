"""Rotatable blind-index and digest keys: the key id beside every blind index and content digest.

Existing rows are migrated in place: indexes made before this revision were made under keyring format 1's
one installation-wide index key, and get the key id `global` (readable as long as the keyring keeps that
key; `loonbrug keys reindex` moves them to the municipality's own derived key); digests were made under
format 1's one digest key, which a format-1 keyring file reads back with the key id `d0`.

`pay_record` is append-only: its triggers are re-created so that the `reencrypt` maintenance mode may
rewrite the digest and its key id as well as the encrypted content, and nothing else.

Revision ID: 20261206_index_key_ids
Revises: 20261206_parameter_values
Create Date: 2026-12-06 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_index_key_ids"
down_revision: str | None = "20261206_parameter_values"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out rather than imported, so this migration never changes with the code.
FORMAT_1_INDEX_KID = "global"
FORMAT_1_DIGEST_KID = "d0"

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
)
_PAY_RECORD_REWRITABLE_BEFORE = ("content_encrypted",)
_PAY_RECORD_REWRITABLE = ("content_encrypted", "content_digest", "content_digest_kid")


def _add_kid(table: str, column: str, comment: str) -> None:
    # Added nullable, filled, then tightened where required: a NOT NULL column without a default cannot
    # be added to a table that has rows.
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(column, sa.String(length=32), nullable=True, comment=comment))


def upgrade() -> None:
    """Add the key-id columns and give existing rows the ids of the keys they were made under."""
    append_only.unprotect("pay_record")
    _add_kid("worker", "bsn_index_kid", "Id of the index key of bsn_index.")
    _add_kid("benefit_case_fact", "partner_bsn_index_kid", "Id of the index key of partner_bsn_index.")
    _add_kid("pay_record", "content_digest_kid", "Id of the key of content_digest.")
    op.execute(sa.text("UPDATE worker SET bsn_index_kid = :kid").bindparams(kid=FORMAT_1_INDEX_KID))
    op.execute(
        sa.text(
            "UPDATE benefit_case_fact SET partner_bsn_index_kid = :kid WHERE partner_bsn_index IS NOT NULL"
        ).bindparams(kid=FORMAT_1_INDEX_KID)
    )
    op.execute(sa.text("UPDATE pay_record SET content_digest_kid = :kid").bindparams(kid=FORMAT_1_DIGEST_KID))
    with op.batch_alter_table("worker") as batch:
        batch.alter_column("bsn_index_kid", existing_type=sa.String(length=32), nullable=False)
        batch.alter_column(
            "bsn_index",
            existing_type=sa.String(length=64),
            existing_nullable=False,
            comment="HMAC-SHA256 blind index of the BSN, keyed per municipality.",
            existing_comment="HMAC-SHA256 blind index of the BSN.",
        )
    with op.batch_alter_table("pay_record") as batch:
        batch.alter_column("content_digest_kid", existing_type=sa.String(length=32), nullable=False)
    append_only.protect(
        "pay_record", columns=(*_PAY_RECORD, "content_digest_kid"), encrypted=_PAY_RECORD_REWRITABLE
    )


def downgrade() -> None:
    """Drop the key-id columns; indexes and digests not made under the format-1 keys no longer match."""
    append_only.unprotect("pay_record")
    with op.batch_alter_table("pay_record") as batch:
        batch.drop_column("content_digest_kid")
    with op.batch_alter_table("benefit_case_fact") as batch:
        batch.drop_column("partner_bsn_index_kid")
    with op.batch_alter_table("worker") as batch:
        batch.drop_column("bsn_index_kid")
        batch.alter_column(
            "bsn_index",
            existing_type=sa.String(length=64),
            existing_nullable=False,
            comment="HMAC-SHA256 blind index of the BSN.",
            existing_comment="HMAC-SHA256 blind index of the BSN, keyed per municipality.",
        )
    append_only.protect("pay_record", columns=_PAY_RECORD, encrypted=_PAY_RECORD_REWRITABLE_BEFORE)
