"""Audit records carry their origin and trace id; received messages (signed envelopes) are append-only.

`audit_event` gains `origin` (the client address through the trusted proxy, or `lokaal`) and `trace_id`
(W3C); both are chained into the hash when set, so earlier records keep their hashes. Its append-only
triggers are re-created with the new column list.

`submission` holds each message exactly as received (the encrypted JWS-in-JWE) and the receipt sent back.
From now on nothing may change or delete a row, like the pay records: the only UPDATE let through fills
the receipt once, in the transaction that received the message (it needs the stored pay records, which
refer to the submission), and `keys reencrypt` may rewrite the encrypted envelope alone.

Revision ID: 20261206_audit_origin
Revises: 20261206_business_documents
Create Date: 2026-12-06 05:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.store.migrations import append_only

revision: str = "20261206_audit_origin"
down_revision: str | None = "20261206_business_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AUDIT_COLUMNS = (
    "id",
    "sequence",
    "occurred_at",
    "actor",
    "actor_role",
    "municipality_id",
    "subject_worker_id",
    "action",
    "purpose",
    "result",
    "prev_hash",
    "hash",
)
_NEW_AUDIT_COLUMNS = ("origin", "trace_id")

_SUBMISSION_FIXED = (
    "id",
    "agency_id",
    "message_id",
    "message_created_at",
    "received_at",
    "envelope_encrypted",
)
_RECEIPT = ("receipt", "receipt_jws", "record_count", "accepted_count", "refused_count", "duplicate_count")
_ENVELOPE = "envelope_encrypted"
_REFUSAL = "loonbrug: {0} op submission geweigerd: deze tabel is alleen-toevoegen"

_PG_FUNCTION = f"""
CREATE FUNCTION loonbrug_submission_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mode text := coalesce(current_setting('loonbrug.maintenance', true), '');
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- The receipt is filled once; nothing received changes with it.
        IF OLD.receipt IS NULL
            AND (to_jsonb(NEW) - ARRAY[{", ".join(f"'{c}'" for c in _RECEIPT)}])
                = (to_jsonb(OLD) - ARRAY[{", ".join(f"'{c}'" for c in _RECEIPT)}]) THEN
            RETURN NEW;
        END IF;
        IF mode = 'reencrypt' AND (to_jsonb(NEW) - '{_ENVELOPE}') = (to_jsonb(OLD) - '{_ENVELOPE}') THEN
            RETURN NEW;
        END IF;
    ELSIF TG_OP = 'DELETE' AND mode = 'purge' THEN
        RETURN OLD;
    ELSIF TG_OP = 'TRUNCATE' AND mode = 'purge' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'loonbrug: % op % geweigerd: deze tabel is alleen-toevoegen', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def _unchanged(columns: Sequence[str]) -> str:
    return " AND ".join(f"NEW.{name} IS OLD.{name}" for name in columns)


def _protect_submission() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER submission_append_only BEFORE UPDATE OR DELETE ON submission"
            " FOR EACH ROW EXECUTE FUNCTION loonbrug_submission_append_only()"
        )
        op.execute(
            "CREATE TRIGGER submission_no_truncate BEFORE TRUNCATE ON submission"
            " FOR EACH STATEMENT EXECUTE FUNCTION loonbrug_submission_append_only()"
        )
        return
    fill_once = f"OLD.receipt IS NULL AND {_unchanged(_SUBMISSION_FIXED)}"
    rewrap = (
        f"loonbrug_maintenance() IS 'reencrypt'"
        f" AND {_unchanged([c for c in (*_SUBMISSION_FIXED, *_RECEIPT) if c != _ENVELOPE])}"
    )
    op.execute(
        "CREATE TRIGGER submission_append_only_update BEFORE UPDATE ON submission"
        f" WHEN NOT (({fill_once}) OR ({rewrap}))"
        f" BEGIN SELECT RAISE(ABORT, '{_REFUSAL.format('UPDATE')}'); END"
    )
    op.execute(
        "CREATE TRIGGER submission_append_only_delete BEFORE DELETE ON submission"
        " WHEN loonbrug_maintenance() IS NOT 'purge'"
        f" BEGIN SELECT RAISE(ABORT, '{_REFUSAL.format('DELETE')}'); END"
    )


def _unprotect_submission() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER submission_append_only ON submission")
        op.execute("DROP TRIGGER submission_no_truncate ON submission")
        op.execute("DROP FUNCTION loonbrug_submission_append_only()")
        return
    op.execute("DROP TRIGGER submission_append_only_update")
    op.execute("DROP TRIGGER submission_append_only_delete")


def upgrade() -> None:
    """Add origin and trace id to the audit log (triggers re-made); make `submission` append-only."""
    op.add_column(
        "audit_event",
        sa.Column(
            "origin",
            sa.String(length=64),
            nullable=True,
            comment="Client address through the trusted proxy, or 'lokaal'; empty before 2026-12.",
        ),
    )
    op.add_column(
        "audit_event",
        sa.Column("trace_id", sa.String(length=32), nullable=True, comment="W3C trace id of the request."),
    )
    append_only.unprotect("audit_event")
    append_only.protect("audit_event", columns=(*_AUDIT_COLUMNS, *_NEW_AUDIT_COLUMNS), encrypted=())
    _protect_submission()


def downgrade() -> None:
    """Let `submission` change again and drop the audit log's origin and trace id."""
    _unprotect_submission()
    append_only.unprotect("audit_event")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("trace_id")
        batch.drop_column("origin")
    append_only.protect("audit_event", columns=_AUDIT_COLUMNS, encrypted=())
