"""Recompute many workers: at the start of a month, and on demand for everyone.

Pay data and case changes reach the recompute through the outbox within seconds. Two things happen
without such an event: a new month begins (a worker without new pay data still needs the new month's
settlement, and their advance for it is settled), and new parameter files are deployed (a new year's
norms). `run_new_month` recomputes the workers that have no settlement for the current month yet, daily;
`run_all` recomputes everyone and is run by hand (`loonbrug jobs run-once recompute_all`). A held payout
(rule 12) is released by its deadline without an event too: `run_held` recomputes, daily, the workers
with a held payout whose last day has passed.
The workers are recomputed in batches of 100, each batch one transaction; when a batch fails, its
workers are recomputed one by one, each in a transaction of its own, so a worker that fails is counted and
logged by id and error class, and the others go on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds
from gateway.jobs.clock import local_date
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.outbox_consumer import error_code
from gateway.jobs.recompute import RecomputeOutcome, recompute_worker, recompute_workers
from gateway.store.models import BenefitCaseFact, CaseEnd, MonthSettlement, Signal
from schemas.case import MunicipalPolicy
from schemas.periods import Month

logger = logging.getLogger(__name__)
_IN_CHUNK = 1000
_BATCH = 100
"""Workers recomputed together in one transaction (see gateway.jobs.recompute)."""


def _recompute_each(
    *,
    job: str,
    context: JobContext,
    worker_ids: Sequence[str],
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    full: bool = False,
) -> JobReport:
    report = JobReport(job)
    done = 0
    for start in range(0, len(worker_ids), _BATCH):
        chunk = worker_ids[start : start + _BATCH]
        try:
            with context.sessions.begin() as session:
                outcomes = recompute_workers(
                    session=session,
                    sealer=context.sealer,
                    worker_ids=chunk,
                    parameters=parameters,
                    default_policy=default_policy,
                    now=now,
                    full=chunk if full else (),
                )
        except Exception:  # a failing worker: recompute the chunk's workers one by one to find it
            logger.info("%s: a batch of %d workers is recomputed one by one after a failure", job, len(chunk))
            for worker_id in chunk:
                _recompute_one(job, context, worker_id, parameters, default_policy, now, full, report)
        else:
            for outcome in outcomes:
                _count(report, outcome)
        done += len(chunk)
        context.progress(job, done, len(worker_ids))
    return report


def _recompute_one(
    job: str,
    context: JobContext,
    worker_id: str,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    full: bool,
    report: JobReport,
) -> None:
    try:
        with context.sessions.begin() as session:
            outcome = recompute_worker(
                session=session,
                sealer=context.sealer,
                worker_id=worker_id,
                parameters=parameters,
                default_policy=default_policy,
                now=now,
                full=full,
            )
    except Exception as exc:  # one worker's failure must not stop the others
        logger.warning("%s: recompute of worker %s failed: %s", job, worker_id, error_code(exc))
        report.add("failed")
        report.failed = True
    else:
        _count(report, outcome)


def _count(report: JobReport, outcome: RecomputeOutcome) -> None:
    report.add(outcome.status)
    report.add("weeks_stored", outcome.weeks_stored)
    report.add("months_stored", outcome.months_stored)


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


def run_new_month(
    *, context: JobContext, now: dt.datetime, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> JobReport:
    """Recompute every worker with case facts that has no settlement for the current month yet, except
    cases that ended before last month (their final settlement is last month at the latest)."""
    current = Month.of(local_date(now))
    settled = exists().where(
        MonthSettlement.worker_id == BenefitCaseFact.worker_id, MonthSettlement.month == str(current)
    )
    with context.sessions() as session:
        worker_ids = sorted(set(session.scalars(select(BenefitCaseFact.worker_id).where(~settled))))
        ended = _ended_before(session, worker_ids, current.shift(-1).first_day)
    worker_ids = [worker_id for worker_id in worker_ids if worker_id not in ended]
    return _recompute_each(
        job="recompute_new_month",
        context=context,
        worker_ids=worker_ids,
        parameters=parameters,
        default_policy=default_policy,
        now=now,
    )


def run_all(
    *, context: JobContext, now: dt.datetime, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> JobReport:
    """Recompute every worker with case facts, every month (after new parameter files)."""
    with context.sessions() as session:
        worker_ids = sorted(set(session.scalars(select(BenefitCaseFact.worker_id))))
    return _recompute_each(
        job="recompute_all",
        context=context,
        worker_ids=worker_ids,
        parameters=parameters,
        default_policy=default_policy,
        now=now,
        full=True,
    )


def run_held(
    *, context: JobContext, now: dt.datetime, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> JobReport:
    """Recompute every worker with a held payout (an open `payout_held` signal) past its last day."""
    today = local_date(now).isoformat()
    statement = select(Signal.worker_id, Signal.payload).where(
        Signal.kind == kinds.PAYOUT_HELD, Signal.resolved_at.is_(None)
    )
    with context.sessions() as session:
        rows = session.execute(statement)
        worker_ids = sorted({worker_id for worker_id, payload in rows if payload.get("until", "") < today})
    return _recompute_each(
        job="recompute_held",
        context=context,
        worker_ids=worker_ids,
        parameters=parameters,
        default_policy=default_policy,
        now=now,
    )
