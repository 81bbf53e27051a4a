"""Retention: delete technical records past their term (policy.json, explained in docs/jobs.md).

Deleted here, in batches of `batchSize` rows per transaction so no lock is held long:
- processed outbox events (ids only; kept a while to trace what happened, including agency
  notifications and whether they were delivered);
- idempotency records (an agency retrying after this term is not retrying the same request);
- used client-assertion ids once expired (an expired assertion is refused anyway);
- resolved consultant signals (work notes about a person; no use once long resolved).

Not deleted here, deliberately: the pay ledger (`pay_record`, with the `submission` envelopes it
references), `advance` and `audit_event` are append-only, and so are in substance the versioned results
and the case facts. Their term follows from the municipality's archive selection list (Archiefwet) and
starts when a case ends, which the store does not record; deleting them must be a decision per case,
made under the `purge` maintenance mode (gateway.store.maintenance), not a side effect of a timer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session, sessionmaker

from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.policy import RetentionPolicy
from gateway.store.models import IdempotencyRecord, OutboxEvent, Signal, UsedAssertion

JOB_NAME = "retention"


def _purge(
    sessions: sessionmaker[Session], model: Any, condition: ColumnElement[bool], batch_size: int
) -> int:
    deleted = 0
    while True:
        with sessions.begin() as session:
            ids = list(
                session.scalars(select(model.id).where(condition).order_by(model.id).limit(batch_size))
            )
            if ids:
                session.execute(delete(model).where(model.id.in_(ids)))
        deleted += len(ids)
        if len(ids) < batch_size:
            return deleted


def run(*, context: JobContext, now: dt.datetime, policy: RetentionPolicy) -> JobReport:
    """Delete every technical record whose term ended before `now`."""
    report = JobReport(JOB_NAME)
    days = dt.timedelta(days=1)
    rules: list[tuple[str, Any, ColumnElement[bool]]] = [
        (
            "outbox_events",
            OutboxEvent,
            OutboxEvent.processed_at < now - policy.outbox_processed_days * days,
        ),
        (
            "idempotency_records",
            IdempotencyRecord,
            IdempotencyRecord.created_at < now - policy.idempotency_record_days * days,
        ),
        (
            "used_assertions",
            UsedAssertion,
            UsedAssertion.expires_at < now - policy.used_assertion_days_after_expiry * days,
        ),
        ("resolved_signals", Signal, Signal.resolved_at < now - policy.resolved_signal_days * days),
    ]
    for done, (name, model, condition) in enumerate(rules, start=1):
        report.add(name, _purge(context.sessions, model, condition, policy.batch_size))
        context.progress(JOB_NAME, done, len(rules))
    return report
