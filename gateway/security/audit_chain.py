"""The hash chain of the audit log: compute each event's hash and find the first altered event.

hash(n) = SHA-256 over the canonical JSON of event n's fields plus `prev_hash`, where `prev_hash` is
hash(n-1) and the first event's `prev_hash` is 64 zeros. Canonical JSON: keys sorted, no whitespace,
UTF-8, the time as `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC. Changing, removing or inserting an event breaks
the chain at that event. Pure: no database, no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

GENESIS_HASH = "0" * 64
CHAINED_FIELDS = (
    "id",
    "sequence",
    "occurred_at",
    "actor",
    "actor_role",
    "municipality_id",
    "subject_worker_id",
    "action",
    "purpose",
    "result",
)
OPTIONAL_CHAINED_FIELDS = ("origin", "trace_id")
"""Chained when set: records written before these fields existed keep the hash they were given."""


class ChainedEvent(Protocol):
    """What the chain needs of an audit event (gateway.store.models.AuditEvent fits)."""

    @property
    def id(self) -> str: ...
    @property
    def sequence(self) -> int: ...
    @property
    def occurred_at(self) -> dt.datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def actor_role(self) -> str: ...
    @property
    def municipality_id(self) -> str | None: ...
    @property
    def subject_worker_id(self) -> str | None: ...
    @property
    def action(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def result(self) -> str: ...
    @property
    def origin(self) -> str | None: ...
    @property
    def trace_id(self) -> str | None: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


def _timestamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(event: ChainedEvent, prev_hash: str) -> str:
    """The hash an event must carry when it follows an event whose hash is `prev_hash`."""
    fields: dict[str, object] = {name: getattr(event, name) for name in CHAINED_FIELDS}
    for name in OPTIONAL_CHAINED_FIELDS:
        value = getattr(event, name, None)
        if value is not None:
            fields[name] = value
    fields["occurred_at"] = _timestamp(event.occurred_at)
    fields["prev_hash"] = prev_hash
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first event where the chain does not hold, and why."""

    sequence: int
    event_id: str
    reason: str
    """`sequence_gap` (an event is missing or out of order), `prev_hash_mismatch` (the link to the
    previous event is wrong) or `hash_mismatch` (the event's own fields were altered)."""


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of checking a run of events."""

    checked: int
    last_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        """True when no break was found."""
        return self.first_break is None


def verify(
    events: Iterable[ChainedEvent], *, prev_hash: str = GENESIS_HASH, next_sequence: int = 1
) -> Verification:
    """Check `events` in sequence order and stop at the first break.

    Start from the genesis, or from a checkpoint: the hash and next sequence number of an event already
    verified, so a long log can be checked in parts.
    """
    checked = 0
    for event in events:
        if event.sequence != next_sequence:
            reason = "sequence_gap"
        elif event.prev_hash != prev_hash:
            reason = "prev_hash_mismatch"
        elif compute_hash(event, prev_hash) != event.hash:
            reason = "hash_mismatch"
        else:
            checked += 1
            prev_hash = event.hash
            next_sequence += 1
            continue
        return Verification(checked, prev_hash, ChainBreak(event.sequence, event.id, reason))
    return Verification(checked, prev_hash, None)
