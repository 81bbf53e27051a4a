"""Invoices and business costs of workers who also work for their own account (rule 11)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import ENCRYPTED_INFO, Base, Id, new_id, utcnow


class BusinessDocument(Base):
    """One invoice or business cost, as submitted. Append-only like pay records: a correction is a new
    document whose `corrects` names the number it replaces; the number is unique per worker and kind.

    The document itself (client, amounts, dates, category) is encrypted; the number, the kind and the
    correction chain stay readable so that corrections can be checked without decrypting.
    """

    __tablename__ = "business_document"
    __table_args__ = (
        UniqueConstraint("worker_id", "kind", "number"),
        Index(None, "worker_id", "submitted_at"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"))
    kind: Mapped[str] = mapped_column(String(10), comment="factuur or kosten.")
    number: Mapped[str] = mapped_column(String(64), comment="Invoice number or the cost's own reference.")
    corrects: Mapped[str | None] = mapped_column(String(64), comment="The number this document replaces.")
    document_encrypted: Mapped[str] = mapped_column(info=ENCRYPTED_INFO)
    source: Mapped[str] = mapped_column(String(20), comment="werkende, gemeente or boekhouding.")
    submitted_by: Mapped[str] = mapped_column(String(255))
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BookkeepingMandate(Base):
    """A machtiging: the worker lets this bookkeeper (an `Agency` of kind bookkeeper) send the invoices and
    costs of their business from a date (to a date). Like an enrollment, but for business documents."""

    __tablename__ = "bookkeeping_mandate"
    __table_args__ = (Index(None, "bookkeeper_id", "worker_id"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(ForeignKey("worker.id"), index=True)
    bookkeeper_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None] = mapped_column(comment="Last day of the mandate; open when NULL.")
    recorded_by: Mapped[str] = mapped_column(String(255), comment="Who recorded it: the worker or staff.")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
