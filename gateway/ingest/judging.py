"""Read a decrypted batch: the message fields must be right as a whole, each record is judged alone.

Pure functions, no database: a record that fails validation becomes a `RefusedRecord` with all its
problems, and the rest of the batch goes on. JSON is validated in pydantic's JSON mode (amounts may be
JSON numbers there) in one pass over the bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, StringConstraints, TypeAdapter, ValidationError, ValidationInfo, WrapValidator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from gateway.web.errors import InvalidInput
from gateway.web.validation import invalid_params
from schemas.base import ApiModel
from schemas.pay_record import PayRecord
from schemas.problems import InvalidParam
from schemas.text import PLAIN_TEXT

_RECORD_ID = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")


@dataclass(frozen=True, slots=True)
class RefusedRecord:
    """A record refused before any lookup: where it was, its id if readable, and every problem.

    `raw_digest` is a SHA-256 of what was sent, so a resend with the same Idempotency-Key can be
    recognised as the same content.
    """

    index: int
    record_id: str | None
    problems: list[InvalidParam]
    raw_digest: str


@dataclass(frozen=True, slots=True)
class _Invalid:
    raw: Any
    errors: list[Any]


def _judge_record(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    # Catch the record's own errors so one bad record does not fail the batch.
    try:
        return handler(value)
    except ValidationError as exc:
        return _Invalid(raw=value, errors=exc.errors(include_url=False, include_input=False))


_Slot = Annotated[PayRecord, WrapValidator(_judge_record)]


MessageId = Annotated[str, StringConstraints(min_length=8, max_length=128, pattern=PLAIN_TEXT)]


class _ValidBatch(ApiModel):
    message_id: MessageId
    created_at: dt.datetime
    records: list[PayRecord] = Field(min_length=1)


class _MixedBatch(ApiModel):
    message_id: MessageId
    created_at: dt.datetime
    records: list[_Slot] = Field(min_length=1)


# Most batches are entirely valid: validate them in one pass without a Python call per record, and
# only when that fails go over the batch again judging each record alone.
_VALID = TypeAdapter(_ValidBatch)
_MIXED = TypeAdapter(_MixedBatch)


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    """A batch whose message fields are valid; records are either valid `PayRecord`s or refused."""

    message_id: str
    created_at: dt.datetime
    records: list[PayRecord | RefusedRecord]


def check_message(created_at: dt.datetime, count: int, *, field: str, limit: int, noun: str) -> None:
    """Raise `InvalidInput` when a message's own fields are wrong: a creation time without a time zone, or
    more than `limit` items in `field` (`noun` names them in the reason)."""
    problems = []
    if created_at.tzinfo is None:
        problems.append(
            InvalidParam(name="createdAt", code="timezone_aware", reason="Geef createdAt met tijdzone.")
        )
    if count > limit:
        reason = f"Hoogstens {limit} {noun} per bericht."
        problems.append(InvalidParam(name=field, code="too_long", reason=reason))
    if problems:
        raise InvalidInput("Het bericht is geen geldige batch.", invalid_params=problems)


def parse_batch(payload: bytes, *, max_records: int) -> ParsedBatch:
    """Validate the batch; raise `InvalidInput` listing every problem of the message itself."""
    batch: _ValidBatch | _MixedBatch
    try:
        batch = _VALID.validate_json(payload)
    except ValidationError:
        try:
            batch = _MIXED.validate_json(payload)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
            raise InvalidInput(
                "Het bericht is geen geldige batch.", invalid_params=invalid_params(errors)
            ) from None
    check_message(
        batch.created_at, len(batch.records), field="records", limit=max_records, noun="loonstroken"
    )
    records: list[PayRecord | RefusedRecord] = []
    for index, item in enumerate(batch.records):
        if isinstance(item, _Invalid):
            records.append(
                RefusedRecord(
                    index=index,
                    record_id=_readable_record_id(item.raw),
                    problems=invalid_params(item.errors, prefix=("records", index)),
                    raw_digest=_raw_digest(item.raw),
                )
            )
        else:
            records.append(item)
    return ParsedBatch(message_id=batch.message_id, created_at=batch.created_at, records=records)


def _raw_digest(raw: Any) -> str:
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _readable_record_id(raw: Any) -> str | None:
    if isinstance(raw, dict):
        value = raw.get("recordId", raw.get("record_id"))
        if isinstance(value, str) and _RECORD_ID.match(value):
            return value
    return None
