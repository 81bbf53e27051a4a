"""Flextensie tables: municipal policy versions, placements, timesheets, the premium ledger, invoices.

Amounts about a person (the premium rate and travel allowance of a placement, hours worked, premium
accrued and paid, an invoice's settlement) are field-encrypted. What the client is invoiced (tariff,
hours and totals on the invoice) is business data between the municipality and the client and is
stored plainly, as exact decimal text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Dialect, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from gateway.store.base import ENCRYPTED_INFO, Base, Id, JsonDocument, new_id, utcnow


class DecimalText(TypeDecorator[Decimal]):
    """An exact decimal stored as its text ("18.50"): SQLite has no exact decimal type, only floats."""

    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        """Write the exact digits; floats are refused (they are never exact)."""
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError("DecimalText takes Decimal values only")
        return format(value, "f")

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        """Read the digits back as a Decimal."""
        return None if value is None else Decimal(value)


class FlextensiePolicyRecord(Base):
    """A municipality's Flextensie policy from a date; the last one recorded for a date counts."""

    __tablename__ = "flextensie_policy"
    __table_args__ = (Index(None, "municipality_id", "valid_from"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    valid_from: Mapped[dt.date]
    source: Mapped[str] = mapped_column(String(200))
    policy: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, comment="FlextensiePolicy; no personal data."
    )
    recorded_by: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Placement(Base):
    """A Flextensie placement (plaatsing) of a worker with a client."""

    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint("status IN ('actief', 'beeindigd')", name="status"),
        CheckConstraint("max_end_date >= start_date", name="period_order"),
        Index(None, "municipality_id", "start_date"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"), index=True)
    agency_id: Mapped[str | None] = mapped_column(
        ForeignKey("agency.id"), index=True, comment="May push this placement's timesheets."
    )
    client_name: Mapped[str] = mapped_column(String(200))
    client_reference: Mapped[str | None] = mapped_column(String(100))
    client_details: Mapped[dict[str, Any] | None] = mapped_column(
        JsonDocument, comment="ClientDetails: the client's KvK number or OIN, address and VAT number."
    )
    start_date: Mapped[dt.date]
    planned_end_date: Mapped[dt.date | None]
    max_end_date: Mapped[dt.date]
    alert_date: Mapped[dt.date]
    expected_hours: Mapped[Decimal] = mapped_column(DecimalText())
    hourly_tariff: Mapped[Decimal] = mapped_column(DecimalText())
    minimum_tariff: Mapped[Decimal] = mapped_column(DecimalText())
    policy_valid_from: Mapped[dt.date] = mapped_column(comment="The policy version in force at the start.")
    terms_encrypted: Mapped[str] = mapped_column(
        info=ENCRYPTED_INFO, comment="Premium per hour and travel allowance per day (encrypted JSON)."
    )
    status: Mapped[str] = mapped_column(String(10), default="actief")
    ended_on: Mapped[dt.date | None]
    end_reason_encrypted: Mapped[str | None] = mapped_column(info=ENCRYPTED_INFO)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Timesheet(Base):
    """One version of an urenstaat (a placement's hours in one ISO week); approved versions are final."""

    __tablename__ = "timesheet"
    __table_args__ = (
        UniqueConstraint("placement_id", "iso_week", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("status IN ('ingediend', 'goedgekeurd')", name="status"),
        CheckConstraint("source IN ('consulent', 'aanlevering')", name="source"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    placement_id: Mapped[str] = mapped_column(ForeignKey("placement.id"))
    iso_week: Mapped[str] = mapped_column(String(8), comment="YYYY-Www.")
    version: Mapped[int]
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("timesheet.id"), unique=True)
    source: Mapped[str] = mapped_column(String(12))
    submission_id: Mapped[str | None] = mapped_column(ForeignKey("submission.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), comment="The sender's own timesheet id.")
    days_encrypted: Mapped[str] = mapped_column(
        info=ENCRYPTED_INFO, comment="Hours per day (encrypted JSON)."
    )
    status: Mapped[str] = mapped_column(String(12), default="ingediend")
    approval_encrypted: Mapped[str | None] = mapped_column(
        info=ENCRYPTED_INFO, comment="Who signed for the client, and when (encrypted JSON)."
    )
    approved_by: Mapped[str | None] = mapped_column(String(255), comment="Actor who recorded the approval.")
    approved_at: Mapped[dt.datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PremiumPayout(Base):
    """A payout moment of a worker's premium; `slot` numbers the moments of a year, so at most that many."""

    __tablename__ = "premium_payout"
    __table_args__ = (
        UniqueConstraint("worker_id", "year", "slot"),
        CheckConstraint("slot >= 1", name="slot_positive"),
        CheckConstraint("status IN ('gepland', 'uitbetaald')", name="status"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    year: Mapped[int]
    slot: Mapped[int]
    payout_date: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(12), default="gepland")
    planned_by: Mapped[str] = mapped_column(String(255))
    planned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    paid_by: Mapped[str | None] = mapped_column(String(255))
    paid_at: Mapped[dt.datetime | None]


class PremiumEntry(Base):
    """A line of the premium ledger: an accrual for approved hours, or a payout. Never changed."""

    __tablename__ = "premium_entry"
    __table_args__ = (
        CheckConstraint("kind IN ('opbouw', 'uitbetaling')", name="kind"),
        Index(None, "worker_id", "year"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    kind: Mapped[str] = mapped_column(String(12))
    year: Mapped[int]
    month: Mapped[str] = mapped_column(String(7), comment="YYYY-MM of the work, or of the payout.")
    entry_date: Mapped[dt.date]
    placement_id: Mapped[str | None] = mapped_column(ForeignKey("placement.id"), index=True)
    timesheet_id: Mapped[str | None] = mapped_column(ForeignKey("timesheet.id"), index=True)
    payout_id: Mapped[str | None] = mapped_column(ForeignKey("premium_payout.id"), unique=True)
    content_encrypted: Mapped[str] = mapped_column(
        info=ENCRYPTED_INFO, comment="Hours, amount and explanation lines (encrypted JSON)."
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FlextensieInvoice(Base):
    """An issued month invoice of one placement; issued invoices are final."""

    __tablename__ = "flextensie_invoice"
    __table_args__ = (
        UniqueConstraint("placement_id", "month"),
        UniqueConstraint("municipality_id", "number"),
        Index(None, "municipality_id", "month"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    placement_id: Mapped[str] = mapped_column(ForeignKey("placement.id"))
    month: Mapped[str] = mapped_column(String(7), comment="YYYY-MM.")
    number: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[dt.date]
    issued_by: Mapped[str] = mapped_column(String(255))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    client_name: Mapped[str] = mapped_column(String(200))
    client_reference: Mapped[str | None] = mapped_column(String(100))
    hours: Mapped[Decimal] = mapped_column(DecimalText())
    hourly_tariff: Mapped[Decimal] = mapped_column(DecimalText())
    net_amount: Mapped[Decimal] = mapped_column(DecimalText())
    vat_rate: Mapped[Decimal | None] = mapped_column(DecimalText())
    vat_amount: Mapped[Decimal] = mapped_column(DecimalText())
    total: Mapped[Decimal] = mapped_column(DecimalText())
    document: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, comment="Invoice lines, explanation and parameters used; no personal data."
    )
    settlement_encrypted: Mapped[str] = mapped_column(
        info=ENCRYPTED_INFO, comment="Premium, travel, back office, remainder and their lines (encrypted)."
    )
