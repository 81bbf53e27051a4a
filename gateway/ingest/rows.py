"""The hot path of ingestion: pay-record rows built with one canonical serialisation per record, and
written in bulk (COPY on PostgreSQL, one multi-row INSERT on SQLite).

The formats are the store's (gateway.store.pay_records): `content_encrypted` holds the canonical JSON of
hours and amounts, sealed by the Sealer; `content_digest` is the keyring's keyed digest of
{period_type, period_start, period_end, pay_date, content}. The store builds those with a general JSON
encoder; here they are written out directly because ingestion does this 10,000 times per batch.
The BSN blind index is likewise the keyring's HMAC, written out. `tests/ingest/test_rows.py` proves all
three byte for byte equal to the store's and keyring's own functions.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from gateway.security.keyring import Keyring
from gateway.store.base import new_id
from gateway.store.models import PayRecord as PayRecordRow
from gateway.store.sealing import Sealer
from schemas.pay_record import PayRecord

COLUMN_FIELDS = frozenset(
    {"record_id", "corrects", "bsn", "period_type", "period_start", "period_end", "pay_date"}
)
"""Fields with a column of their own (the BSN: in the worker); all others form the encrypted content."""

CONTENT_FIELDS: tuple[str, ...] = tuple(sorted(set(PayRecord.model_fields) - COLUMN_FIELDS))
"""Content fields in canonical (sorted) order."""

_TABLE = PayRecordRow.__tablename__
_CONTENT_COLUMN = "content_encrypted"
_COPY_COLUMNS = (
    "id",
    "agency_id",
    "worker_id",
    "record_id",
    "version",
    "lineage_id",
    "supersedes_id",
    "submission_id",
    "period_type",
    "period_start",
    "period_end",
    "pay_date",
    "content_encrypted",
    "content_digest",
    "content_digest_kid",
    "received_at",
)


@dataclass(frozen=True, slots=True, repr=False)
class Prepared:
    """A valid record's canonical content (plaintext: never log it) and its keyed digest.

    `document` is the canonical text the digest covers, kept so that a stored version digested under an
    older key (during a digest-key rotation) can be compared under that key.
    """

    content_json: str
    document: bytes
    digest: str
    digest_kid: str

    def digest_under(self, keyring: Keyring, kid: str) -> str | None:
        """The digest under key `kid`, or None when the keyring no longer has that key."""
        if kid == self.digest_kid:
            return self.digest
        key = keyring.digest_keys.get(kid)
        return None if key is None else hmac.digest(key, b"content\x1f" + self.document, "sha256").hex()

    def __repr__(self) -> str:
        return f"Prepared(digest={self.digest[:12]}...)"


def content_json(record: PayRecord) -> str:
    """Canonical JSON of a record's content: sorted keys, no spaces, Decimals as text, Nones left out."""
    parts = []
    for name in CONTENT_FIELDS:
        value = getattr(record, name)
        if value is None:
            continue
        if isinstance(value, Decimal):
            # str() is several times faster than format(value, "f") and gives the same text for the
            # two-place values here; scientific notation (never expected) falls back to "f".
            text = str(value)
            parts.append(f'"{name}":"{text if "E" not in text else format(value, "f")}"')
        elif isinstance(value, int) and not isinstance(value, bool):
            parts.append(f'"{name}":{value}')
        else:
            raise TypeError(f"content field {name} has an unexpected type {type(value).__name__}")
    return "{" + ",".join(parts) + "}"


def prepare(record: PayRecord, keyring: Keyring) -> Prepared:
    """The content and digest of a record (no database needed)."""
    content = content_json(record)
    document = (
        f'{{"content":{content},"pay_date":"{record.pay_date.isoformat()}",'
        f'"period_end":"{record.period_end.isoformat()}","period_start":"{record.period_start.isoformat()}",'
        f'"period_type":"{record.period_type.value}"}}'
    )
    data = document.encode()
    digest = hmac.digest(keyring.digest_key, b"content\x1f" + data, "sha256").hex()
    return Prepared(content_json=content, document=data, digest=digest, digest_kid=keyring.active_digest_kid)


def bsn_index(bsn: str, key: bytes) -> str:
    """The blind index of a BSN that passed schema validation (nine ASCII digits, so already in the
    normalised form `keyring.bsn_index` would first bring it to) under one municipality's index key."""
    return hmac.digest(key, b"bsn\x1f" + bsn.encode(), "sha256").hex()


@dataclass(frozen=True, slots=True)
class NewRow:
    """One pay-record version to write; `lineage_id` and `supersedes_id` as decided by the ledger."""

    id: str
    agency_id: str
    worker_id: str
    record: PayRecord
    prepared: Prepared
    version: int
    lineage_id: str
    supersedes_id: str | None
    submission_id: str


def new_row_id() -> str:
    """A row id for a new version (time-ordered UUID, as the store makes them)."""
    return new_id()


def write(*, session: Session, sealer: Sealer, rows: Sequence[NewRow], received_at: dt.datetime) -> None:
    """Write the rows in one statement, in the given order (a correction after the version it replaces)."""
    if not rows:
        return
    values = [_values(sealer, row, received_at) for row in rows]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # COPY is several times faster than INSERT for thousands of rows, and runs in the same transaction.
        driver = connection.connection.driver_connection
        statement = f"COPY {_TABLE} ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for value in values:
                copy.write_row(value)
        return
    table = cast(Table, PayRecordRow.__table__)
    session.execute(insert(table), [dict(zip(_COPY_COLUMNS, value, strict=True)) for value in values])


def _values(sealer: Sealer, row: NewRow, received_at: dt.datetime) -> tuple[Any, ...]:
    record = row.record
    sealed = sealer.seal_text(
        table=_TABLE, column=_CONTENT_COLUMN, row_id=row.id, value=row.prepared.content_json
    )
    return (
        row.id,
        row.agency_id,
        row.worker_id,
        record.record_id,
        row.version,
        row.lineage_id,
        row.supersedes_id,
        row.submission_id,
        record.period_type.value,
        record.period_start,
        record.period_end,
        record.pay_date,
        sealed,
        row.prepared.digest,
        row.prepared.digest_kid,
        received_at,
    )
