"""The audit hash chain: an intact chain verifies; the first altered, removed or inserted event is found."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gateway.security.audit_chain import GENESIS_HASH, compute_hash, verify


@dataclasses.dataclass(frozen=True)
class Event:
    id: str
    sequence: int
    occurred_at: dt.datetime
    actor: str
    actor_role: str
    municipality_id: str | None
    subject_worker_id: str | None
    action: str
    purpose: str
    result: str
    prev_hash: str = ""
    hash: str = ""


START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def chain(length: int) -> list[Event]:
    events: list[Event] = []
    prev = GENESIS_HASH
    for number in range(1, length + 1):
        event = Event(
            id=f"event-{number}",
            sequence=number,
            occurred_at=START + dt.timedelta(seconds=number, microseconds=number),
            actor=f"staff-{number % 3}",
            actor_role="consultant",
            municipality_id="gm-1",
            subject_worker_id=f"worker-{number % 5}",
            action="worker.months.read",
            purpose="maandverrekening",
            result="ok",
            prev_hash=prev,
        )
        event = dataclasses.replace(event, hash=compute_hash(event, prev))
        events.append(event)
        prev = event.hash
    return events


def test_intact_chain_verifies() -> None:
    events = chain(20)
    outcome = verify(events)
    assert outcome.intact
    assert outcome.checked == 20
    assert outcome.last_hash == events[-1].hash


def test_empty_chain_verifies() -> None:
    assert verify([]).intact


def test_hash_covers_every_field_and_the_link() -> None:
    event = chain(1)[0]
    base = compute_hash(event, GENESIS_HASH)
    changes: dict[str, Any] = {
        "id": "other",
        "sequence": 2,
        "occurred_at": START,
        "actor": "x",
        "actor_role": "admin",
        "municipality_id": None,
        "subject_worker_id": None,
        "action": "x",
        "purpose": "x",
        "result": "denied",
    }
    for name, value in changes.items():
        assert compute_hash(dataclasses.replace(event, **{name: value}), GENESIS_HASH) != base, name
    assert compute_hash(event, "f" * 64) != base


def test_same_instant_in_another_zone_hashes_the_same() -> None:
    event = chain(1)[0]
    shifted = dataclasses.replace(
        event, occurred_at=event.occurred_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    )
    assert compute_hash(shifted, GENESIS_HASH) == compute_hash(event, GENESIS_HASH)


@given(length=st.integers(2, 30), data=st.data())
def test_first_altered_event_is_found(length: int, data: st.DataObject) -> None:
    events = chain(length)
    index = data.draw(st.integers(0, length - 1))
    events[index] = dataclasses.replace(events[index], result="denied")
    outcome = verify(events)
    assert outcome.first_break is not None
    assert outcome.first_break.sequence == index + 1
    assert outcome.first_break.reason == "hash_mismatch"
    assert outcome.checked == index


@given(length=st.integers(3, 30), data=st.data())
def test_rehashing_the_altered_event_breaks_the_next_link(length: int, data: st.DataObject) -> None:
    events = chain(length)
    index = data.draw(st.integers(0, length - 2))
    altered = dataclasses.replace(events[index], actor="intruder")
    events[index] = dataclasses.replace(altered, hash=compute_hash(altered, altered.prev_hash))
    outcome = verify(events)
    assert outcome.first_break is not None
    assert (outcome.first_break.sequence, outcome.first_break.reason) == (index + 2, "prev_hash_mismatch")


@given(length=st.integers(2, 30), data=st.data())
def test_removed_event_is_found(length: int, data: st.DataObject) -> None:
    events = chain(length)
    index = data.draw(st.integers(0, length - 2))
    del events[index]
    outcome = verify(events)
    assert outcome.first_break is not None
    assert (outcome.first_break.sequence, outcome.first_break.reason) == (index + 2, "sequence_gap")


def test_verification_can_start_from_a_checkpoint() -> None:
    events = chain(10)
    outcome = verify(events[6:], prev_hash=events[5].hash, next_sequence=7)
    assert outcome.intact
    assert outcome.checked == 4
    wrong = verify(events[6:], prev_hash=GENESIS_HASH, next_sequence=7)
    assert wrong.first_break is not None
    assert wrong.first_break.reason == "prev_hash_mismatch"
