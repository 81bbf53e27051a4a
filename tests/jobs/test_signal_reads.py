"""Which signals a sync reads (findings.still_relevant): open and dismissed ones, not those the jobs
resolved themselves, so a worker's read does not grow with every week that was once missing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.jobs import findings, kinds
from gateway.jobs.context import SYSTEM_ACTOR
from gateway.store.models import Signal
from gateway.store.sealing import Sealer
from tests.jobs.scenario import build_scenario

NOW = dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC)
KIND = kinds.MISSING_PERIOD


def _signal(worker_id: str, key: str, *, resolved_by: str | None = None) -> Signal:
    payload: dict[str, str] = {findings.KEY: key}
    if resolved_by is not None:
        payload[findings.RESOLVED_BY] = resolved_by
    return Signal(
        worker_id=worker_id,
        kind=KIND,
        payload=payload,
        created_at=NOW - dt.timedelta(days=30),
        resolved_at=None if resolved_by is None else NOW - dt.timedelta(days=20),
    )


def test_a_sync_reads_open_and_dismissed_signals_but_not_those_the_jobs_resolved(
    session: Session, sealer: Sealer
) -> None:
    worker = build_scenario(session, sealer, benefit_start=dt.date(2026, 2, 1)).worker
    session.add_all(
        [
            _signal(worker.id, "open"),
            _signal(worker.id, "dismissed", resolved_by="consulent-1"),
            _signal(worker.id, "came-back", resolved_by=SYSTEM_ACTOR),
        ]
    )
    session.flush()
    statement = select(Signal.payload).where(Signal.worker_id == worker.id, findings.still_relevant())
    assert sorted(payload[findings.KEY] for payload in session.scalars(statement)) == ["dismissed", "open"]

    wanted = [findings.Finding(KIND, key) for key in ("open", "dismissed", "came-back")]
    result = findings.sync(session=session, worker_id=worker.id, kinds={KIND}, findings=wanted, now=NOW)
    # The dismissal holds; what the jobs resolved before is raised again now that it is found again.
    assert (result.raised, result.resolved) == (1, 0)
    assert result.open == {(KIND, "open"), (KIND, "came-back")}
