"""Idempotency-Key handling: the same key and content give the stored answer, exactly once.

A request first claims its key in a short transaction of its own, so a second request with the key sees
it while the first still runs (409). The answer is stored by the work transaction itself; if that
transaction never commits (a crash), the claim stays behind until its lease runs out, after which a
retry takes it over; if it fails in a way we see, the claim is released at once.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.store import idempotency
from gateway.store.db import Database
from gateway.store.models import IdempotencyRecord, IdempotencyState
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict, InvalidInput, Unprocessable

KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,255}$")


class ClaimKind(Enum):
    """What a claim found."""

    OWNED = "owned"
    REPLAY = "replay"


@dataclass(frozen=True, slots=True)
class Claim:
    """Either the key is ours now (`OWNED`, with the record id and claim time) or a stored answer exists."""

    kind: ClaimKind
    record_id: str | None = None
    claimed_at: dt.datetime | None = None
    submission_id: str | None = None


def check_key(key: str | None) -> str:
    """The Idempotency-Key header value, or a 400 saying what a key must look like."""
    if key is None or not KEY_PATTERN.match(key):
        raise InvalidInput(
            "Stuur een Idempotency-Key van 8 tot 255 tekens (letters, cijfers, . _ : -).",
            code="idempotency_key_invalid",
        )
    return key


def claim(
    *,
    database: Database,
    sealer: Sealer,
    agency_id: str,
    key: str,
    digest: str,
    now: dt.datetime,
    lease: dt.timedelta,
    older_digests: Collection[str] = (),
) -> Claim:
    """Claim `key` for a request with content `digest`, or find the stored answer, or refuse.

    `older_digests` are the same request's digests under keys that were active before (a key claimed
    then still matches it)."""
    for _ in range(2):
        try:
            with database.transaction() as session:
                # A new key (the common case) is claimed in one statement; only a known one is read.
                claimed = idempotency.try_start(
                    session=session, agency_id=agency_id, key=key, request_digest=digest, created_at=now
                )
                if claimed is not None:
                    return Claim(ClaimKind.OWNED, record_id=claimed, claimed_at=now)
                record = idempotency.get(session=session, agency_id=agency_id, key=key)
                if record is None:
                    # Released by its owner between our insert and our read: try again.
                    continue
                if record.request_digest != digest and record.request_digest not in older_digests:
                    raise _reused()
                if record.state == IdempotencyState.COMPLETED.value:
                    body = idempotency.response_body(sealer=sealer, record=record)
                    return Claim(ClaimKind.REPLAY, submission_id=json.loads(body or "{}").get("submissionId"))
                expires = record.created_at + lease
                if expires > now:
                    raise _running(expires - now)
                # The earlier attempt crashed before committing: take the key over, if nobody beat us to it.
                taken = session.execute(
                    update(IdempotencyRecord)
                    .where(
                        IdempotencyRecord.id == record.id, IdempotencyRecord.created_at == record.created_at
                    )
                    .values(created_at=now)
                )
                if getattr(taken, "rowcount", 0) == 1:
                    return Claim(ClaimKind.OWNED, record_id=record.id, claimed_at=now)
                raise _running(lease)
        except IntegrityError:
            # Another request inserted the key between our read and our insert; look again.
            continue
    raise _running(lease)


def finish(*, session: Session, sealer: Sealer, claim: Claim, status: int, submission_id: str) -> None:
    """Store the answer in the work transaction, so it commits together with the work."""
    body = json.dumps({"submissionId": submission_id})
    if (
        claim.record_id is None
        or claim.claimed_at is None
        or not idempotency.complete_claimed(
            session=session,
            sealer=sealer,
            record_id=claim.record_id,
            claimed_at=claim.claimed_at,
            status=status,
            body=body,
        )
    ):
        # Our lease ran out and another request took the key over; this transaction must not commit.
        raise _running(dt.timedelta(seconds=1))


def release(*, database: Database, claim: Claim) -> None:
    """Give the key up after a failure we saw, so a retry need not wait for the lease."""
    with database.transaction() as session:
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.id == claim.record_id,
                IdempotencyRecord.created_at == claim.claimed_at,
                IdempotencyRecord.state == IdempotencyState.IN_PROGRESS.value,
            )
        )


def _reused() -> Unprocessable:
    return Unprocessable(
        "Deze Idempotency-Key is al gebruikt voor een ander bericht; kies een andere sleutel.",
        code="idempotency_key_reused",
    )


def _running(remaining: dt.timedelta) -> Conflict:
    seconds = max(1, math.ceil(remaining.total_seconds()))
    return Conflict(
        "Een verzoek met deze Idempotency-Key is nog in behandeling; probeer het later opnieuw.",
        code="idempotency_key_in_progress",
        headers={"Retry-After": str(seconds)},
    )
