"""The audit log: append-only (triggers on both databases) and hash-chained."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import Base, Id, new_id


class AuditEvent(Base):
    """Who did what to whose data, when, why, and with what result.

    `hash` is SHA-256 over the canonical JSON of the fields plus `prev_hash` (gateway.security.audit_chain).
    The worker and municipality ids carry no foreign key: the log must outlive what it refers to.
    """

    __tablename__ = "audit_event"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    sequence: Mapped[int] = mapped_column(unique=True, comment="1, 2, 3, ... without gaps.")
    occurred_at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(255))
    actor_role: Mapped[str] = mapped_column(String(50))
    municipality_id: Mapped[str | None] = mapped_column(Id, index=True)
    subject_worker_id: Mapped[str | None] = mapped_column(Id, index=True)
    action: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(50))
    origin: Mapped[str | None] = mapped_column(
        String(64), comment="Client address through the trusted proxy, or 'lokaal'; empty before 2026-12."
    )
    trace_id: Mapped[str | None] = mapped_column(String(32), comment="W3C trace id of the request.")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
