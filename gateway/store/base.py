"""Declarative base, column types and id generation shared by every model."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, MetaData, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Explicit names for every constraint and index, so migrations can refer to them on both databases
# (SQLite batch mode needs a name to drop a constraint).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENCRYPTED_INFO: dict[Any, Any] = {"encrypted": True}
"""`Column.info` of a column holding field-encrypted text (`v1.<kid>.<nonce>.<ciphertext>`).

`loonbrug keys reencrypt` finds the columns to rewrite by this mark (see gateway.store.reencrypt)."""


_VARIANT = bytes((byte & 0x3F) | 0x80 for byte in range(256))
"""Translation table giving a byte the RFC 9562 variant bits (`10`) as its top two bits."""


class _Uuid7:
    """UUID version 7 generator, monotonic within the process (RFC 9562 §6.2, method 1).

    The 12 bits after the millisecond timestamp count up within one millisecond, so ids made one after
    the other sort in creation order; "last recorded wins" tie-breaks rely on that. The other 62 bits
    are random.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._millis = 0
        self._counter = 0

    def __call__(self) -> str:
        with self._lock:
            millis = time.time_ns() // 1_000_000
            if millis > self._millis:
                self._millis, self._counter = millis, 0
            else:
                self._counter += 1
                if self._counter > 0xFFF:
                    self._millis, self._counter = self._millis + 1, 0
            millis, counter = self._millis, self._counter
        tail = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (millis & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | tail
        digits = f"{value:032x}"
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"

    def many(self, count: int) -> list[str]:
        """`count` new ids, as `count` calls one after the other in the same millisecond would make them
        (the same timestamps and counters; `tests/store/test_ids.py` compares the two).

        Ingestion makes a thousand ids per batch: they are counted out under one lock, their random
        bits come from one read of the OS's randomness and are written as hex at once (2.5 times
        cheaper per id than a call each).
        """
        if count <= 0:
            return []
        with self._lock:
            millis = time.time_ns() // 1_000_000
            if millis > self._millis:
                self._millis, self._counter = millis, -1
            first_millis, first_counter = self._millis, self._counter + 1
            # Past 0xFFF the counter wraps into the next millisecond, as one call at a time does.
            end = first_counter + count - 1
            self._millis, self._counter = first_millis + (end >> 12), end & 0xFFF
        random = bytearray(os.urandom(8 * count))
        random[::8] = random[::8].translate(_VARIANT)
        tails = random.hex()
        ids = []
        stamp = ""
        last_millis = -1
        for n in range(count):
            position = first_counter + n
            millis = (first_millis + (position >> 12)) & ((1 << 48) - 1)
            if millis != last_millis:
                last_millis, digits = millis, f"{millis:012x}"
                stamp = f"{digits[:8]}-{digits[8:]}-7"
            tail = tails[16 * n : 16 * n + 16]
            ids.append(f"{stamp}{position & 0xFFF:03x}-{tail[:4]}-{tail[4:]}")
        return ids


new_id = _Uuid7()
"""A new primary key: a UUID version 7 as text (`new_id.many(count)`: that many, in order).

Version 7 starts with the time in milliseconds, so new rows land at the end of the primary-key index
instead of at random places; that keeps bulk ingestion fast on PostgreSQL. Python 3.11 has no uuid7.
"""

ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
"""What every id made by `new_id` matches (a lowercase UUID): path parameters state it."""


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on both databases.

    PostgreSQL stores `timestamptz`; SQLite has no time zones, so the value is stored as naive UTC and
    made aware again when read. Naive datetimes are refused: a timestamp without a zone is a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert to UTC; strip the zone for SQLite."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use an aware UTC datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


JsonDocument = JSON().with_variant(JSONB(), "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL (JSONB has equality, so DISTINCT and comparisons work)."""

Id = String(36)
"""Type of every primary and foreign key: a UUID as text."""


class Base(DeclarativeBase):
    """Base of every Loonbrug model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UtcDateTime(), str: Text()}
