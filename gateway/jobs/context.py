"""What every job is given besides the time, and what it reports back.

A job touches no global state: the session factory, the field-encryption sealer and (for agency
notifications) the webhook sender come in a `JobContext`. A `JobReport` counts what a run did in ids-free
numbers, so it is safe to log and to print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from gateway.store.sealing import Sealer

SYSTEM_ACTOR = "system:jobs"
"""The actor recorded for everything the jobs do (settlement transitions, checkpoints, case-free work)."""

Progress = Callable[[str, int, int], None]
"""Called as `progress(job, done, total)` while a job works through its units (workers, events)."""


def no_progress(job: str, done: int, total: int) -> None:
    """The default progress callback: report nothing."""


@dataclass(frozen=True)
class JobContext:
    """The collaborators of a job run."""

    sessions: sessionmaker[Session]
    sealer: Sealer
    progress: Progress = no_progress


@dataclass
class JobReport:
    """What one run of a job did: named counts (never ids, names or amounts) and whether it failed."""

    job: str
    counts: dict[str, int] = field(default_factory=dict)
    failed: bool = False

    def add(self, name: str, amount: int = 1) -> None:
        """Add `amount` to the count `name`."""
        self.counts[name] = self.counts.get(name, 0) + amount

    def count(self, name: str) -> int:
        """The count `name` (0 when nothing was counted)."""
        return self.counts.get(name, 0)

    def summary(self) -> str:
        """One line: the job and its counts, e.g. `outbox: processed=3 failed=0`."""
        counts = " ".join(f"{name}={value}" for name, value in sorted(self.counts.items()))
        state = " MISLUKT" if self.failed else ""
        return f"{self.job}:{state} {counts or 'niets te doen'}"
