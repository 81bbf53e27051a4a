"""Decoded stored results by row id, kept in process so a page of weeks need not decrypt them again.

A stored version of a result never changes: a recompute stores a new row, and re-encryption changes only
the ciphertext. So an entry never goes stale and needs no expiry; the list query still asks the database
which versions are newest on every request, so a new version is shown at once. The size bound limits
memory, and with it how much decrypted data a process holds (0 turns the cache off).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class ResultCache(Generic[Value]):
    """A thread-safe LRU of up to `size` values by row id (services run in worker threads)."""

    def __init__(self, *, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, Value] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ResultCache(size={self._size})"

    def get_many(self, row_ids: Iterable[str]) -> dict[str, Value]:
        """The cached values among `row_ids`."""
        found: dict[str, Value] = {}
        with self._lock:
            for row_id in row_ids:
                value = self._entries.get(row_id)
                if value is not None:
                    self._entries.move_to_end(row_id)
                    found[row_id] = value
        return found

    def put_many(self, values: dict[str, Value]) -> None:
        """Remember values by row id."""
        if self._size <= 0:
            return
        with self._lock:
            self._entries.update(values)
            for row_id in values:
                self._entries.move_to_end(row_id)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
