"""Invoices and business costs of a worker's own business (rule 11): append-only, encrypted, versioned.

A document is stored once under its number; sending the same document again is harmless (the stored
one is returned), sending a different document under a number already used is refused, and a correction
is a new document whose `corrects` names the number it replaces, which must exist and not be corrected
yet (the same rule as for pay records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.base import new_id
from gateway.store.models import BusinessDocument
from gateway.store.sealing import Sealer
from schemas.self_employed import BusinessCost, BusinessInvoice

_DOCUMENT = "document_encrypted"
_IN_CHUNK = 1000


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
            f"{number} is al ingediend met andere gegevens; stuur een correctie met een eigen nummer die"
            f" {number} vervangt",
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


def submit_many(
    *,
    session: Session,
    sealer: Sealer,
    items: Sequence[tuple[str, BusinessInvoice | BusinessCost]],
    source: Source,
    submitted_by: str,
) -> list[tuple[StoredDocument, bool] | DocumentRefused]:
    """Store each `(worker_id, document)` in order, exactly as `submit` one by one would (a document
    sent again, a number taken, a correction of an earlier one in the same list), with one query for
    what the workers already have and one flush: a bookkeeper sends a year of one worker's invoices at
    once, and `submit` per document would read the worker's documents again for each of them.

    Each result is the stored document with whether it is new, or the refusal."""
    known: dict[tuple[str, str, str], str] = {}
    """The row id under each (worker, kind, number): only the readable columns are read, no document."""
    corrected_by: dict[tuple[str, str, str], str] = {}
    worker_ids = sorted({worker_id for worker_id, _ in items})
    columns = (
        BusinessDocument.id,
        BusinessDocument.worker_id,
        BusinessDocument.kind,
        BusinessDocument.number,
        BusinessDocument.corrects,
    )
    for start in range(0, len(worker_ids), _IN_CHUNK):
        chunk = worker_ids[start : start + _IN_CHUNK]
        for row_id, worker_id, kind, number, corrects in session.execute(
            select(*columns).where(BusinessDocument.worker_id.in_(chunk))
        ):
            known[(worker_id, kind, number)] = row_id
            if corrects is not None:
                corrected_by[(worker_id, kind, corrects)] = number
    fresh: dict[str, tuple[BusinessDocument, BusinessInvoice | BusinessCost]] = {}
    """The rows added by this call with their documents, by row id: compared without decrypting."""
    outcomes: list[tuple[BusinessDocument, bool] | DocumentRefused] = []
    for worker_id, document in items:
        kind = _kind(document).value
        number = _number(document)
        existing_id = known.get((worker_id, kind, number))
        if existing_id is not None:
            # Read and decrypted only when a number comes again, to tell a resend from another document.
            existing, earlier = fresh.get(existing_id) or _loaded(session, sealer, existing_id)
            outcomes.append((existing, False) if earlier == document else _taken(document))
            continue
        refusal = _correction_refused(document, worker_id, kind, known, corrected_by)
        if refusal is not None:
            outcomes.append(refusal)
            continue
        row = BusinessDocument(
            id=new_id(),
            worker_id=worker_id,
            kind=kind,
            number=number,
            corrects=document.corrects,
            source=source.value,
            submitted_by=submitted_by,
        )
        sealer.put_json(row, _DOCUMENT, document.model_dump(mode="json", by_alias=True))
        known[(worker_id, kind, number)] = row.id
        fresh[row.id] = (row, document)
        if document.corrects is not None:
            corrected_by[(worker_id, kind, document.corrects)] = number
        outcomes.append((row, True))
    session.add_all(fresh_row for fresh_row, new in _stored_rows(outcomes) if new)
    session.flush()
    return [
        outcome if isinstance(outcome, DocumentRefused) else (_stored(outcome[0], document), outcome[1])
        for outcome, (_, document) in zip(outcomes, items, strict=True)
    ]


def _stored_rows(
    outcomes: list[tuple[BusinessDocument, bool] | DocumentRefused],
) -> list[tuple[BusinessDocument, bool]]:
    return [outcome for outcome in outcomes if not isinstance(outcome, DocumentRefused)]


def _loaded(
    session: Session, sealer: Sealer, row_id: str
) -> tuple[BusinessDocument, BusinessInvoice | BusinessCost]:
    row = session.get(BusinessDocument, row_id)
    assert row is not None, "read in this transaction a moment ago; rows are never deleted"
    return row, _read(sealer, row).document


def _taken(document: BusinessInvoice | BusinessCost) -> DocumentRefused:
    number = _number(document)
    field = "invoiceNumber" if isinstance(document, BusinessInvoice) else "costId"
    return DocumentRefused(
        field,
        f"{number} is al ingediend met andere gegevens; stuur een correctie met een eigen nummer die"
        f" {number} vervangt",
        conflict=True,
    )


def _correction_refused(
    document: BusinessInvoice | BusinessCost,
    worker_id: str,
    kind: str,
    known: dict[tuple[str, str, str], str],
    corrected_by: dict[tuple[str, str, str], str],
) -> DocumentRefused | None:
    corrects = document.corrects
    if corrects is None:
        return None
    if (worker_id, kind, corrects) not in known:
        return DocumentRefused("corrects", f"{corrects} is niet eerder ingediend")
    taken = corrected_by.get((worker_id, kind, corrects))
    if taken is not None:
        return DocumentRefused("corrects", f"{corrects} is al gecorrigeerd door {taken}; corrigeer {taken}")
    return None


def _stored(row: BusinessDocument, document: BusinessInvoice | BusinessCost) -> StoredDocument:
    return StoredDocument(
        row.id, DocumentKind(row.kind), document, Source(row.source), row.submitted_by, row.submitted_at
    )


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
