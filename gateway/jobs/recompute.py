"""The recompute service: workers' stored pay data through the engine into stored figures.

`recompute_workers` recomputes a batch of workers (the outbox consumer's claimed batch) and
`recompute_worker` one: the worker rows are locked in ascending id order, every input of the batch is read
in one query per kind (gateway.jobs.worker_inputs), each worker's months are settled from the first month
something changed to the current one with week figures (gateway.jobs.recompute_plan), and a new version
of a week's figures or a month's settlement is stored only when its result or what it was computed from
changed, so running it twice stores nothing the second time. New versions are written in one multi-row
insert per table; the signals of the months, the anomaly checks and the missing-data check of the batch
are synced from one read of the batch's signals.

Only what changed is recomputed (DESIGN §7): from the earliest of today's month (the date moves it),
last month until it was recomputed after its end, a month never stored, the first month a pay record
version not used by any stored month touches, a month whose advances changed, and a month with a carried
correction or a held payout; from the first month when the case itself (household, disregards, end,
bufferbudget decisions, enrollments, policy) changed, which a keyed digest in each stored month tells.
Nothing an earlier month depends on changed, so its stored version stands; the ledger before the range
is the stored one (an approved month's, or the stored open month's closing state). The engine starts
two months earlier than the range, because the exit forecast looks back two months. `full=True` (new
parameter files) recomputes everything.

Each stored version's `inputs` names the pay record version ids and the parameter values (key,
valid_from, confirmed) it used, the municipal policy, the day it was computed for and, for a month, the
approved settlement versions the ledger started from and the keyed digests of the case and of the
month's advances; plus a keyed digest of the result, to compare without decrypting. No amount is in
`inputs`.

An approved month is recomputed, not settled again (DESIGN §4.7): when its figures changed, the
recomputation (result kind `herberekening`) is stored as a new draft version naming the open month
that carries the difference, and the consultant gets a `figures_changed_after_approval` signal.
While an approved month's figures stand, no version is added to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import anomalies, findings, kinds, missing_data, worker_inputs
from gateway.jobs.clock import local_date
from gateway.jobs.context import SYSTEM_ACTOR
from gateway.jobs.ledger import LedgerRecord
from gateway.jobs.policy import MissingDataPolicy
from gateway.jobs.recompute_plan import (
    MONTH_SIGNALS,
    Plan,
    RecomputeOutcome,
    Start,
    StoredVersion,
    WorkerRecompute,
)
from gateway.store import case_ends, per_value, settlements
from gateway.store.base import new_id, utcnow
from gateway.store.models import (
    Enrollment,
    MonthSettlement,
    SettlementStatus,
    SettlementTransition,
    Signal,
    WeekFigures,
    Worker,
)
from gateway.store.sealing import Sealer
from schemas.case import MunicipalPolicy
from schemas.periods import IsoWeek, Month

__all__ = ["Checks", "RecomputeOutcome", "recompute_worker", "recompute_workers"]

_WEEK_MARGIN = dt.timedelta(days=7)
"""The weeks read before the first month stored again: a week reaching into that month from before."""


@dataclass(frozen=True, slots=True)
class Checks:
    """The checks run on every worker of a batch after the recompute: anomalies and missing data."""

    ytd_tolerance: Decimal
    missing_data: MissingDataPolicy


def recompute_worker(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    full: bool = False,
) -> RecomputeOutcome:
    """Recompute one worker's week figures and month settlements as of `now` (see the module docstring).

    The worker row is locked first, so two recomputes of one worker (scheduler and CLI) take turns.
    `full` recomputes every month, also those nothing the store can see has changed (new parameters).
    """
    (outcome,) = recompute_workers(
        session=session,
        sealer=sealer,
        worker_ids=[worker_id],
        parameters=parameters,
        default_policy=default_policy,
        now=now,
        full={worker_id} if full else set(),
    )
    return outcome


def recompute_workers(
    *,
    session: Session,
    sealer: Sealer,
    worker_ids: Collection[str],
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    full: Collection[str] = (),
    checks: Checks | None = None,
) -> list[RecomputeOutcome]:
    """Recompute a batch of workers as of `now`, each as `recompute_worker` would, in ascending id order;
    `full` names the workers to recompute in full. With `checks`, the anomaly and missing-data checks run
    on every worker of the batch too (as the outbox consumer wants after new pay data).

    The worker rows are locked in ascending id order in one statement before anything is read, so a
    concurrent batch naming some of the same workers waits for this one and then sees what it stored,
    and two batches never wait for each other in a cycle.
    """
    ids = sorted(set(worker_ids))
    workers = _lock(session, ids)
    as_of = local_date(now)
    ledgers = worker_inputs.ledger_records(session=session, sealer=sealer, worker_ids=workers)
    inputs = worker_inputs.load_many(
        session=session,
        sealer=sealer,
        workers=list(workers.values()),
        ledgers=ledgers,
        default_policy=default_policy,
    )
    started = {worker_id: one for worker_id, one in inputs.items() if one.first_month <= Month.of(as_of)}
    months = _latest_months(session, sorted(started))
    signals = _signals(session, ids, checks is not None)
    recomputes = {
        worker_id: WorkerRecompute(
            sealer=sealer,
            inputs=one,
            months=months.get(worker_id, {}),
            signals=[s for s in signals.get(worker_id, []) if s.kind in MONTH_SIGNALS],
            as_of=as_of,
        )
        for worker_id, one in started.items()
    }
    starts = {worker_id: r.start(full=worker_id in full) for worker_id, r in recomputes.items()}
    weeks = _latest_weeks(session, starts)
    opening_ids = {worker_id: r.opening_id(starts[worker_id]) for worker_id, r in recomputes.items()}
    openings = _openings(session, sealer, [row_id for row_id in opening_ids.values() if row_id is not None])
    plans: dict[str, Plan] = {
        worker_id: r.plan(
            start=starts[worker_id],
            weeks=weeks.get(worker_id, {}),
            parameters=parameters,
            opening=None if opening_ids[worker_id] is None else openings.get(opening_ids[worker_id]),
        )
        for worker_id, r in recomputes.items()
    }
    _store(session, plans.values(), now)
    for worker_id, plan in plans.items():
        findings.sync(
            session=session,
            worker_id=worker_id,
            kinds=MONTH_SIGNALS,
            findings=plan.findings,
            now=now,
            signals=signals.get(worker_id, []),
            flush=False,
        )
    if checks is not None:
        _check(session, ids, ledgers, signals, checks, now)
    session.flush()
    return [_outcome(worker_id, workers, inputs, plans) for worker_id in ids]


def _outcome(
    worker_id: str,
    workers: Mapping[str, Worker],
    inputs: Mapping[str, worker_inputs.WorkerInputs],
    plans: Mapping[str, Plan],
) -> RecomputeOutcome:
    if worker_id not in workers:
        return RecomputeOutcome(worker_id, "unknown_worker")
    if worker_id not in inputs:
        return RecomputeOutcome(worker_id, "no_case")
    plan = plans.get(worker_id)
    return RecomputeOutcome(worker_id, "not_started") if plan is None else plan.outcome


def _lock(session: Session, ids: Sequence[str]) -> dict[str, Worker]:
    """Lock the workers' rows in ascending id order (PostgreSQL locks in the order of the sort).

    FOR NO KEY UPDATE: it excludes another recompute of the worker as FOR UPDATE would, but not the
    key-share lock a foreign key takes on the row, so what names the worker by one (a consultant's case
    facts, the signals) is stored at once while the worker's batch is recomputed, instead of waiting for
    the whole batch.
    """
    statement = select(Worker).where(Worker.id.in_(ids)).order_by(Worker.id).with_for_update(key_share=True)
    return {worker.id: worker for worker in session.scalars(statement)}


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _latest_months(session: Session, ids: Sequence[str]) -> dict[str, dict[str, StoredVersion]]:
    """The newest version of every month of each worker, in one query (on PostgreSQL one index probe per
    worker, gateway.store.per_value); no result is read (`_openings` reads the few the ledger opens from)."""
    if not ids:
        return {}
    columns = (
        MonthSettlement.id,
        MonthSettlement.worker_id,
        MonthSettlement.month,
        MonthSettlement.version,
        MonthSettlement.inputs,
    )
    if _postgresql(session):
        newest_first = (
            select(*columns)
            .ext(distinct_on(MonthSettlement.month))
            .order_by(MonthSettlement.month, MonthSettlement.version.desc())
        )
        statements = per_value.matching(session, newest_first, MonthSettlement.worker_id, ids)
    else:
        newest = (
            select(
                MonthSettlement.worker_id.label("worker_id"),
                MonthSettlement.month.label("month"),
                func.max(MonthSettlement.version).label("version"),
            )
            .where(MonthSettlement.worker_id.in_(ids))
            .group_by(MonthSettlement.worker_id, MonthSettlement.month)
            .subquery()
        )
        statement = select(*columns).join(
            newest,
            and_(
                MonthSettlement.worker_id == newest.c.worker_id,
                MonthSettlement.month == newest.c.month,
                MonthSettlement.version == newest.c.version,
            ),
        )
        statements = iter([statement.where(MonthSettlement.worker_id.in_(ids))])
    found: dict[str, dict[str, StoredVersion]] = {}
    for statement in statements:
        for row_id, worker_id, month, version, inputs in session.execute(statement):
            found.setdefault(worker_id, {})[month] = StoredVersion(row_id, version, inputs)
    return found


def _openings(session: Session, sealer: Sealer, ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """The results of the stored settlements `ids` (each a month the ledger opens from), by id."""
    found: dict[str, dict[str, Any]] = {}
    statement = select(MonthSettlement.id, MonthSettlement.result_encrypted)
    for chunk in per_value.matching(session, statement, MonthSettlement.id, ids):
        for row_id, sealed in session.execute(chunk):
            found[row_id] = settlements.result_of(sealer=sealer, row_id=row_id, sealed=sealed)
    return found


def _latest_weeks(session: Session, starts: Mapping[str, Start]) -> dict[str, dict[str, StoredVersion]]:
    """The newest version of each worker's weeks from the first week of their first month stored again
    (one query, from the earliest of the batch on; no result is read)."""
    if not starts:
        return {}
    ids = sorted(starts)
    first = min(start.from_month for start in starts.values())
    since = str(IsoWeek.of(first.first_day - _WEEK_MARGIN))
    columns = (
        WeekFigures.id,
        WeekFigures.worker_id,
        WeekFigures.iso_week,
        WeekFigures.version,
        WeekFigures.inputs,
    )
    if _postgresql(session):
        newest_first = (
            select(*columns)
            .where(WeekFigures.iso_week >= since)
            .ext(distinct_on(WeekFigures.iso_week))
            .order_by(WeekFigures.iso_week, WeekFigures.version.desc())
        )
        statements = per_value.matching(session, newest_first, WeekFigures.worker_id, ids)
    else:
        newest = (
            select(
                WeekFigures.worker_id.label("worker_id"),
                WeekFigures.iso_week.label("iso_week"),
                func.max(WeekFigures.version).label("version"),
            )
            .where(WeekFigures.worker_id.in_(ids), WeekFigures.iso_week >= since)
            .group_by(WeekFigures.worker_id, WeekFigures.iso_week)
            .subquery()
        )
        statement = select(*columns).join(
            newest,
            and_(
                WeekFigures.worker_id == newest.c.worker_id,
                WeekFigures.iso_week == newest.c.iso_week,
                WeekFigures.version == newest.c.version,
            ),
        )
        statements = iter([statement])
    found: dict[str, dict[str, StoredVersion]] = {}
    for statement in statements:
        for row_id, worker_id, iso_week, version, inputs in session.execute(statement):
            found.setdefault(worker_id, {})[iso_week] = StoredVersion(row_id, version, inputs)
    return found


def _signals(session: Session, ids: Sequence[str], with_checks: bool) -> dict[str, list[Signal]]:
    """The batch's signals of the kinds the recompute (and the checks) keep in step, oldest first; not
    those the jobs resolved themselves (findings.still_relevant)."""
    wanted = set(MONTH_SIGNALS)
    if with_checks:
        wanted |= kinds.ANOMALY_KINDS | {kinds.MISSING_PERIOD}
    statement = select(Signal).where(Signal.kind.in_(sorted(wanted)), findings.still_relevant())
    found: dict[str, list[Signal]] = {}
    for chunk in per_value.matching(session, statement, Signal.worker_id, ids, entity=Signal):
        for signal in session.scalars(chunk):
            found.setdefault(signal.worker_id, []).append(signal)
    for signals in found.values():
        signals.sort(key=lambda signal: (signal.created_at, signal.id))
    return found


def _store(session: Session, plans: Iterable[Plan], now: dt.datetime) -> None:
    """Insert every planned version: one multi-row insert per table."""
    weeks: list[dict[str, Any]] = []
    months: list[dict[str, Any]] = []
    transitions: list[dict[str, Any]] = []
    at = utcnow()
    for plan in plans:
        worker_id = plan.outcome.worker_id
        weeks += [
            {
                "id": new.id,
                "worker_id": worker_id,
                "iso_week": new.period,
                "version": new.version,
                "computed_at": now,
                "result_encrypted": new.sealed_result,
                "inputs": new.inputs,
            }
            for new in plan.weeks
        ]
        for new in plan.months:
            months.append(
                {
                    "id": new.id,
                    "worker_id": worker_id,
                    "month": new.period,
                    "version": new.version,
                    "status": SettlementStatus.DRAFT.value,
                    "supersedes_id": new.supersedes_id,
                    "computed_at": now,
                    "result_encrypted": new.sealed_result,
                    "inputs": new.inputs,
                }
            )
            transitions.append(
                {
                    "id": new_id(),
                    "settlement_id": new.id,
                    "from_status": None,
                    "to_status": SettlementStatus.DRAFT.value,
                    "actor": SYSTEM_ACTOR,
                    "at": at,
                    "note_encrypted": None,
                }
            )
    if weeks:
        session.execute(insert(WeekFigures), weeks)
    if months:
        session.execute(insert(MonthSettlement), months)
        session.execute(insert(SettlementTransition), transitions)


def _check(
    session: Session,
    ids: Sequence[str],
    ledgers: Mapping[str, Sequence[LedgerRecord]],
    signals: Mapping[str, Sequence[Signal]],
    checks: Checks,
    now: dt.datetime,
) -> None:
    """The anomaly and missing-data checks of every worker of the batch (as the handlers once ran them one
    worker at a time), from the records and signals read for the recompute."""
    today = local_date(now)
    window_start = IsoWeek.of(today - dt.timedelta(weeks=checks.missing_data.lookback_weeks)).monday
    due_until = today - dt.timedelta(days=checks.missing_data.grace_days)
    ends = case_ends.current_for_workers(session=session, worker_ids=ids)
    enrolled: dict[str, list[Enrollment]] = {}
    statement = select(Enrollment).where(Enrollment.worker_id.in_(ids)).order_by(Enrollment.valid_from)
    for enrollment in session.scalars(statement):
        enrolled.setdefault(enrollment.worker_id, []).append(enrollment)
    for worker_id in ids:
        records = ledgers.get(worker_id, [])
        own = signals.get(worker_id, [])
        findings.sync(
            session=session,
            worker_id=worker_id,
            kinds=kinds.ANOMALY_KINDS,
            findings=anomalies.find(records, checks.ytd_tolerance),
            now=now,
            signals=own,
            flush=False,
        )
        items = missing_data.missing_items(
            worker_id=worker_id,
            open_spans=missing_data.open_spans(own),
            ended=ends.get(worker_id),
            enrolled=enrolled.get(worker_id, []),
            records=records,
            window_start=window_start,
            due_until=due_until,
        )
        findings.sync(
            session=session,
            worker_id=worker_id,
            kinds={kinds.MISSING_PERIOD},
            findings=[missing_data.finding(item) for item in items],
            now=now,
            signals=own,
            flush=False,
        )
