"""Invoices and business costs of a worker's own business (rule 11): append-only, encrypted, versioned.

A document is stored once under its number; sending the same document again is harmless (the stored
one is returned), sending a different document under a number already used is refused, and a correction
is a new document whose `corrects` names the number it replaces, which must exist and not be corrected
yet (the same rule as for pay records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import BusinessDocument
from gateway.store.sealing import Sealer
from schemas.self_employed import BusinessCost, BusinessInvoice

_DOCUMENT = "document_encrypted"


class DocumentKind(StrEnum):
    """Which kind of document."""

    INVOICE = "factuur"
    COST = "kosten"


class Source(StrEnum):
    """Who sent a document in."""

    WORKER = "werkende"
    MUNICIPALITY = "gemeente"
    BOOKKEEPING = "boekhouding"


class DocumentRefused(ValueError):
    """A document that cannot be stored: `field` names the field, `message` says why (Dutch)."""

    def __init__(self, field: str, message: str, *, conflict: bool = False) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.conflict = conflict
        """True when the number is taken by a different document (HTTP 409), else bad input (400/422)."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One stored invoice or cost with who sent it and when."""

    document_id: str
    kind: DocumentKind
    document: BusinessInvoice | BusinessCost
    source: Source
    submitted_by: str
    submitted_at: dt.datetime
    corrected_by: str | None = None
    """The number of the document that replaces this one, if any."""


def _number(document: BusinessInvoice | BusinessCost) -> str:
    return document.invoice_number if isinstance(document, BusinessInvoice) else document.cost_id


def _kind(document: BusinessInvoice | BusinessCost) -> DocumentKind:
    return DocumentKind.INVOICE if isinstance(document, BusinessInvoice) else DocumentKind.COST


def submit(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    document: BusinessInvoice | BusinessCost,
    source: Source,
    submitted_by: str,
) -> tuple[StoredDocument, bool]:
    """Store `document` for the worker; returns it and whether it is new (False: it was already stored).

    Raises `DocumentRefused` for a number already used by another document, or a correction of a number
    that does not exist or was already corrected.
    """
    kind = _kind(document)
    number = _number(document)
    rows = {
        row.number: row
        for row in session.scalars(
            select(BusinessDocument).where(
                BusinessDocument.worker_id == worker_id, BusinessDocument.kind == kind.value
            )
        )
    }
    field = "invoiceNumber" if kind is DocumentKind.INVOICE else "costId"
    existing = rows.get(number)
    if existing is not None:
        stored = _read(sealer, existing)
        if stored.document == document:
            return stored, False
        raise DocumentRefused(
            field,
            f"{number} is al ingediend met andere gegevens; stuur een correctie met een eigen nummer en"
            f" corrects: {number}",
            conflict=True,
        )
    if document.corrects is not None:
        if document.corrects not in rows:
            raise DocumentRefused("corrects", f"{document.corrects} is niet eerder ingediend")
        taken = next((row.number for row in rows.values() if row.corrects == document.corrects), None)
        if taken is not None:
            raise DocumentRefused(
                "corrects", f"{document.corrects} is al gecorrigeerd door {taken}; corrigeer {taken}"
            )
    row = BusinessDocument(
        worker_id=worker_id,
        kind=kind.value,
        number=number,
        corrects=document.corrects,
        source=source.value,
        submitted_by=submitted_by,
    )
    sealer.put_json(row, _DOCUMENT, document.model_dump(mode="json", by_alias=True))
    session.add(row)
    session.flush()
    return _read(sealer, row), True


def for_worker(
    *, session: Session, sealer: Sealer, worker_id: str, kind: DocumentKind | None = None
) -> list[StoredDocument]:
    """Every invoice and cost of a worker (or only those of `kind`) in the order they were sent, each
    marked with what corrects it."""
    statement = select(BusinessDocument).where(BusinessDocument.worker_id == worker_id)
    if kind is not None:
        statement = statement.where(BusinessDocument.kind == kind.value)
    rows = list(session.scalars(statement.order_by(BusinessDocument.submitted_at, BusinessDocument.id)))
    return _marked(sealer, rows)


def for_workers(
    *, session: Session, sealer: Sealer, worker_ids: Collection[str]
) -> dict[str, list[StoredDocument]]:
    """`for_worker` of each of `worker_ids` (every kind) in one query; a worker without documents is
    left out."""
    statement = select(BusinessDocument).where(BusinessDocument.worker_id.in_(sorted(set(worker_ids))))
    rows: dict[str, list[BusinessDocument]] = {}
    ordered = statement.order_by(BusinessDocument.submitted_at, BusinessDocument.id)
    for row in session.scalars(ordered):
        rows.setdefault(row.worker_id, []).append(row)
    return {worker_id: _marked(sealer, own) for worker_id, own in rows.items()}


def _marked(sealer: Sealer, rows: list[BusinessDocument]) -> list[StoredDocument]:
    corrected_by = {(row.kind, row.corrects): row.number for row in rows if row.corrects is not None}
    result = []
    for row in rows:
        stored = _read(sealer, row)
        by = corrected_by.get((row.kind, row.number))
        result.append(stored if by is None else _with_corrected_by(stored, by))
    return result


def _with_corrected_by(stored: StoredDocument, number: str) -> StoredDocument:
    return StoredDocument(
        stored.document_id,
        stored.kind,
        stored.document,
        stored.source,
        stored.submitted_by,
        stored.submitted_at,
        number,
    )


def _read(sealer: Sealer, row: BusinessDocument) -> StoredDocument:
    content: Any = sealer.get_json(row, _DOCUMENT)
    kind = DocumentKind(row.kind)
    document: BusinessInvoice | BusinessCost = (
        BusinessInvoice.model_validate(content)
        if kind is DocumentKind.INVOICE
        else BusinessCost.model_validate(content)
    )
    return StoredDocument(row.id, kind, document, Source(row.source), row.submitted_by, row.submitted_at)
