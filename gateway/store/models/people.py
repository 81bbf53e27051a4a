"""Workers and what the municipality knows about them: case facts, enrollments, advances, signals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import ENCRYPTED_INFO, Base, Id, JsonDocument, new_id, utcnow


class Worker(Base):
    """A flexwerker with a bijstand benefit in one municipality.

    The BSN is stored encrypted (`bsn_encrypted`) and as a keyed HMAC (`bsn_index`) for lookups, under
    the municipality's own index key named by `bsn_index_kid`; the index is unique per municipality.
    Name and birth date are encrypted too.
    """

    __tablename__ = "worker"
    __table_args__ = (UniqueConstraint("municipality_id", "bsn_index"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"), index=True)
    bsn_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    bsn_index: Mapped[str] = mapped_column(
        String(64), index=True, comment="HMAC-SHA256 blind index of the BSN, keyed per municipality."
    )
    bsn_index_kid: Mapped[str] = mapped_column(String(32), comment="Id of the index key of bsn_index.")
    name_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    birth_date_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    consultant_id: Mapped[str | None] = mapped_column(ForeignKey("staff_member.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BenefitCaseFact(Base):
    """Household facts, granted disregards and partner data valid over a period.

    Rows are never edited: a change is a new row. Where recorded periods overlap, the one recorded last
    counts (see gateway.store.benefit_cases.effective_facts). `partner_bsn_index` is the blind index of
    the partner's BSN (kept encrypted in the facts), so that new pay records of a partner find the cases
    that name them without decrypting every case.
    """

    __tablename__ = "benefit_case_fact"
    __table_args__ = (Index(None, "worker_id", "valid_from"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None]
    facts_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO, comment="Encrypted JSON.")
    partner_bsn_index: Mapped[str | None] = mapped_column(
        String(64), index=True, comment="HMAC-SHA256 blind index of the partner's BSN in the facts."
    )
    partner_bsn_index_kid: Mapped[str | None] = mapped_column(
        String(32), comment="Id of the index key of partner_bsn_index."
    )
    recorded_by: Mapped[str] = mapped_column(String(255), comment="Staff member id or system actor.")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Enrollment(Base):
    """An inschrijving: the worker works through this agency from a date (to a date).

    `bsn_index` is the worker's BSN indexed under the agency's own key (named by `bsn_index_kid`), so a
    push finds its records' workers with one HMAC per record whatever municipalities the agency serves.
    It is empty until filled: at the agency's next push or by `loonbrug keys reindex`.
    """

    __tablename__ = "enrollment"
    __table_args__ = (Index(None, "agency_id", "worker_id"), Index(None, "agency_id", "bsn_index"))

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"), index=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None] = mapped_column(comment="Last day enrolled; open when NULL.")
    bsn_index: Mapped[str | None] = mapped_column(
        String(64), comment="HMAC-SHA256 blind index of the BSN, keyed per agency; NULL until filled."
    )
    bsn_index_kid: Mapped[str | None] = mapped_column(String(32), comment="Id of the index key of bsn_index.")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Advance(Base):
    """The advance (voorschot) paid for a month. Append-only: a correction is a new row, the last counts."""

    __tablename__ = "advance"
    __table_args__ = (Index(None, "worker_id", "month"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    month: Mapped[str] = mapped_column(String(7), comment="YYYY-MM.")
    amount_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    paid_on: Mapped[dt.date | None]
    recorded_by: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Signal(Base):
    """Something a consultant should look at (missing period, anomaly, changed figures)."""

    __tablename__ = "signal"
    __table_args__ = (Index(None, "worker_id", "resolved_at"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, default=dict, comment="Ids, periods and codes only; never personal data."
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]


class CaseEnd(Base):
    """The end of a benefit case (beëindiging), recorded by a consultant. Append-only: the last recorded
    row counts; a row without `end_date` withdraws an earlier end (the case goes on)."""

    __tablename__ = "case_end"
    __table_args__ = (Index(None, "worker_id", "recorded_at"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    end_date: Mapped[dt.date | None] = mapped_column(comment="Last day with a right to bijstand.")
    reason: Mapped[str | None] = mapped_column(String(20), comment="werk, verhuizing or overig.")
    note_encrypted: Mapped[str | None] = mapped_column(info=ENCRYPTED_INFO)
    recorded_by: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BufferDecision(Base):
    """A consultant's decision to use the bufferbudget (art. 34b) for a month. Append-only."""

    __tablename__ = "bufferbudget_decision"
    __table_args__ = (Index(None, "worker_id", "month"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    month: Mapped[str] = mapped_column(String(7), comment="YYYY-MM the use is settled in.")
    kind: Mapped[str] = mapped_column(String(20), comment="kwijtschelding or aanvulling.")
    amount_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    note_encrypted: Mapped[str | None] = mapped_column(info=ENCRYPTED_INFO)
    decided_by: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
