"""Flextensie: municipal policy versions, placements, timesheets, the premium ledger and invoices.

Revision ID: 20261122_flextensie
Revises: 20261122_initial
Create Date: 2026-11-22 18:14:18.894260
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261122_flextensie"
down_revision: str | None = "20261122_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here rather than imported from the models, so this migration never changes with them.
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
DECIMAL_TEXT = sa.String(length=24)
TIMESTAMP = sa.DateTime(timezone=True)


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(length=36), nullable=False)


def _ref(name: str, *, nullable: bool = False, comment: str | None = None) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=36), nullable=nullable, comment=comment)


def upgrade() -> None:
    """Create the Flextensie tables."""
    op.create_table(
        "flextensie_policy",
        _id(),
        _ref("municipality_id"),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("policy", JSON_DOCUMENT, nullable=False, comment="FlextensiePolicy; no personal data."),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_flextensie_policy_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flextensie_policy")),
    )
    op.create_index(
        op.f("ix_flextensie_policy_municipality_id_valid_from"),
        "flextensie_policy",
        ["municipality_id", "valid_from"],
    )

    op.create_table(
        "placement",
        _id(),
        _ref("municipality_id"),
        _ref("worker_id"),
        _ref("agency_id", nullable=True, comment="May push this placement's timesheets."),
        sa.Column("client_name", sa.String(length=200), nullable=False),
        sa.Column("client_reference", sa.String(length=100), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_end_date", sa.Date(), nullable=True),
        sa.Column("max_end_date", sa.Date(), nullable=False),
        sa.Column("alert_date", sa.Date(), nullable=False),
        sa.Column("expected_hours", DECIMAL_TEXT, nullable=False),
        sa.Column("hourly_tariff", DECIMAL_TEXT, nullable=False),
        sa.Column("minimum_tariff", DECIMAL_TEXT, nullable=False),
        sa.Column(
            "policy_valid_from",
            sa.Date(),
            nullable=False,
            comment="The policy version in force at the start.",
        ),
        sa.Column(
            "terms_encrypted",
            sa.Text(),
            nullable=False,
            comment="Premium per hour and travel allowance per day (encrypted JSON).",
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason_encrypted", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("status IN ('actief', 'beeindigd')", name=op.f("ck_placement_status")),
        sa.CheckConstraint("max_end_date >= start_date", name=op.f("ck_placement_period_order")),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_placement_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_placement_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_placement_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement")),
    )
    op.create_index(op.f("ix_placement_agency_id"), "placement", ["agency_id"])
    op.create_index(
        op.f("ix_placement_municipality_id_start_date"), "placement", ["municipality_id", "start_date"]
    )
    op.create_index(op.f("ix_placement_worker_id"), "placement", ["worker_id"])

    op.create_table(
        "premium_payout",
        _id(),
        _ref("worker_id"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("payout_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("planned_by", sa.String(length=255), nullable=False),
        sa.Column("planned_at", TIMESTAMP, nullable=False),
        sa.Column("paid_by", sa.String(length=255), nullable=True),
        sa.Column("paid_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint("status IN ('gepland', 'uitbetaald')", name=op.f("ck_premium_payout_status")),
        sa.CheckConstraint("slot >= 1", name=op.f("ck_premium_payout_slot_positive")),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_premium_payout_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_premium_payout")),
        sa.UniqueConstraint("worker_id", "year", "slot", name=op.f("uq_premium_payout_worker_id_year_slot")),
    )

    op.create_table(
        "flextensie_invoice",
        _id(),
        _ref("municipality_id"),
        _ref("placement_id"),
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM."),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=255), nullable=False),
        sa.Column("issued_at", TIMESTAMP, nullable=False),
        sa.Column("client_name", sa.String(length=200), nullable=False),
        sa.Column("client_reference", sa.String(length=100), nullable=True),
        sa.Column("hours", DECIMAL_TEXT, nullable=False),
        sa.Column("hourly_tariff", DECIMAL_TEXT, nullable=False),
        sa.Column("net_amount", DECIMAL_TEXT, nullable=False),
        sa.Column("vat_rate", DECIMAL_TEXT, nullable=True),
        sa.Column("vat_amount", DECIMAL_TEXT, nullable=False),
        sa.Column("total", DECIMAL_TEXT, nullable=False),
        sa.Column(
            "document",
            JSON_DOCUMENT,
            nullable=False,
            comment="Invoice lines, explanation and parameters used; no personal data.",
        ),
        sa.Column(
            "settlement_encrypted",
            sa.Text(),
            nullable=False,
            comment="Premium, travel, back office, remainder and their lines (encrypted).",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_flextensie_invoice_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name=op.f("fk_flextensie_invoice_placement_id_placement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flextensie_invoice")),
        sa.UniqueConstraint(
            "municipality_id", "number", name=op.f("uq_flextensie_invoice_municipality_id_number")
        ),
        sa.UniqueConstraint("placement_id", "month", name=op.f("uq_flextensie_invoice_placement_id_month")),
    )
    op.create_index(
        op.f("ix_flextensie_invoice_municipality_id_month"),
        "flextensie_invoice",
        ["municipality_id", "month"],
    )

    op.create_table(
        "timesheet",
        _id(),
        _ref("placement_id"),
        sa.Column("iso_week", sa.String(length=8), nullable=False, comment="YYYY-Www."),
        sa.Column("version", sa.Integer(), nullable=False),
        _ref("supersedes_id", nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        _ref("submission_id", nullable=True),
        sa.Column(
            "external_id", sa.String(length=64), nullable=True, comment="The sender's own timesheet id."
        ),
        sa.Column("days_encrypted", sa.Text(), nullable=False, comment="Hours per day (encrypted JSON)."),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column(
            "approval_encrypted",
            sa.Text(),
            nullable=True,
            comment="Who signed for the client, and when (encrypted JSON).",
        ),
        sa.Column(
            "approved_by", sa.String(length=255), nullable=True, comment="Actor who recorded the approval."
        ),
        sa.Column("approved_at", TIMESTAMP, nullable=True),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("source IN ('consulent', 'aanlevering')", name=op.f("ck_timesheet_source")),
        sa.CheckConstraint("status IN ('ingediend', 'goedgekeurd')", name=op.f("ck_timesheet_status")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_timesheet_version_positive")),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name=op.f("fk_timesheet_placement_id_placement")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submission.id"], name=op.f("fk_timesheet_submission_id_submission")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["timesheet.id"], name=op.f("fk_timesheet_supersedes_id_timesheet")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timesheet")),
        sa.UniqueConstraint(
            "placement_id", "iso_week", "version", name=op.f("uq_timesheet_placement_id_iso_week_version")
        ),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_timesheet_supersedes_id")),
    )
    op.create_index(op.f("ix_timesheet_submission_id"), "timesheet", ["submission_id"])

    op.create_table(
        "premium_entry",
        _id(),
        _ref("worker_id"),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "month", sa.String(length=7), nullable=False, comment="YYYY-MM of the work, or of the payout."
        ),
        sa.Column("entry_date", sa.Date(), nullable=False),
        _ref("placement_id", nullable=True),
        _ref("timesheet_id", nullable=True),
        _ref("payout_id", nullable=True),
        sa.Column(
            "content_encrypted",
            sa.Text(),
            nullable=False,
            comment="Hours, amount and explanation lines (encrypted JSON).",
        ),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("kind IN ('opbouw', 'uitbetaling')", name=op.f("ck_premium_entry_kind")),
        sa.ForeignKeyConstraint(
            ["payout_id"], ["premium_payout.id"], name=op.f("fk_premium_entry_payout_id_premium_payout")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name=op.f("fk_premium_entry_placement_id_placement")
        ),
        sa.ForeignKeyConstraint(
            ["timesheet_id"], ["timesheet.id"], name=op.f("fk_premium_entry_timesheet_id_timesheet")
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_premium_entry_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_premium_entry")),
        sa.UniqueConstraint("payout_id", name=op.f("uq_premium_entry_payout_id")),
    )
    op.create_index(op.f("ix_premium_entry_placement_id"), "premium_entry", ["placement_id"])
    op.create_index(op.f("ix_premium_entry_timesheet_id"), "premium_entry", ["timesheet_id"])
    op.create_index(op.f("ix_premium_entry_worker_id_year"), "premium_entry", ["worker_id", "year"])


def downgrade() -> None:
    """Drop the Flextensie tables (and their indexes with them)."""
    for table in (
        "premium_entry",
        "timesheet",
        "flextensie_invoice",
        "premium_payout",
        "placement",
        "flextensie_policy",
    ):
        op.drop_table(table)
