"""The garbage collector of a gateway server process, set once when the server starts.

A push of 1,000 records allocates some 50,000 container objects that live until its transaction ends.
With CPython's defaults (a young collection every 700 allocations) every one of them is scanned in a
young and a middle collection and then promoted, and every 25% growth of the old generation sets off a
full collection that walks the whole heap: the 150,000 objects the process holds from start-up (modules,
classes, the FastAPI app and its pydantic schemas, SQLAlchemy's mappers) included, tens of
milliseconds each time. Measured in-process (the push service alone), the collector took 15-17 ms of a
1,000-record batch; after `settle` about 3.

What `settle` does is safe for a long-running server:

- `gc.collect()` first, so nothing that is garbage already gets frozen;
- `gc.freeze()` moves what start-up left alive into the permanent generation, which collections skip.
  Those objects live as long as the process anyway; reference counting still frees any of them that
  is let go (only a reference cycle among them would stay until the process ends, bounded by what
  start-up allocated). Everything allocated later, the requests' objects, is collected as usual;
- the young generation's threshold is raised from 700 to `YOUNG_THRESHOLD` allocations, so a batch's
  short-lived objects mostly die before a collection sees them. A cycle of garbage then waits at most
  that many allocations longer (a few MB at worst); the older generations' thresholds stay.

It runs once per process, at the first start-up of an app (the uvicorn worker's lifespan), not per
request: the thresholds are process-wide, and freezing is meant to happen once, after start-up.
"""

from __future__ import annotations

import gc
import threading

YOUNG_THRESHOLD = 10_000
"""Allocations between young collections (CPython's default: 700)."""

_lock = threading.Lock()
_settled = False


def settle() -> bool:
    """Freeze what start-up allocated and raise the young generation's threshold, once per process;
    tells whether this call did it."""
    global _settled
    with _lock:
        if _settled:
            return False
        gc.collect()
        gc.freeze()
        young, middle, old = gc.get_threshold()
        gc.set_threshold(max(YOUNG_THRESHOLD, young), middle, old)
        _settled = True
        return True
