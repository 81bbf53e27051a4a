"""Receipts: built from the outcomes, stored with the submission, returned signed by the gateway.

Format (documented in the OpenAPI text of the push endpoint): the body is the receipt as JSON, in
canonical form (sorted keys, no whitespace, UTF-8), and the `JWS-Signature` header holds a detached JWS
(RFC 7515 appendix F, `header..signature`) by the gateway's ES256 key over exactly those bytes. The
canonical form makes the body reproducible from the stored receipt, so the signature given at the push
stays valid for the same receipt fetched later.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from gateway.security.gateway_keys import GatewayKeys, KeyPurpose
from gateway.security.jose_envelope import EnvelopeError, protected_header, sign_detached
from gateway.store import submissions
from gateway.store.models import Submission
from schemas.problems import InvalidParam
from schemas.receipt import RECEIPT_SIGNATURE_TYPE, Outcome

_OUTCOME_VALUES = frozenset(kind.value for kind in Outcome)
_STORED = Outcome.STORED.value


def stored(index: int, record_id: str, version: int) -> dict[str, Any]:
    """`outcome(index=..., record_id=..., kind=Outcome.STORED, version=...)`, the entry of nearly every
    record of a push, built without the keywords and the enum look-up."""
    return {"index": index, "outcome": _STORED, "recordId": record_id, "version": version}


def outcome(
    *,
    index: int,
    record_id: str | None,
    kind: Outcome,
    version: int | None = None,
    problems: Sequence[InvalidParam] = (),
) -> dict[str, Any]:
    """One entry of `records` in a receipt, in its JSON form."""
    entry: dict[str, Any] = {"index": index, "outcome": kind.value}
    if record_id is not None:
        entry["recordId"] = record_id
    if version is not None:
        entry["version"] = version
    if problems:
        entry["problems"] = [p.model_dump() for p in problems]
    return entry


def build(
    *,
    submission_id: str,
    message_id: str,
    received_at: str,
    outcomes: Sequence[Mapping[str, Any]],
    corrections: int,
) -> dict[str, Any]:
    """The receipt document (JSON form of `schemas.receipt.Receipt`), records in batch order."""
    ordered = sorted(outcomes, key=lambda o: int(o["index"]))
    # Counted by the outcomes' values: Outcome(value) once per record costs more than the whole count.
    counted = Counter(entry["outcome"] for entry in ordered)
    if not counted.keys() <= _OUTCOME_VALUES:
        raise ValueError(f"unknown outcomes: {sorted(counted.keys() - _OUTCOME_VALUES)}")
    tally = {kind: counted[kind.value] for kind in Outcome}
    return {
        "submissionId": submission_id,
        "messageId": message_id,
        "receivedAt": received_at,
        "counts": {
            "received": len(ordered),
            "stored": tally[Outcome.STORED],
            "corrections": corrections,
            "duplicates": tally[Outcome.DUPLICATE],
            "refused": tally[Outcome.REFUSED],
        },
        "records": ordered,
    }


def canonical(receipt: Mapping[str, Any]) -> bytes:
    """The receipt body bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(receipt, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(body: bytes, keys: GatewayKeys) -> str:
    """A detached JWS over `body` by the gateway's active signing key."""
    return sign_detached(body, keys.signing_key, typ=RECEIPT_SIGNATURE_TYPE)


def attach(
    *, session: Session, submission: Submission, receipt: Mapping[str, Any], keys: GatewayKeys
) -> tuple[bytes, str]:
    """Sign `receipt` and store it with its counts on `submission`; returns the canonical body and its JWS."""
    body = canonical(receipt)
    signature = sign(body, keys)
    counts = receipt["counts"]
    submissions.set_receipt(
        session=session,
        submission=submission,
        receipt=receipt,
        receipt_jws=signature,
        accepted=counts["stored"],
        refused=counts["refused"],
        duplicates=counts["duplicates"],
    )
    return body, signature


def signature_for(body: bytes, stored: str | None, keys: GatewayKeys) -> str:
    """The stored signature while its key is still published, else a fresh one over the same body."""
    if stored:
        try:
            kid = protected_header(stored, parts=3).get("kid")
        except EnvelopeError:
            kid = None
        if keys.find(KeyPurpose.SIGNING, kid) is not None:
            return stored
    return sign(body, keys)
