"""The append-only pay ledger: first versions, corrections as next versions, and current versions.

A correction is its own record (own `record_id`) that supersedes one earlier version; all versions of
one pay slip share a `lineage_id` (the id of the first version). The current version of a lineage is
the one nothing supersedes. Hours and amounts live encrypted in `content_encrypted`; `content_digest`
is a keyed HMAC of period and content, so a resent record is recognised without decrypting anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, insert, select
from sqlalchemy.orm import Session, aliased

from gateway.security.blind_index import canonical_json
from gateway.security.keyring import Keyring
from gateway.store.base import new_id, utcnow
from gateway.store.models import PayRecord
from gateway.store.sealing import Sealer

_IN_CHUNK = 1000
_CONTENT = "content_encrypted"


@dataclass(frozen=True, slots=True, repr=False)
class NewPayRecord:
    """A pay record to append; `content` holds hours and amounts (Decimals) and is stored encrypted."""

    agency_id: str
    worker_id: str
    record_id: str
    submission_id: str
    period_type: str
    period_start: dt.date
    period_end: dt.date
    pay_date: dt.date
    content: Mapping[str, Any]

    def __repr__(self) -> str:
        return f"NewPayRecord(record_id={self.record_id!r})"


def _canonical_parts(record: NewPayRecord) -> tuple[bytes, bytes]:
    """The canonical content JSON, and the canonical JSON of the digested document that contains it.

    The document is {"content", "pay_date", "period_end", "period_start", "period_type"}; "content" sorts
    first, so the document is spliced around the content bytes instead of serialising them twice.
    """
    content_json = canonical_json(dict(record.content))
    document = digest_document(
        content_json=content_json,
        period_type=record.period_type,
        period_start=record.period_start,
        period_end=record.period_end,
        pay_date=record.pay_date,
    )
    return content_json, document


def digest_document(
    *, content_json: bytes, period_type: str, period_start: dt.date, period_end: dt.date, pay_date: dt.date
) -> bytes:
    """The canonical bytes a pay record's digest covers, around its canonical content JSON."""
    period = canonical_json(
        {
            "period_type": period_type,
            "period_start": period_start,
            "period_end": period_end,
            "pay_date": pay_date,
        }
    )
    return b'{"content":' + content_json + b"," + period[1:]


def record_digest(*, keyring: Keyring, record: NewPayRecord) -> str:
    """The keyed digest of what a pay record says: its period, pay date and content (not its ids).

    Equal to `keyring.content_digest` of {"content": ..., "pay_date": ..., "period_end": ...,
    "period_start": ..., "period_type": ...}; gateway.ingest.rows writes the same bytes directly.
    """
    return keyring.digest(_canonical_parts(record)[1])


def _row(
    *, sealer: Sealer, record: NewPayRecord, previous: PayRecord | None, received_at: dt.datetime
) -> dict[str, Any]:
    if previous is not None and previous.agency_id != record.agency_id:
        raise ValueError("a correction must come from the agency that sent the corrected record")
    row_id = new_id()
    # One canonical serialisation serves both the ciphertext and the digest (ingestion speed).
    content_json, document = _canonical_parts(record)
    return {
        "id": row_id,
        "agency_id": record.agency_id,
        "worker_id": record.worker_id,
        "record_id": record.record_id,
        "version": 1 if previous is None else previous.version + 1,
        "lineage_id": row_id if previous is None else previous.lineage_id,
        "supersedes_id": None if previous is None else previous.id,
        "submission_id": record.submission_id,
        "period_type": record.period_type,
        "period_start": record.period_start,
        "period_end": record.period_end,
        "pay_date": record.pay_date,
        _CONTENT: sealer.seal_bytes(
            table=PayRecord.__tablename__, column=_CONTENT, row_id=row_id, plaintext=content_json
        ),
        "content_digest": sealer.keyring.digest(document),
        "content_digest_kid": sealer.keyring.active_digest_kid,
        "received_at": received_at,
    }


def append_first(*, session: Session, sealer: Sealer, record: NewPayRecord) -> PayRecord:
    """Append the first version of a pay record."""
    row = PayRecord(**_row(sealer=sealer, record=record, previous=None, received_at=utcnow()))
    session.add(row)
    session.flush()
    return row


def append_correction(
    *, session: Session, sealer: Sealer, previous: PayRecord, record: NewPayRecord
) -> PayRecord:
    """Append `record` as the next version after `previous`.

    The database refuses a second successor of the same version (unique `supersedes_id`). The worker
    may differ from the previous version's: a record sent for the wrong person is corrected that way.
    """
    row = PayRecord(**_row(sealer=sealer, record=record, previous=previous, received_at=utcnow()))
    session.add(row)
    session.flush()
    return row


def append_many(
    *, session: Session, sealer: Sealer, items: Sequence[tuple[NewPayRecord, PayRecord | None]]
) -> list[str]:
    """Append many records in one multi-row INSERT; each item is (record, version it supersedes or None).

    Returns the new row ids in order. For ingestion of large batches: no ORM objects are built.
    """
    received_at = utcnow()
    rows = [
        _row(sealer=sealer, record=record, previous=previous, received_at=received_at)
        for record, previous in items
    ]
    if rows:
        session.execute(insert(PayRecord), rows)
    return [row["id"] for row in rows]


def content(*, sealer: Sealer, record: PayRecord) -> dict[str, Any]:
    """The decrypted hours and amounts of one version (Decimals come back as text)."""
    document: dict[str, Any] = sealer.get_json(record, _CONTENT)
    return document


def find(*, session: Session, agency_id: str, record_id: str) -> PayRecord | None:
    """The version an agency sent under this record id."""
    statement = select(PayRecord).where(PayRecord.agency_id == agency_id, PayRecord.record_id == record_id)
    return session.scalars(statement).one_or_none()


def find_many(*, session: Session, agency_id: str, record_ids: Collection[str]) -> dict[str, PayRecord]:
    """The versions an agency sent under these record ids, by record id."""
    found: dict[str, PayRecord] = {}
    unique = sorted(set(record_ids))
    for start in range(0, len(unique), _IN_CHUNK):
        statement = select(PayRecord).where(
            PayRecord.agency_id == agency_id, PayRecord.record_id.in_(unique[start : start + _IN_CHUNK])
        )
        found.update((row.record_id, row) for row in session.scalars(statement))
    return found


def versions(*, session: Session, lineage_id: str) -> list[PayRecord]:
    """Every version of one pay slip, first version first."""
    statement = select(PayRecord).where(PayRecord.lineage_id == lineage_id).order_by(PayRecord.version)
    return list(session.scalars(statement))


def _is_current() -> Any:
    successor = aliased(PayRecord)
    return ~exists().where(successor.supersedes_id == PayRecord.id)


def current_version(*, session: Session, lineage_id: str) -> PayRecord:
    """The version of a pay slip that nothing supersedes."""
    statement = select(PayRecord).where(PayRecord.lineage_id == lineage_id, _is_current())
    return session.scalars(statement).one()


def current_for_worker(
    *, session: Session, worker_id: str, start: dt.date | None = None, end: dt.date | None = None
) -> list[PayRecord]:
    """The current versions of a worker's records, optionally only periods overlapping `start`..`end`."""
    statement = select(PayRecord).where(PayRecord.worker_id == worker_id, _is_current())
    if end is not None:
        statement = statement.where(PayRecord.period_start <= end)
    if start is not None:
        statement = statement.where(PayRecord.period_end >= start)
    return list(session.scalars(statement.order_by(PayRecord.period_start, PayRecord.agency_id)))


def current_for_period(
    *, session: Session, agency_id: str, worker_id: str, period_start: dt.date, period_end: dt.date
) -> list[PayRecord]:
    """The current versions an agency holds for this worker and exactly this period."""
    statement = select(PayRecord).where(
        PayRecord.agency_id == agency_id,
        PayRecord.worker_id == worker_id,
        PayRecord.period_start == period_start,
        PayRecord.period_end == period_end,
        _is_current(),
    )
    return list(session.scalars(statement))
