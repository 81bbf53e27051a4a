"""Versioned engine results: week figures, month settlements and the settlement workflow trail."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import ENCRYPTED_INFO, Base, Id, JsonDocument, new_id, utcnow


class WeekFigures(Base):
    """The weekcijfers of one ISO week, as one version; a recompute stores the next version."""

    __tablename__ = "week_figures"
    __table_args__ = (UniqueConstraint("worker_id", "iso_week", "version"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    iso_week: Mapped[str] = mapped_column(String(8), comment="YYYY-Www.")
    version: Mapped[int]
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    result_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    inputs: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, comment="Pay record version ids and parameter valid_froms used; no amounts."
    )


class SettlementStatus(StrEnum):
    """The settlement workflow (DESIGN §6)."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"
    EXPORTED = "exported"


class MonthSettlement(Base):
    """The maandverrekening of one month, as one version with its workflow status."""

    __tablename__ = "month_settlement"
    __table_args__ = (
        UniqueConstraint("worker_id", "month", "version"),
        CheckConstraint("status IN ('draft', 'proposed', 'approved', 'exported')", name="status"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    month: Mapped[str] = mapped_column(String(7), comment="YYYY-MM.")
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=SettlementStatus.DRAFT.value)
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("month_settlement.id"), unique=True)
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    result_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    inputs: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, comment="Pay record version ids and parameter valid_froms used; no amounts."
    )


class SettlementTransition(Base):
    """One step of a settlement through the workflow: who moved it, when, why."""

    __tablename__ = "settlement_transition"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    settlement_id: Mapped[str] = mapped_column(ForeignKey("month_settlement.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(255))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note_encrypted: Mapped[str | None] = mapped_column(
        info=ENCRYPTED_INFO, comment="Free text by staff may name a person, so it is encrypted."
    )
