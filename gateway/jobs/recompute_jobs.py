"""Recompute many workers: at the start of a month, for held payouts, and on demand for everyone.

Pay data and case changes reach the recompute through the outbox within seconds. Two things happen
without such an event: a new month begins (a worker without new pay data still needs the new month's
settlement, and their advance for it is settled), and new parameter files are deployed (a new year's
norms). `run_new_month` asks for a recompute of the workers that have no settlement for the current month
yet, daily; `run_all` of everyone, in full, and is run by hand (`loonbrug jobs run-once recompute_all`).
A held payout (rule 12) is released by its deadline without an event too: `run_held` asks, daily, for a
recompute of the workers with a held payout whose last day has passed.

These jobs run in the leader alone, but do not recompute there: each publishes one `worker.recompute`
event per worker (`"full": true` from `run_all`), in transactions of 1,000 events, and the outbox consumers
of every jobs process share the work (gateway.jobs.outbox_consumer): in batches, a worker once however many
events name them, a failing worker retried alone with backoff. A job reports how many workers it asked
for (`published`); what the recompute did is in the outbox job's counts and log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from gateway.jobs import kinds
from gateway.jobs.clock import local_date
from gateway.jobs.context import JobContext, JobReport
from gateway.store import outbox
from gateway.store.models import BenefitCaseFact, CaseEnd, MonthSettlement, Signal
from schemas.periods import Month

_IN_CHUNK = 1000
"""Workers per query, and events per transaction when publishing."""
PUBLISHED = "published"
"""The count of workers a recompute job queued for the outbox consumers."""


def publish_recomputes(
    *, job: str, context: JobContext, worker_ids: Sequence[str], now: dt.datetime, full: bool = False
) -> JobReport:
    """Publish one `worker.recompute` event per worker, due at `now` (with `"full": true` when `full`),
    in transactions of `_IN_CHUNK` events; the report counts them as `published`."""
    report = JobReport(job)
    extra: dict[str, object] = {"full": True} if full else {}
    for start in range(0, len(worker_ids), _IN_CHUNK):
        chunk = worker_ids[start : start + _IN_CHUNK]
        with context.sessions.begin() as session:
            outbox.publish_many(
                session=session,
                topic=kinds.RECOMPUTE_REQUESTED,
                payloads=[{"workerId": worker_id, **extra} for worker_id in chunk],
                at=now,
            )
        report.add(PUBLISHED, len(chunk))
        context.progress(job, start + len(chunk), len(worker_ids))
    return report


def _ended_before(session: Session, worker_ids: Sequence[str], day: dt.date) -> set[str]:
    """The workers whose case, by its newest recorded end, ended before `day`."""
    newest: dict[str, CaseEnd] = {}
    for start in range(0, len(worker_ids), _IN_CHUNK):
        chunk = worker_ids[start : start + _IN_CHUNK]
        statement = (
            select(CaseEnd).where(CaseEnd.worker_id.in_(chunk)).order_by(CaseEnd.recorded_at, CaseEnd.id)
        )
        for row in session.scalars(statement):
            newest[row.worker_id] = row
    return {w for w, row in newest.items() if row.end_date is not None and row.end_date < day}


def run_new_month(*, context: JobContext, now: dt.datetime) -> JobReport:
    """Ask for a recompute of every worker with case facts that has no settlement for the current month
    yet, except cases that ended before last month (their final settlement is last month at the latest)."""
    current = Month.of(local_date(now))
    settled = exists().where(
        MonthSettlement.worker_id == BenefitCaseFact.worker_id, MonthSettlement.month == str(current)
    )
    with context.sessions() as session:
        worker_ids = sorted(set(session.scalars(select(BenefitCaseFact.worker_id).where(~settled))))
        ended = _ended_before(session, worker_ids, current.shift(-1).first_day)
    worker_ids = [worker_id for worker_id in worker_ids if worker_id not in ended]
    return publish_recomputes(job="recompute_new_month", context=context, worker_ids=worker_ids, now=now)


def run_all(*, context: JobContext, now: dt.datetime) -> JobReport:
    """Ask for a full recompute of every worker with case facts, every month (after new parameter files)."""
    with context.sessions() as session:
        worker_ids = sorted(set(session.scalars(select(BenefitCaseFact.worker_id))))
    return publish_recomputes(job="recompute_all", context=context, worker_ids=worker_ids, now=now, full=True)


def run_held(*, context: JobContext, now: dt.datetime) -> JobReport:
    """Ask for a recompute of every worker with a held payout (an open `payout_held` signal) past its
    last day."""
    today = local_date(now).isoformat()
    statement = select(Signal.worker_id, Signal.payload).where(
        Signal.kind == kinds.PAYOUT_HELD, Signal.resolved_at.is_(None)
    )
    with context.sessions() as session:
        rows = session.execute(statement)
        worker_ids = sorted({worker_id for worker_id, payload in rows if payload.get("until", "") < today})
    return publish_recomputes(job="recompute_held", context=context, worker_ids=worker_ids, now=now)
