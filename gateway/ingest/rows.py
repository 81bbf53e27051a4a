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


@dataclass(slots=True, repr=False)
class Prepared:
    """A valid record's canonical content (plaintext: never log it) and its keyed digest.

    `document` is the canonical text the digest covers, kept so that a stored version digested under an
    older key (during a digest-key rotation) can be compared under that key. Not frozen: a frozen
    dataclass costs four times as much to build, and ingestion builds a thousand per batch; nothing
    changes one after `prepare`.
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


def _field_text(name: str, value: object) -> str:
    """One `"name":value` of the canonical content."""
    if isinstance(value, Decimal):
        # str() is several times faster than format(value, "f") and gives the same text for the
        # two-place values here; scientific notation (never expected) falls back to "f".
        text = str(value)
        return f'"{name}":"{text if "E" not in text else format(value, "f")}"'
    if isinstance(value, int) and not isinstance(value, bool):
        return f'"{name}":{value}'
    raise TypeError(f"content field {name} has an unexpected type {type(value).__name__}")


def content_json(record: PayRecord) -> str:
    """Canonical JSON of a record's content: sorted keys, no spaces, Decimals as text, Nones left out."""
    return _content(record.__dict__)


def _content(values: dict[str, Any]) -> str:
    # `values` is the model's __dict__, where pydantic keeps the field values (a subscript is a little
    # cheaper than getattr); str() of a Decimal is cheaper than formatting it in the f-string.
    parts = []
    for name in CONTENT_FIELDS:
        value = values[name]
        if value is None:
            continue
        kind = type(value)
        if kind is Decimal:
            text = str(value)
            parts.append(f'"{name}":"{text}"' if "E" not in text else _field_text(name, value))
        elif kind is int:
            parts.append(f'"{name}":{value}')
        else:
            parts.append(_field_text(name, value))
    return "{" + ",".join(parts) + "}"


def prepare(record: PayRecord, keyring: Keyring) -> Prepared:
    """The content and digest of a record (no database needed)."""
    return prepare_all([record], keyring)[0]


def prepare_all(records: Sequence[PayRecord], keyring: Keyring) -> list[Prepared]:
    """`prepare` of each record, in order, with the keyring's active digest key looked up once."""
    key, kid = keyring.digest_key, keyring.active_digest_kid
    digest = hmac.digest
    prepared = []
    for record in records:
        values = record.__dict__
        content = _content(values)
        # PeriodType is a StrEnum: str() is its value.
        data = (
            f'{{"content":{content},"pay_date":"{values["pay_date"].isoformat()}",'
            f'"period_end":"{values["period_end"].isoformat()}",'
            f'"period_start":"{values["period_start"].isoformat()}",'
            f'"period_type":"{values["period_type"]!s}"}}'
        ).encode()
        prepared.append(Prepared(content, data, digest(key, b"content\x1f" + data, "sha256").hex(), kid))
    return prepared


def bsn_index(bsn: str, key: bytes) -> str:
    """The blind index of a BSN that passed schema validation (nine ASCII digits, so already in the
    normalised form `keyring.bsn_index` would first bring it to) under one municipality's index key."""
    return hmac.digest(key, b"bsn\x1f" + bsn.encode(), "sha256").hex()


@dataclass(slots=True)
class NewRow:
    """One pay-record version to write; `lineage_id` and `supersedes_id` as decided by the ledger (not
    frozen, like `Prepared`: one is built per stored record)."""

    id: str
    agency_id: str
    worker_id: str
    record: PayRecord
    prepared: Prepared
    version: int
    lineage_id: str
    supersedes_id: str | None
    submission_id: str


def new_row_ids(count: int) -> list[str]:
    """Row ids for `count` new versions, in order (time-ordered UUIDs, as the store makes them)."""
    return new_id.many(count)


def write(*, session: Session, sealer: Sealer, rows: Sequence[NewRow], received_at: dt.datetime) -> None:
    """Write the rows in one statement, in the given order (a correction after the version it replaces)."""
    if not rows:
        return
    values = _values(sealer, rows, received_at)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # COPY is several times faster than INSERT for thousands of rows, and runs in the same transaction.
        driver = connection.connection.driver_connection
        statement = f"COPY {_TABLE} ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
        text = _copy_text(values, received_at)
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            if text is not None:
                copy.write(text)
            else:
                for value in values:
                    copy.write_row(value)
        return
    table = cast(Table, PayRecordRow.__table__)
    session.execute(insert(table), [dict(zip(_COPY_COLUMNS, value, strict=True)) for value in values])


_NULL = "\\N"
"""NULL in COPY's text format."""


def _copy_text(values: Sequence[tuple[Any, ...]], received_at: dt.datetime) -> str | None:
    """The rows in COPY's text format (what psycopg's `write_row` sends, written out: a third of its cost
    per row), or None when a value would need escaping, to be left to `write_row`.

    No value is expected to need it: the columns hold ids, numbers, dates, a period type, base64url and
    hex text, and record ids that validation restricts to `[A-Za-z0-9._:/-]`. Whether none does is
    checked on the whole text at once: exactly 15 tabs and one newline per row, no carriage return, and
    no backslash but those of the NULLs.
    """
    stamp = received_at.isoformat()
    nulls = 0
    lines = []
    for row in values:
        supersedes = row[6]
        if supersedes is None:
            supersedes = _NULL
            nulls += 1
        lines.append(
            f"{row[0]}\t{row[1]}\t{row[2]}\t{row[3]}\t{row[4]}\t{row[5]}\t{supersedes}\t{row[7]}\t{row[8]}\t"
            f"{row[9].isoformat()}\t{row[10].isoformat()}\t{row[11].isoformat()}\t{row[12]}\t{row[13]}\t"
            f"{row[14]}\t{stamp}\n"
        )
    text = "".join(lines)
    count = len(lines)
    if (
        text.count("\t") != 15 * count
        or text.count("\n") != count
        or "\r" in text
        or text.count("\\") != nulls
    ):
        return None
    return text


def _values(sealer: Sealer, rows: Sequence[NewRow], received_at: dt.datetime) -> list[tuple[Any, ...]]:
    """The column values of each row (in `_COPY_COLUMNS` order), their contents sealed in one call."""
    sealed = sealer.seal_many(
        table=_TABLE,
        column=_CONTENT_COLUMN,
        values=[(row.id, row.prepared.content_json.encode()) for row in rows],
    )
    values = []
    for row, content in zip(rows, sealed, strict=True):
        record = row.record.__dict__
        prepared = row.prepared
        values.append(
            (
                row.id,
                row.agency_id,
                row.worker_id,
                record["record_id"],
                row.version,
                row.lineage_id,
                row.supersedes_id,
                row.submission_id,
                # PeriodType is a StrEnum: str() is its value, as plain text.
                str(record["period_type"]),
                record["period_start"],
                record["period_end"],
                record["pay_date"],
                content,
                prepared.digest,
                prepared.digest_kid,
                received_at,
            )
        )
    return values
