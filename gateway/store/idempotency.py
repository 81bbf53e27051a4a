"""Idempotency records: the outcome of a request made with an Idempotency-Key, per agency.

The flow: `start` inserts an in-progress record (the unique (agency, key) constraint makes a second
concurrent request fail there); `complete` stores the response in the same transaction as the work.
A record found in progress means the first request still runs, or crashed before committing; the
caller decides from `created_at` when an in-progress record is stale.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gateway.store.base import new_id, utcnow
from gateway.store.models import IdempotencyRecord, IdempotencyState
from gateway.store.sealing import Sealer

_BODY = "response_body_encrypted"


def get(*, session: Session, agency_id: str, key: str) -> IdempotencyRecord | None:
    """The agency's record for this key."""
    statement = select(IdempotencyRecord).where(
        IdempotencyRecord.agency_id == agency_id, IdempotencyRecord.key == key
    )
    return session.scalars(statement).one_or_none()


def start(
    *, session: Session, agency_id: str, key: str, request_digest: str, created_at: dt.datetime | None = None
) -> IdempotencyRecord:
    """Insert an in-progress record (claimed at `created_at`, default now); raises IntegrityError when the
    key exists already."""
    record = IdempotencyRecord(
        agency_id=agency_id, key=key, request_digest=request_digest, created_at=created_at or utcnow()
    )
    session.add(record)
    session.flush()
    return record


def try_start(
    *, session: Session, agency_id: str, key: str, request_digest: str, created_at: dt.datetime
) -> str | None:
    """Insert an in-progress record unless the key exists already, in one statement; its id, or None."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    record_id = new_id()
    statement = (
        dialect.insert(IdempotencyRecord)
        .values(
            id=record_id,
            agency_id=agency_id,
            key=key,
            request_digest=request_digest,
            state=IdempotencyState.IN_PROGRESS.value,
            created_at=created_at,
        )
        .on_conflict_do_nothing(index_elements=["agency_id", "key"])
        .returning(IdempotencyRecord.id)
    )
    return session.execute(statement).scalar_one_or_none()


def complete(*, session: Session, sealer: Sealer, record: IdempotencyRecord, status: int, body: str) -> None:
    """Store the response (body encrypted: it may name records) and mark the record completed."""
    record.state = IdempotencyState.COMPLETED.value
    record.response_status = status
    sealer.put_text(record, _BODY, body)
    record.completed_at = utcnow()
    session.flush()


def complete_claimed(
    *, session: Session, sealer: Sealer, record_id: str, claimed_at: dt.datetime, status: int, body: str
) -> bool:
    """`complete` in one UPDATE, for the record claimed at `claimed_at`; False when it is no longer that
    claim (its lease ran out and another request took the key over)."""
    sealed = sealer.seal_text(
        table=IdempotencyRecord.__tablename__, column=_BODY, row_id=record_id, value=body
    )
    result = session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == record_id, IdempotencyRecord.created_at == claimed_at)
        .values(
            state=IdempotencyState.COMPLETED.value,
            response_status=status,
            response_body_encrypted=sealed,
            completed_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def response_body(*, sealer: Sealer, record: IdempotencyRecord) -> str | None:
    """The stored response body of a completed record."""
    if record.response_body_encrypted is None:
        return None
    return sealer.get_text(record, _BODY)
