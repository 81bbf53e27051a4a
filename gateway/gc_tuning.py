"""Garbage-collector settings for a long-running server process, applied once its start-up is done.

A recompute or a push makes tens of thousands of short-lived objects (rows, models, decimals). With
CPython's default threshold (a young collection every 700 net allocations) each collection also walks
the start-up heap that never becomes garbage: the imported modules, the pydantic schemas, the
SQLAlchemy mappers, the parameter tables. Measured with `bench/national_week.py`'s consumer (1,000
workers, one process, in turns): about 14% less CPU per recomputed worker with both settings below.

- `gc.freeze()` moves everything alive after start-up into the permanent generation, which no
  collection looks at again. Those objects live as long as the process anyway.
- A young-generation threshold of 10,000 lets a batch's short-lived objects die by reference counting
  before a collection runs; only reference cycles wait a little longer, which bounds the extra memory
  to that many objects.
"""

from __future__ import annotations

import gc
import threading

YOUNG_THRESHOLD = 10_000

_settled = threading.Lock()
"""Taken by the first `settle_once` and never released: freezing is once per process."""


def settle_after_start_up() -> None:
    """Freeze the start-up heap and collect the young generation less often (see the module docstring)."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def settle_once() -> bool:
    """`settle_after_start_up()` the first time a served app starts in this process; tells whether this
    call did it.

    A served API (one that builds its own database: `uvicorn --factory`, `loonbrug serve`) calls it when
    it starts. Under load the agency API's pushes and the app API's pages make objects by the ten
    thousand; with CPython's defaults the start-up heap was scanned again and again, and every few
    seconds a full collection walked all of it (a quarter of the agency API's CPU per record; 60-90 ms
    stalls of the app API's event loop, the worst of its latency tail: docs/scaling.md). An app given a
    database lives in another program's process (tests, the demo, the simulation) and leaves that
    process's collector alone.
    """
    if not _settled.acquire(blocking=False):
        return False
    settle_after_start_up()
    return True
