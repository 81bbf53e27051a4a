"""Test helpers for agency notifications: run the real weekly missing-data check, set the app's clock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from gateway.jobs import missing_data
from gateway.jobs.context import JobContext
from gateway.jobs.policy import MissingDataPolicy
from gateway.store.sealing import Sealer
from tests.ingest.conftest import Clock

CHECKED_AT = dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC)
"""Monday 06:00 Dutch time, when the scheduler runs the check: ISO week 2026-W12."""

POLICY = MissingDataPolicy(grace_days=10, lookback_weeks=13)
"""The shipped policy values (gateway/jobs/policy.json)."""

MISSING_WEEKS = [
    (dt.date(2026, 1, 1), dt.date(2026, 1, 4)),
    *(
        (dt.date(2026, 1, 5) + dt.timedelta(weeks=n), dt.date(2026, 1, 11) + dt.timedelta(weeks=n))
        for n in range(8)
    ),
]
"""What a worker enrolled from 2026-01-01 without any pay record misses at `CHECKED_AT`: the enrolled days
of ISO week 1, then every week up to the one ending 2026-03-01 (ten days of grace before the 16th)."""


def run_check(sessions: sessionmaker[Session], sealer: Sealer, *, now: dt.datetime = CHECKED_AT) -> None:
    """Run the weekly missing-data check at `now`; it stores one notification per agency with gaps."""
    missing_data.run(context=JobContext(sessions=sessions, sealer=sealer), now=now, policy=POLICY)


def set_clock(clock: Clock, moment: dt.datetime) -> None:
    """Move the app's clock so that it reads `moment` now."""
    clock.offset = moment - dt.datetime.now(dt.UTC)
