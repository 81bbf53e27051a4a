"""Initial schema: every table of Loonbrug, with append-only triggers on the ledger tables.

Revision ID: 20261122_initial
Revises:
Create Date: 2026-11-22 17:53:01.300997
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from gateway.store.migrations import append_only

revision: str = "20261122_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here rather than imported from the models, so this migration never changes with them.
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# Append-only tables: every column, and the encrypted ones `keys reencrypt` may rewrite.
APPEND_ONLY = {
    "pay_record": (
        (
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
        ),
        ("content_encrypted",),
    ),
    "advance": (
        ("id", "worker_id", "month", "amount_encrypted", "paid_on", "recorded_by", "recorded_at"),
        ("amount_encrypted",),
    ),
    "audit_event": (
        (
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
        ),
        (),
    ),
}


def upgrade() -> None:
    """Create every table and the append-only triggers."""
    op.create_table(
        "agency",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("client_id", sa.String(length=128), nullable=False),
        sa.Column("webhook_url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("client_id", name=op.f("uq_agency_client_id")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False, comment="1, 2, 3, ... without gaps."),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("actor_role", sa.String(length=50), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=True),
        sa.Column("subject_worker_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("result", sa.String(length=50), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
        sa.UniqueConstraint("sequence", name=op.f("uq_audit_event_sequence")),
    )
    op.create_index(op.f("ix_audit_event_municipality_id"), "audit_event", ["municipality_id"])
    op.create_index(op.f("ix_audit_event_subject_worker_id"), "audit_event", ["subject_worker_id"])

    op.create_table(
        "municipality",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("cbs_code", sa.String(length=6), nullable=False, comment="CBS code, e.g. GM0599."),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "policy",
            JSON_DOCUMENT,
            nullable=False,
            comment="Municipal policy parameters; never personal data.",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipality")),
        sa.UniqueConstraint("cbs_code", name=op.f("uq_municipality_cbs_code")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("payload", JSON_DOCUMENT, nullable=False, comment="Ids only; never personal data."),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True, comment="Error class and code only, never data."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_processed_at_available_at"), "outbox", ["processed_at", "available_at"])

    op.create_table(
        "used_assertion",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=128), nullable=False),
        sa.Column("jti", sa.String(length=255), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_used_assertion")),
        sa.UniqueConstraint("client_id", "jti", name=op.f("uq_used_assertion_client_id_jti")),
    )
    op.create_index(op.f("ix_used_assertion_expires_at"), "used_assertion", ["expires_at"])

    op.create_table(
        "agency_key",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.String(length=36), nullable=False),
        sa.Column("kid", sa.String(length=200), nullable=False),
        sa.Column("public_jwk", JSON_DOCUMENT, nullable=False, comment="Public JWK only."),
        sa.Column("alg", sa.String(length=10), nullable=False, comment="ES256 or PS256."),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_agency_key_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_key")),
        sa.UniqueConstraint("agency_id", "kid", name=op.f("uq_agency_key_agency_id_kid")),
    )
    op.create_index(op.f("ix_agency_key_agency_id"), "agency_key", ["agency_id"])

    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column(
            "request_digest", sa.String(length=64), nullable=False, comment="SHA-256 of the request body."
        ),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body_encrypted", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('in_progress', 'completed')", name=op.f("ck_idempotency_record_state")),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_idempotency_record_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
        sa.UniqueConstraint("agency_id", "key", name=op.f("uq_idempotency_record_agency_id_key")),
    )
    op.create_table(
        "staff_member",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=False),
        sa.Column(
            "subject", sa.String(length=255), nullable=False, comment="The `sub` claim of the staff IdP."
        ),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("roles", JSON_DOCUMENT, nullable=False, comment="consultant, team_lead, auditor, admin."),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_staff_member_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_member")),
        sa.UniqueConstraint(
            "municipality_id", "subject", name=op.f("uq_staff_member_municipality_id_subject")
        ),
    )
    op.create_index(op.f("ix_staff_member_municipality_id"), "staff_member", ["municipality_id"])

    op.create_table(
        "submission",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.String(length=36), nullable=False),
        sa.Column(
            "message_id",
            sa.String(length=128),
            nullable=False,
            comment="The agency's message id; replay refused.",
        ),
        sa.Column(
            "message_created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Creation time stated in the message.",
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("envelope_encrypted", sa.Text(), nullable=False, comment="The raw JWE, encrypted."),
        sa.Column(
            "receipt",
            JSON_DOCUMENT,
            nullable=True,
            comment="Counts and per-record outcomes; record ids and codes only, no BSN or amount.",
        ),
        sa.Column("receipt_jws", sa.Text(), nullable=True, comment="The receipt as signed by the gateway."),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("accepted_count", sa.Integer(), nullable=False),
        sa.Column("refused_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_submission_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
        sa.UniqueConstraint("agency_id", "message_id", name=op.f("uq_submission_agency_id_message_id")),
    )
    op.create_table(
        "worker",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=False),
        sa.Column("bsn_encrypted", sa.Text(), nullable=False),
        sa.Column(
            "bsn_index", sa.String(length=64), nullable=False, comment="HMAC-SHA256 blind index of the BSN."
        ),
        sa.Column("name_encrypted", sa.Text(), nullable=False),
        sa.Column("birth_date_encrypted", sa.Text(), nullable=False),
        sa.Column("consultant_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultant_id"], ["staff_member.id"], name=op.f("fk_worker_consultant_id_staff_member")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_worker_municipality_id_municipality")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker")),
        sa.UniqueConstraint("municipality_id", "bsn_index", name=op.f("uq_worker_municipality_id_bsn_index")),
    )
    op.create_index(op.f("ix_worker_bsn_index"), "worker", ["bsn_index"])
    op.create_index(op.f("ix_worker_consultant_id"), "worker", ["consultant_id"])
    op.create_index(op.f("ix_worker_municipality_id"), "worker", ["municipality_id"])

    op.create_table(
        "advance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM."),
        sa.Column("amount_encrypted", sa.Text(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_advance_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advance")),
    )
    op.create_index(op.f("ix_advance_worker_id_month"), "advance", ["worker_id", "month"])

    op.create_table(
        "benefit_case_fact",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("facts_encrypted", sa.Text(), nullable=False, comment="Encrypted JSON."),
        sa.Column(
            "recorded_by", sa.String(length=255), nullable=False, comment="Staff member id or system actor."
        ),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_benefit_case_fact_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_case_fact")),
    )
    op.create_index(
        op.f("ix_benefit_case_fact_worker_id_valid_from"), "benefit_case_fact", ["worker_id", "valid_from"]
    )

    op.create_table(
        "enrollment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.String(length=36), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True, comment="Last day enrolled; open when NULL."),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_enrollment_agency_id_agency")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_enrollment_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment")),
    )
    op.create_index(op.f("ix_enrollment_agency_id_worker_id"), "enrollment", ["agency_id", "worker_id"])
    op.create_index(op.f("ix_enrollment_worker_id"), "enrollment", ["worker_id"])

    op.create_table(
        "month_settlement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM."),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result_encrypted", sa.Text(), nullable=False),
        sa.Column(
            "inputs",
            JSON_DOCUMENT,
            nullable=False,
            comment="Pay record version ids and parameter valid_froms used; no amounts.",
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'proposed', 'approved', 'exported')", name=op.f("ck_month_settlement_status")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["month_settlement.id"],
            name=op.f("fk_month_settlement_supersedes_id_month_settlement"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_month_settlement_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_settlement")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_month_settlement_supersedes_id")),
        sa.UniqueConstraint(
            "worker_id", "month", "version", name=op.f("uq_month_settlement_worker_id_month_version")
        ),
    )
    op.create_table(
        "pay_record",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column(
            "record_id", sa.String(length=64), nullable=False, comment="The agency's own id of this record."
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("period_type", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("pay_date", sa.Date(), nullable=False),
        sa.Column(
            "content_encrypted", sa.Text(), nullable=False, comment="Hours and amounts as encrypted JSON."
        ),
        sa.Column(
            "content_digest",
            sa.String(length=64),
            nullable=False,
            comment="Keyed HMAC of the canonical record: finds duplicates without the amounts.",
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period_type IN ('week', 'vierweken', 'maand')", name=op.f("ck_pay_record_period_type")
        ),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_pay_record_period_order")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_pay_record_version_positive")),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_pay_record_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["lineage_id"], ["pay_record.id"], name=op.f("fk_pay_record_lineage_id_pay_record")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submission.id"], name=op.f("fk_pay_record_submission_id_submission")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["pay_record.id"], name=op.f("fk_pay_record_supersedes_id_pay_record")
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_pay_record_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_record")),
        sa.UniqueConstraint("agency_id", "record_id", name=op.f("uq_pay_record_agency_id_record_id")),
        sa.UniqueConstraint("lineage_id", "version", name=op.f("uq_pay_record_lineage_id_version")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_pay_record_supersedes_id")),
    )
    op.create_index(
        op.f("ix_pay_record_agency_id_worker_id_period_start_period_end"),
        "pay_record",
        ["agency_id", "worker_id", "period_start", "period_end"],
    )
    op.create_index(op.f("ix_pay_record_submission_id"), "pay_record", ["submission_id"])
    op.create_index(op.f("ix_pay_record_worker_id_period_start"), "pay_record", ["worker_id", "period_start"])

    op.create_table(
        "signal",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column(
            "payload",
            JSON_DOCUMENT,
            nullable=False,
            comment="Ids, periods and codes only; never personal data.",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_signal_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal")),
    )
    op.create_index(op.f("ix_signal_worker_id_resolved_at"), "signal", ["worker_id", "resolved_at"])

    op.create_table(
        "week_figures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("worker_id", sa.String(length=36), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False, comment="YYYY-Www."),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result_encrypted", sa.Text(), nullable=False),
        sa.Column(
            "inputs",
            JSON_DOCUMENT,
            nullable=False,
            comment="Pay record version ids and parameter valid_froms used; no amounts.",
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_week_figures_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_week_figures")),
        sa.UniqueConstraint(
            "worker_id", "iso_week", "version", name=op.f("uq_week_figures_worker_id_iso_week_version")
        ),
    )
    op.create_table(
        "settlement_transition",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("settlement_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=10), nullable=True),
        sa.Column("to_status", sa.String(length=10), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "note_encrypted",
            sa.Text(),
            nullable=True,
            comment="Free text by staff may name a person, so it is encrypted.",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["month_settlement.id"],
            name=op.f("fk_settlement_transition_settlement_id_month_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_transition")),
    )
    op.create_index(
        op.f("ix_settlement_transition_settlement_id"), "settlement_transition", ["settlement_id"]
    )

    append_only.create_function()
    for table, (columns, encrypted) in APPEND_ONLY.items():
        append_only.protect(table, columns=columns, encrypted=encrypted)


def downgrade() -> None:
    """Drop the triggers and every table."""
    for table in APPEND_ONLY:
        append_only.unprotect(table)
    append_only.drop_function()
    op.drop_index(op.f("ix_settlement_transition_settlement_id"), table_name="settlement_transition")

    op.drop_table("settlement_transition")
    op.drop_table("week_figures")
    op.drop_index(op.f("ix_signal_worker_id_resolved_at"), table_name="signal")

    op.drop_table("signal")
    op.drop_index(op.f("ix_pay_record_worker_id_period_start"), table_name="pay_record")
    op.drop_index(op.f("ix_pay_record_submission_id"), table_name="pay_record")
    op.drop_index(op.f("ix_pay_record_agency_id_worker_id_period_start_period_end"), table_name="pay_record")

    op.drop_table("pay_record")
    op.drop_table("month_settlement")
    op.drop_index(op.f("ix_enrollment_worker_id"), table_name="enrollment")
    op.drop_index(op.f("ix_enrollment_agency_id_worker_id"), table_name="enrollment")

    op.drop_table("enrollment")
    op.drop_index(op.f("ix_benefit_case_fact_worker_id_valid_from"), table_name="benefit_case_fact")

    op.drop_table("benefit_case_fact")
    op.drop_index(op.f("ix_advance_worker_id_month"), table_name="advance")

    op.drop_table("advance")
    op.drop_index(op.f("ix_worker_municipality_id"), table_name="worker")
    op.drop_index(op.f("ix_worker_consultant_id"), table_name="worker")
    op.drop_index(op.f("ix_worker_bsn_index"), table_name="worker")

    op.drop_table("worker")
    op.drop_table("submission")
    op.drop_index(op.f("ix_staff_member_municipality_id"), table_name="staff_member")

    op.drop_table("staff_member")
    op.drop_table("idempotency_record")
    op.drop_index(op.f("ix_agency_key_agency_id"), table_name="agency_key")

    op.drop_table("agency_key")
    op.drop_index(op.f("ix_used_assertion_expires_at"), table_name="used_assertion")

    op.drop_table("used_assertion")
    op.drop_index(op.f("ix_outbox_processed_at_available_at"), table_name="outbox")

    op.drop_table("outbox")
    op.drop_table("municipality")
    op.drop_index(op.f("ix_audit_event_subject_worker_id"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_municipality_id"), table_name="audit_event")

    op.drop_table("audit_event")
    op.drop_table("agency")
