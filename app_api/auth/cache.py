"""A small in-process cache whose entries expire, bounded in size (least recently used goes first).

Used from the event loop only (async dependencies), so it needs no lock.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class ExpiringCache(Generic[Key, Value]):
    """Up to `size` entries, each valid until the moment it was stored with."""

    def __init__(self, *, size: int, clock: Callable[[], float] = time.time) -> None:
        self._size = size
        self._clock = clock
        self._entries: OrderedDict[Key, tuple[float, Value]] = OrderedDict()

    def get(self, key: Key) -> Value | None:
        """The value, if present and not expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        valid_until, value = entry
        if self._clock() >= valid_until:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: Key, value: Value, *, valid_until: float) -> None:
        """Store a value until `valid_until` (a `clock` time); a size of 0 stores nothing."""
        if self._size <= 0 or valid_until <= self._clock():
            return
        self._entries[key] = (valid_until, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
