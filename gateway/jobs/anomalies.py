"""Anomaly checks on a worker's current pay records, per agency, as consultant signals.

A skipped period between two records of one agency is a missing period (gateway.jobs.missing_data),
one signal for one cause; gap signals stored before that (`anomaly_gap`) are resolved by the next check.
- duplicate period (`anomaly_duplicate_period`): two current records of one agency whose periods
  overlap (a correction sent as a new record instead of naming the record it corrects).
- one pay date for two periods (`anomaly_shared_pay_date`): records of one agency for different
  periods with the same pay date; legitimate after a late payment, so a consultant may dismiss it.
- year-to-date jump (`anomaly_ytd_jump`): for two adjacent periods of one agency paid in the same
  calendar year (the tax year follows the pay date), each year-to-date figure must equal the previous
  one plus this record's figure, within the `ytdTolerance` of policy.json. Pairs sharing a pay date are
  skipped: which year-to-date such records carry is ambiguous, and they are flagged already.
Signal payloads name agencies, pay record ids, dates and the field concerned; never an amount.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.jobs import findings, kinds
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.ledger import LedgerRecord, current_records
from gateway.store.models import PayRecord, Signal
from gateway.store.sealing import Sealer

JOB_NAME = "anomalies"
_ONE_DAY = dt.timedelta(days=1)


def duplicate_periods(agency_id: str, records: Sequence[LedgerRecord]) -> list[findings.Finding]:
    """Pairs of records of one agency whose periods overlap."""
    result = []
    ordered = sorted(records, key=lambda r: (r.period_start, r.period_end, r.id))
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.period_start > first.period_end:
                break
            ids = sorted((first.id, second.id))
            payload = {
                "agencyId": agency_id,
                "payRecordIds": ids,
                "periodStart": max(first.period_start, second.period_start).isoformat(),
                "periodEnd": min(first.period_end, second.period_end).isoformat(),
            }
            result.append(findings.Finding(kinds.DUPLICATE_PERIOD, ":".join([agency_id, *ids]), payload))
    return result


def shared_pay_dates(agency_id: str, records: Sequence[LedgerRecord]) -> list[findings.Finding]:
    """Pay dates on which one agency paid two or more different periods."""
    by_date: dict[dt.date, list[LedgerRecord]] = defaultdict(list)
    for record in records:
        by_date[record.pay_date].append(record)
    result = []
    for pay_date, paid in sorted(by_date.items()):
        if len({(r.period_start, r.period_end) for r in paid}) < 2:
            continue
        ids = sorted(r.id for r in paid)
        payload = {"agencyId": agency_id, "payDate": pay_date.isoformat(), "payRecordIds": ids}
        result.append(
            findings.Finding(
                kinds.SHARED_PAY_DATE, ":".join([agency_id, pay_date.isoformat(), *ids]), payload
            )
        )
    return result


def _jump(previous: Decimal | None, current: Decimal | None, amount: Decimal, tolerance: Decimal) -> bool:
    return previous is not None and current is not None and abs(current - (previous + amount)) > tolerance


def ytd_jumps(agency_id: str, records: Sequence[LedgerRecord], tolerance: Decimal) -> list[findings.Finding]:
    """Year-to-date figures that do not follow from the adjacent previous record of the same tax year."""
    result = []
    ordered = sorted(records, key=lambda r: (r.period_start, r.period_end))
    for previous, current in pairwise(ordered):
        adjacent = current.period_start == previous.period_end + _ONE_DAY
        if (
            not adjacent
            or previous.pay_date.year != current.pay_date.year
            or previous.pay_date == current.pay_date
        ):
            continue
        checks = (
            ("ytdGross", previous.ytd_gross, current.ytd_gross, current.gross_wage),
            ("ytdNet", previous.ytd_net, current.ytd_net, current.net_wage),
        )
        for field_name, before, after, amount in checks:
            if _jump(before, after, amount, tolerance):
                payload = {
                    "agencyId": agency_id,
                    "field": field_name,
                    "payRecordId": current.id,
                    "previousPayRecordId": previous.id,
                }
                key = f"{agency_id}:{field_name}:{previous.id}:{current.id}"
                result.append(findings.Finding(kinds.YTD_JUMP, key, payload))
    return result


def check_worker(
    *, session: Session, sealer: Sealer, worker_id: str, tolerance: Decimal, now: dt.datetime
) -> findings.SyncResult:
    """Run every anomaly check on one worker's current records and sync the signals."""
    records = current_records(session=session, sealer=sealer, worker_id=worker_id)
    return findings.sync(
        session=session,
        worker_id=worker_id,
        kinds=kinds.ANOMALY_KINDS,
        findings=find(records, tolerance),
        now=now,
    )


def find(records: Sequence[LedgerRecord], tolerance: Decimal) -> list[findings.Finding]:
    """Every anomaly in one worker's current records (of every agency)."""
    by_agency: dict[str, list[LedgerRecord]] = defaultdict(list)
    for record in records:
        by_agency[record.agency_id].append(record)
    found: list[findings.Finding] = []
    for agency_id, own in sorted(by_agency.items()):
        found += duplicate_periods(agency_id, own)
        found += shared_pay_dates(agency_id, own)
        found += ytd_jumps(agency_id, own, tolerance)
    return found


def run(*, context: JobContext, now: dt.datetime, tolerance: Decimal) -> JobReport:
    """Check every worker with pay records, and every worker with an open anomaly signal."""
    report = JobReport(JOB_NAME)
    with context.sessions() as session:
        with_records = set(session.scalars(select(PayRecord.worker_id).distinct()))
        flagged = select(Signal.worker_id).where(
            Signal.kind.in_(sorted(kinds.ANOMALY_KINDS)), Signal.resolved_at.is_(None)
        )
        worker_ids = sorted(with_records | set(session.scalars(flagged)))
    for done, worker_id in enumerate(worker_ids, start=1):
        with context.sessions.begin() as session:
            result = check_worker(
                session=session, sealer=context.sealer, worker_id=worker_id, tolerance=tolerance, now=now
            )
        report.add("workers")
        report.add("signals_raised", result.raised)
        report.add("signals_resolved", result.resolved)
        context.progress(JOB_NAME, done, len(worker_ids))
    return report
