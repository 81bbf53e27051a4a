"""Row ids made in a batch (`new_id.many`) are the ids one call at a time makes: same format, same order."""

import re
import threading
import time
import uuid

import pytest

from gateway.store import base
from gateway.store.base import ID_PATTERN, _Uuid7


def _ordered_part(value: str) -> str:
    """The timestamp, version and counter of an id (its first 16 hex digits); the rest is random."""
    return value.replace("-", "")[:16]


def _frozen_clock(monkeypatch: pytest.MonkeyPatch, millis: int) -> None:
    monkeypatch.setattr(base.time, "time_ns", lambda: millis * 1_000_000)


@pytest.mark.parametrize("count", [1, 2, 1000, 4096, 5000, 9000])
def test_a_batch_counts_like_calls_one_after_the_other(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    # The clock stands still, so the counter has to wrap into the following milliseconds past 0xFFF.
    _frozen_clock(monkeypatch, 1_765_000_000_123)
    one_by_one, batched = _Uuid7(), _Uuid7()
    singles = [one_by_one() for _ in range(count + 1)]
    batch = [*batched.many(count), batched()]
    assert [_ordered_part(v) for v in batch] == [_ordered_part(v) for v in singles]
    assert batch == sorted(batch)
    assert len(set(batch)) == count + 1


def test_a_batch_continues_the_count_of_earlier_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    _frozen_clock(monkeypatch, 1_765_000_000_123)
    one_by_one, mixed = _Uuid7(), _Uuid7()
    singles = [one_by_one() for _ in range(4100)]
    made = [mixed(), mixed(), mixed(), *mixed.many(4094), mixed(), mixed(), mixed()]
    assert [_ordered_part(v) for v in made] == [_ordered_part(v) for v in singles]


def test_a_new_millisecond_restarts_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    generator = _Uuid7()
    _frozen_clock(monkeypatch, 1_765_000_000_123)
    earlier = generator.many(10)
    _frozen_clock(monkeypatch, 1_765_000_000_124)
    later = generator.many(3)
    assert [_ordered_part(v)[-3:] for v in later] == ["000", "001", "002"]
    assert earlier + later == sorted(earlier + later)


def test_batched_ids_are_uuid7_with_random_tails() -> None:
    ids = base.new_id.many(2000)
    parsed = [uuid.UUID(value) for value in ids]
    assert all(value.version == 7 and value.variant == uuid.RFC_4122 for value in parsed)
    assert all(re.match(ID_PATTERN, value) for value in ids)
    assert [str(value) for value in parsed] == ids
    assert abs((parsed[0].int >> 80) - time.time_ns() // 1_000_000) < 60_000
    # 62 random bits each: every tail differs, and every bit position takes both values.
    tails = [value.int & ((1 << 62) - 1) for value in parsed]
    assert len(set(tails)) == len(tails)
    assert all(0 < sum(tail >> bit & 1 for tail in tails) < len(tails) for bit in range(62))


def test_ids_made_in_batches_and_alone_sort_in_creation_order() -> None:
    made = [base.new_id(), *base.new_id.many(500), base.new_id(), *base.new_id.many(3), base.new_id()]
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_an_empty_batch_takes_no_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    _frozen_clock(monkeypatch, 1_765_000_000_123)
    generator = _Uuid7()
    first = generator()
    assert generator.many(0) == []
    assert _ordered_part(generator())[-3:] == "001"
    assert _ordered_part(first)[-3:] == "000"


def test_batches_made_in_threads_at_once_never_share_an_id() -> None:
    made: list[list[str]] = []

    def make() -> None:
        ids = []
        for _ in range(20):
            ids.extend(base.new_id.many(300))
            ids.append(base.new_id())
        made.append(ids)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(ids == sorted(ids) for ids in made)
    assert len({value for ids in made for value in ids}) == 4 * 20 * 301
