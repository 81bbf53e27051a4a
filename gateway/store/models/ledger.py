"""The agency side: submissions, the append-only pay ledger, idempotency, used assertions, the outbox."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import ENCRYPTED_INFO, Base, Id, JsonDocument, new_id, utcnow


class Submission(Base):
    """One pushed message: the raw envelope (encrypted) and the receipt returned for it."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("agency_id", "message_id"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    message_id: Mapped[str] = mapped_column(String(128), comment="The agency's message id; replay refused.")
    message_created_at: Mapped[dt.datetime] = mapped_column(comment="Creation time stated in the message.")
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    envelope_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO, comment="The raw JWE, encrypted.")
    receipt: Mapped[dict[str, Any] | None] = mapped_column(
        JsonDocument, comment="Counts and per-record outcomes; record ids and codes only, no BSN or amount."
    )
    receipt_jws: Mapped[str | None] = mapped_column(comment="The receipt as signed by the gateway.")
    record_count: Mapped[int] = mapped_column(default=0)
    accepted_count: Mapped[int] = mapped_column(default=0)
    refused_count: Mapped[int] = mapped_column(default=0)
    duplicate_count: Mapped[int] = mapped_column(default=0)


class PayRecord(Base):
    """One version of a loonstrook. Append-only, on both databases enforced by triggers.

    The first version has `version` 1 and `lineage_id` equal to its own id. A correction is a new row
    with its own `record_id`, `version` one higher, the same `lineage_id` and `supersedes_id` naming the
    version it replaces; `supersedes_id` is unique, so a lineage never forks.
    """

    __tablename__ = "pay_record"
    __table_args__ = (
        UniqueConstraint("agency_id", "record_id"),
        UniqueConstraint("lineage_id", "version"),
        CheckConstraint("period_type IN ('week', 'vierweken', 'maand')", name="period_type"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index(None, "worker_id", "period_start"),
        Index(None, "agency_id", "worker_id", "period_start", "period_end"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    # No foreign keys on the agency, the worker, the lineage, the predecessor or the submission: the
    # ledger writes them from rows read or written in the same transaction, and each of those tables
    # refuses DELETE; checking them cost ingestion more than the COPY itself.
    agency_id: Mapped[str] = mapped_column(Id)
    worker_id: Mapped[str] = mapped_column(Id)
    record_id: Mapped[str] = mapped_column(String(64), comment="The agency's own id of this record.")
    version: Mapped[int] = mapped_column(Integer)
    lineage_id: Mapped[str] = mapped_column(Id)
    supersedes_id: Mapped[str | None] = mapped_column(Id, unique=True)
    submission_id: Mapped[str] = mapped_column(Id, index=True)
    period_type: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    pay_date: Mapped[dt.date]
    content_encrypted: Mapped[str] = mapped_column(
        info=ENCRYPTED_INFO, comment="Hours and amounts as encrypted JSON."
    )
    content_digest: Mapped[str] = mapped_column(
        String(64), comment="Keyed HMAC of the canonical record: finds duplicates without the amounts."
    )
    content_digest_kid: Mapped[str] = mapped_column(String(32), comment="Id of the key of content_digest.")
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IdempotencyState(StrEnum):
    """Where a request with an Idempotency-Key stands."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class IdempotencyRecord(Base):
    """The stored outcome of a request made with an Idempotency-Key, scoped per agency."""

    __tablename__ = "idempotency_record"
    __table_args__ = (
        UniqueConstraint("agency_id", "key"),
        CheckConstraint("state IN ('in_progress', 'completed')", name="state"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    key: Mapped[str] = mapped_column(String(255))
    request_digest: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the request body.")
    state: Mapped[str] = mapped_column(String(16), default=IdempotencyState.IN_PROGRESS.value)
    response_status: Mapped[int | None]
    response_body_encrypted: Mapped[str | None] = mapped_column(info=ENCRYPTED_INFO)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[dt.datetime | None]


class UsedAssertion(Base):
    """A client-assertion `jti` already seen; refused when used again before it expires."""

    __tablename__ = "used_assertion"
    __table_args__ = (UniqueConstraint("client_id", "jti"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(128))
    jti: Mapped[str] = mapped_column(String(255))
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class OutboxEvent(Base):
    """An event written in the same transaction as the change it announces; jobs pick it up."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The claim's order: due events oldest first, unprocessed ones only (gateway.jobs.outbox_consumer).
        Index(
            "ix_outbox_due",
            "available_at",
            "id",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
        # Retention deletes processed events by age (gateway.jobs.retention).
        Index(
            "ix_outbox_processed_at",
            "processed_at",
            postgresql_where=text("processed_at IS NOT NULL"),
            sqlite_where=text("processed_at IS NOT NULL"),
        ),
        # A claimed batch takes the other due events naming its workers (gateway.jobs.outbox_consumer).
        Index(
            "ix_outbox_unprocessed_worker_id",
            text("(payload ->> 'workerId')"),
            # `IS TRUE` so that only a query spelling it so can use it (gateway.jobs.outbox_consumer).
            postgresql_where=text("(processed_at IS NULL) IS TRUE"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    topic: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDocument, comment="Ids only; never personal data.")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    available_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(comment="Error class and code only, never data.")
