"""The garbage-collector settings of a server process after start-up (gateway.gc_tuning)."""

from __future__ import annotations

import subprocess
import sys

from gateway import gc_tuning


def test_start_up_heap_is_frozen_and_young_collections_are_rarer() -> None:
    # In a child: freezing is for the rest of a process's life, and the test process must keep its own.
    script = (
        "import gc; from gateway import gc_tuning; "
        "before = gc.get_threshold(); gc_tuning.settle_after_start_up(); "
        "print(gc.get_freeze_count() > 0, before[1:] == gc.get_threshold()[1:], gc.get_threshold()[0])"
    )
    command = [sys.executable, "-c", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own code
    assert out.split() == ["True", "True", str(gc_tuning.YOUNG_THRESHOLD)]
