"""The weekly missing-data check: enrolled pay periods without a pay record, for consultants and agencies.

For each worker and each agency they are enrolled with, the expected pay periods follow the agency's
cadence for that worker: the period type of its newest record (weeks and four-week periods continue from
that record's start; months are calendar months), or ISO weeks when nothing was received yet. A period
is missing when no current record of that agency covers any of its enrolled days and either its grace
period has passed (`graceDays` after it ends, see policy.json) or the agency already sent a later period
(a gap between two pay slips: this one is late, whatever the grace). Nothing is estimated for it
(DESIGN §4.2).

Each missing period is one consultant signal (`missing_period`, kept in step by gateway.jobs.findings):
a gap is the same cause as a missing period, so it is not signalled a second time as an anomaly. Besides
the weekly run, the outbox consumer checks a worker each time their pay slips arrive (with the batch
recompute, gateway.jobs.recompute), so a signal closes the moment the missing pay slip is stored, not a
week later.
Each agency with missing periods gets one stored notification per ISO week (outbox topic
`agency.missing_data`, ids and periods only), which the outbox consumer delivers as a signed webhook; a
consultant can also ask an agency about one period at once (`request_from_agency`), in a notification of
its own that does not count as the week's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gateway.jobs import findings, kinds
from gateway.jobs.clock import local_date
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.ledger import Enrolled, LedgerRecord, enrolled_parts
from gateway.jobs.policy import MissingDataPolicy
from gateway.store import case_ends, enrollments, pay_records
from gateway.store.models import Enrollment, OutboxEvent, PayRecord, Signal
from schemas.periods import IsoWeek, Month

JOB_NAME = "missing_data"
_REQUESTED = "requested"
"""Marks a notification a consultant asked for, beside the weekly one."""
_PERIOD_DAYS = {"week": 7, "vierweken": 28}


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One missing period of one worker at one agency."""

    agency_id: str
    worker_id: str
    start: dt.date
    end: dt.date
    period_type: str

    @property
    def key(self) -> str:
        """The stable identity of this finding."""
        return f"{self.agency_id}:{self.start.isoformat()}:{self.end.isoformat()}"


def expected_periods(
    *, period_type: str, anchor: dt.date, start: dt.date, end: dt.date
) -> Iterator[tuple[dt.date, dt.date]]:
    """The pay periods of a cadence that overlap `start`..`end`, earliest first.

    `anchor` is the first day of a known period (weeks and four-week periods run on from it, both ways).
    """
    if period_type == "maand":
        month = Month.of(start)
        while month.first_day <= end:
            yield month.first_day, month.last_day
            month = month.shift(1)
        return
    length = _PERIOD_DAYS[period_type]
    first = anchor + dt.timedelta(days=((start - anchor).days // length) * length)
    while first <= end:
        yield first, first + dt.timedelta(days=length - 1)
        first += dt.timedelta(days=length)


def missing_for_agency(
    *,
    worker_id: str,
    agency_id: str,
    enrolled: Enrolled,
    records: Sequence[PayRecord | LedgerRecord],
    window_start: dt.date,
    due_until: dt.date,
) -> list[MissingItem]:
    """The missing periods of one worker at one agency that ended on or before `due_until`, or before the
    start of the agency's newest record (a gap)."""
    newest = max(records, key=lambda r: r.period_start, default=None)
    if newest is not None:
        due_until = max(due_until, newest.period_start - dt.timedelta(days=1))
    period_type = "week" if newest is None else newest.period_type
    anchor = IsoWeek.of(window_start).monday if newest is None else newest.period_start
    spans = [(record.period_start, record.period_end) for record in records]
    items = []
    for period in expected_periods(period_type=period_type, anchor=anchor, start=window_start, end=due_until):
        if period[1] > due_until:
            break
        parts = enrolled_parts(period[0], period[1], enrolled)
        if not parts:
            continue
        covered = any(s <= last and e >= first for first, last in parts for s, e in spans)
        if not covered:
            items.append(MissingItem(agency_id, worker_id, parts[0][0], parts[-1][1], period_type))
    return items


def _workers_to_check(session: Session, window_start: dt.date, due_until: dt.date) -> list[str]:
    """Workers enrolled somewhere in the window, and workers with an open missing-period signal."""
    enrolled = select(Enrollment.worker_id).where(
        Enrollment.valid_from <= due_until,
        or_(Enrollment.valid_to.is_(None), Enrollment.valid_to >= window_start),
    )
    flagged = select(Signal.worker_id).where(
        Signal.kind == kinds.MISSING_PERIOD, Signal.resolved_at.is_(None)
    )
    return sorted(set(session.scalars(enrolled)) | set(session.scalars(flagged)))


def _open_signal_spans(session: Session, worker_id: str) -> list[tuple[dt.date, dt.date]]:
    """The periods of the worker's open missing-period signals."""
    statement = select(Signal).where(
        Signal.worker_id == worker_id, Signal.kind == kinds.MISSING_PERIOD, Signal.resolved_at.is_(None)
    )
    return open_spans(session.scalars(statement))


def open_spans(signals: Iterable[Signal]) -> list[tuple[dt.date, dt.date]]:
    """The periods of the open missing-period signals among `signals`."""
    return [
        (dt.date.fromisoformat(str(p["periodStart"])), dt.date.fromisoformat(str(p["periodEnd"])))
        for signal in signals
        if signal.kind == kinds.MISSING_PERIOD and signal.resolved_at is None
        for p in (signal.payload,)
        if "periodStart" in p and "periodEnd" in p
    ]


def check_worker(
    *, session: Session, worker_id: str, window_start: dt.date, due_until: dt.date, now: dt.datetime
) -> tuple[list[MissingItem], findings.SyncResult]:
    """Find one worker's missing periods and sync their signals; return the items with an open signal.

    The window reaches back to the oldest open signal and forward to the end of the newest, so a signal
    is resolved only by looking again (its pay slip arrived, the enrollment changed), never because this
    check runs with a shorter view than the one that raised it.
    """
    items = missing_items(
        worker_id=worker_id,
        open_spans=_open_signal_spans(session, worker_id),
        ended=case_ends.current(session=session, worker_id=worker_id),
        enrolled=enrollments.for_worker(session=session, worker_id=worker_id),
        records=pay_records.current_for_worker(session=session, worker_id=worker_id),
        window_start=window_start,
        due_until=due_until,
    )
    result = findings.sync(
        session=session,
        worker_id=worker_id,
        kinds={kinds.MISSING_PERIOD},
        findings=[finding(item) for item in items],
        now=now,
    )
    return [item for item in items if (kinds.MISSING_PERIOD, item.key) in result.open], result


def missing_items(
    *,
    worker_id: str,
    open_spans: Sequence[tuple[dt.date, dt.date]],
    ended: case_ends.EndEntry | None,
    enrolled: Sequence[Enrollment],
    records: Sequence[PayRecord | LedgerRecord],
    window_start: dt.date,
    due_until: dt.date,
) -> list[MissingItem]:
    """One worker's missing periods (see `check_worker`), from their open missing-period signals' spans,
    case end, enrollments and current records (by period start, as `pay_records.current_for_worker`)."""
    start = min([window_start, *(first for first, _ in open_spans)])
    due_until = max([due_until, *(last for _, last in open_spans)])
    by_agency: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    # After the end of the case (rule 12) no pay slip is needed any more, though the work goes on.
    last_day = None if ended is None else ended.end_date
    for enrollment in enrolled:
        valid_to = enrollment.valid_to
        if last_day is not None:
            if enrollment.valid_from > last_day:
                continue
            valid_to = last_day if valid_to is None else min(valid_to, last_day)
        by_agency[enrollment.agency_id].append((enrollment.valid_from, valid_to))
    items: list[MissingItem] = []
    for agency_id, periods in sorted(by_agency.items()):
        own = [record for record in records if record.agency_id == agency_id]
        items += missing_for_agency(
            worker_id=worker_id,
            agency_id=agency_id,
            enrolled=periods,
            records=own,
            window_start=start,
            due_until=due_until,
        )
    return items


def finding(item: MissingItem) -> findings.Finding:
    """The consultant signal's finding for one missing period."""
    payload = {
        "agencyId": item.agency_id,
        "periodStart": item.start.isoformat(),
        "periodEnd": item.end.isoformat(),
        "periodType": item.period_type,
    }
    return findings.Finding(kinds.MISSING_PERIOD, item.key, payload)


def request_from_agency(
    *, session: Session, agency_id: str, worker_id: str, start: dt.date, end: dt.date, now: dt.datetime
) -> OutboxEvent:
    """Store a notification asking one agency for one missing period now (a consultant's request)."""
    event = OutboxEvent(
        topic=kinds.AGENCY_MISSING_DATA,
        payload={
            "agencyId": agency_id,
            "week": str(IsoWeek.of(local_date(now))),
            "items": [
                {"workerId": worker_id, "periodStart": start.isoformat(), "periodEnd": end.isoformat()}
            ],
            _REQUESTED: True,
        },
        created_at=now,
        available_at=now,
    )
    session.add(event)
    session.flush()
    return event


def _already_notified(session: Session, agency_id: str, week: IsoWeek, now: dt.datetime) -> bool:
    """Whether this week's notification to the agency was stored (a consultant's request is not it)."""
    statement = select(OutboxEvent.payload).where(
        OutboxEvent.topic == kinds.AGENCY_MISSING_DATA, OutboxEvent.created_at >= now - dt.timedelta(days=8)
    )
    return any(
        p.get("agencyId") == agency_id and p.get("week") == str(week) and not p.get(_REQUESTED)
        for p in session.scalars(statement)
    )


def notify_agencies(*, session: Session, items: Sequence[MissingItem], now: dt.datetime) -> int:
    """Store one notification per agency with missing periods for this ISO week; return how many are new."""
    week = IsoWeek.of(local_date(now))
    by_agency: dict[str, list[MissingItem]] = defaultdict(list)
    for item in items:
        by_agency[item.agency_id].append(item)
    stored = 0
    for agency_id, agency_items in sorted(by_agency.items()):
        if _already_notified(session, agency_id, week, now):
            continue
        ordered = sorted(agency_items, key=lambda i: (i.worker_id, i.start))
        payload = {
            "agencyId": agency_id,
            "week": str(week),
            "items": [
                {"workerId": i.worker_id, "periodStart": i.start.isoformat(), "periodEnd": i.end.isoformat()}
                for i in ordered
            ],
        }
        session.add(
            OutboxEvent(topic=kinds.AGENCY_MISSING_DATA, payload=payload, created_at=now, available_at=now)
        )
        stored += 1
    session.flush()
    return stored


def run(*, context: JobContext, now: dt.datetime, policy: MissingDataPolicy) -> JobReport:
    """Run the missing-data check for every enrolled worker at `now`."""
    report = JobReport(JOB_NAME)
    today = local_date(now)
    due_until = today - dt.timedelta(days=policy.grace_days)
    window_start = IsoWeek.of(today - dt.timedelta(weeks=policy.lookback_weeks)).monday
    with context.sessions() as session:
        worker_ids = _workers_to_check(session, window_start, due_until)
    missing: list[MissingItem] = []
    for done, worker_id in enumerate(worker_ids, start=1):
        with context.sessions.begin() as session:
            items, result = check_worker(
                session=session, worker_id=worker_id, window_start=window_start, due_until=due_until, now=now
            )
        missing += items
        report.add("workers")
        report.add("signals_raised", result.raised)
        report.add("signals_resolved", result.resolved)
        context.progress(JOB_NAME, done, len(worker_ids))
    with context.sessions.begin() as session:
        report.add("agency_notifications", notify_agencies(session=session, items=missing, now=now))
    report.add("missing_periods", len(missing))
    return report
