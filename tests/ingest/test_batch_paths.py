"""The per-batch paths of a push write exactly what the per-record ones did (issue 17): sealing in one
call, the COPY text written out, the stored outcomes, the prepared contents, and the collector settled
once per server process."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from gateway.ingest import judging, receipts, rows
from gateway.security import keyring as keyrings
from gateway.security.field_crypto import FieldCryptoError
from gateway.store.base import new_id
from gateway.store.sealing import Sealer
from schemas.receipt import Outcome
from tests.ingest.kit import batch_payload, record

KEYRING = keyrings.generate()


def _byte_stream() -> Callable[[int], bytes]:
    """A stand-in for os.urandom: the same bytes however they are asked for (one read or many)."""
    produced = bytearray()

    def read(size: int) -> bytes:
        while len(produced) < read.position + size:  # type: ignore[attr-defined]
            produced.extend(hashlib.sha256(len(produced).to_bytes(8, "big")).digest())
        start = read.position  # type: ignore[attr-defined]
        read.position += size  # type: ignore[attr-defined]
        return bytes(produced[start : start + size])

    read.position = 0  # type: ignore[attr-defined]
    return read


def test_seal_many_is_seal_bytes_for_each_value(monkeypatch: pytest.MonkeyPatch) -> None:
    sealer = Sealer(KEYRING)
    values = [(new_id(), f'{{"hours":"{n}.00"}}'.encode()) for n in range(50)] + [(new_id(), b"")]

    monkeypatch.setattr(os, "urandom", _byte_stream())
    one_by_one = [
        sealer.seal_bytes(table="pay_record", column="content_encrypted", row_id=row_id, plaintext=plaintext)
        for row_id, plaintext in values
    ]
    monkeypatch.setattr(os, "urandom", _byte_stream())
    together = sealer.seal_many(table="pay_record", column="content_encrypted", values=values)

    assert together == one_by_one
    assert sealer.seal_many(table="pay_record", column="content_encrypted", values=[]) == []


def test_each_value_sealed_together_has_its_own_nonce_and_place() -> None:
    sealer = Sealer(KEYRING)
    values = [(new_id(), b'{"hours":"8.00"}') for _ in range(20)]

    sealed = sealer.seal_many(table="pay_record", column="content_encrypted", values=values)

    assert len({text.split(".")[2] for text in sealed}) == len(values)
    for (row_id, plaintext), text in zip(values, sealed, strict=True):
        opened = sealer.open_text(table="pay_record", column="content_encrypted", row_id=row_id, sealed=text)
        assert opened.encode() == plaintext
    with pytest.raises(FieldCryptoError):
        sealer.open_text(
            table="pay_record", column="content_encrypted", row_id=values[1][0], sealed=sealed[0]
        )


def _row(supersedes: str | None = None, record_id: str = "W0001-00001") -> tuple[Any, ...]:
    day = dt.date(2026, 2, 2)
    return (
        new_id(),
        new_id(),
        new_id(),
        record_id,
        2,
        new_id(),
        supersedes,
        new_id(),
        "week",
        day,
        day + dt.timedelta(days=6),
        day + dt.timedelta(days=11),
        "v1.f20261206-abc123.AAAAAAAAAAAAAAAA.YWJj-_w",
        "0f" * 32,
        "d20261206-abc123",
        dt.datetime(2026, 12, 6, 10, 30, 0, 123456, tzinfo=dt.UTC),
    )


@pytest.mark.postgres_only
def test_the_copy_text_stores_what_write_row_stores(session: Session) -> None:
    values = [_row(), _row(), _row(supersedes=new_id())]
    received_at = values[0][-1]
    columns = ", ".join(rows._COPY_COLUMNS)
    driver: Any = session.connection().connection.driver_connection
    with driver.cursor() as cursor:
        for table in ("by_text", "by_row"):
            cursor.execute(f"CREATE TEMPORARY TABLE {table} (LIKE pay_record)")
        text = rows._copy_text(values, received_at)
        assert text is not None
        with cursor.copy(f"COPY by_text ({columns}) FROM STDIN") as copy:
            copy.write(text)
        with cursor.copy(f"COPY by_row ({columns}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
        read = f"SELECT {columns} FROM {{}} ORDER BY id"  # noqa: S608 - the model's own column names
        by_text = cursor.execute(read.format("by_text")).fetchall()
        by_row = cursor.execute(read.format("by_row")).fetchall()

    assert by_text == by_row
    assert len(by_text) == 3


@pytest.mark.parametrize("awkward", ["a\tb", "a\nb", "a\\b", "a\rb", "\\N"])
def test_a_value_that_needs_escaping_is_left_to_psycopg(awkward: str) -> None:
    assert rows._copy_text([_row(), _row(record_id=awkward)], dt.datetime.now(dt.UTC)) is None


def test_a_stored_outcome_is_the_general_one() -> None:
    assert receipts.stored(3, "LS-1", 2) == receipts.outcome(
        index=3, record_id="LS-1", kind=Outcome.STORED, version=2
    )
    assert list(receipts.stored(3, "LS-1", 2)) == list(
        receipts.outcome(index=3, record_id="LS-1", kind=Outcome.STORED, version=2)
    )


def test_the_receipt_counts_every_outcome_and_refuses_an_unknown_one() -> None:
    outcomes = [
        receipts.stored(2, "c", 1),
        receipts.outcome(index=0, record_id="a", kind=Outcome.DUPLICATE, version=1),
        receipts.outcome(index=1, record_id=None, kind=Outcome.REFUSED),
    ]

    document = receipts.build(
        submission_id="s", message_id="m", received_at="t", outcomes=outcomes, corrections=0
    )

    assert document["counts"] == {"received": 3, "stored": 1, "corrections": 0, "duplicates": 1, "refused": 1}
    assert [entry["index"] for entry in document["records"]] == [0, 1, 2]
    with pytest.raises(ValueError, match="unknown"):
        receipts.build(
            submission_id="s",
            message_id="m",
            received_at="t",
            outcomes=[{"index": 0, "outcome": "lost"}],
            corrections=0,
        )


def test_preparing_a_batch_is_preparing_each_record() -> None:
    records = [
        record("LS-1"),
        record("LS-2", corrects="LS-0", periodNumber=6, ytdGross="1200.5"),
        record("LS-3", week_start=dt.date(2026, 3, 2), hours=12, reservesPaid="0"),
    ]
    parsed = judging.parse_batch(batch_payload(records), max_records=10)
    valid = [r for r in parsed.records if not isinstance(r, judging.RefusedRecord)]

    together = rows.prepare_all(valid, KEYRING)

    for one, prepared in zip(valid, together, strict=True):
        alone = rows.prepare(one, KEYRING)
        assert (prepared.content_json, prepared.document, prepared.digest, prepared.digest_kid) == (
            alone.content_json,
            alone.document,
            alone.digest,
            alone.digest_kid,
        )
        assert prepared.digest == KEYRING.digest(prepared.document)
