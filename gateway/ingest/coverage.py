"""Who a record is for: the worker with this BSN enrolled with this agency over the whole period.

An agency may only push for workers enrolled with it (DESIGN §3). Enrollments that follow each other
day after day count as one; a BSN enrolled in two municipalities over the same period is ambiguous.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from gateway.ingest import repository, rows
from gateway.store.sealing import Sealer
from schemas.pay_record import PayRecord
from schemas.problems import InvalidParam

Spans = list[tuple[dt.date, dt.date | None]]
"""Enrollment spans (first day, last day or None when open)."""

WorkersByBsn = dict[str, dict[str, Spans]]
"""BSN → worker id → merged enrollment spans with the agency."""


def problem(index: int, field_name: str, code: str, reason: str) -> InvalidParam:
    """A problem with field `field_name` of the record at `index`."""
    return InvalidParam(name=f"records[{index}].{field_name}", code=code, reason=reason)


def enrolled_workers(
    session: Session, sealer: Sealer, agency_id: str, records: Sequence[PayRecord]
) -> WorkersByBsn:
    """Per BSN in `records`: the workers enrolled with the agency and their merged enrollment spans."""
    # One blind-index HMAC per distinct BSN, one query for all of them.
    keyring = sealer.keyring
    index_by_bsn = {bsn: rows.bsn_index(bsn, keyring) for bsn in {r.bsn for r in records}}
    found = repository.enrollments_by_bsn_index(
        session, agency_id=agency_id, bsn_indexes=index_by_bsn.values()
    )
    result: WorkersByBsn = {}
    for bsn, index in index_by_bsn.items():
        enrolled = found.get(index, ())
        if len(enrolled) == 1:
            # The common case: one enrollment, nothing to merge.
            worker_id, valid_from, valid_to = enrolled[0]
            result[bsn] = {worker_id: [(valid_from, valid_to)]}
            continue
        per_worker: dict[str, Spans] = defaultdict(list)
        for worker_id, valid_from, valid_to in enrolled:
            per_worker[worker_id].append((valid_from, valid_to))
        result[bsn] = {worker: _merge(spans) for worker, spans in per_worker.items()}
    return result


def _merge(spans: Spans) -> Spans:
    """Join enrollments that overlap or follow each other day after day."""
    merged: Spans = []
    for start, end in sorted(spans, key=lambda span: span[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if start <= last_end + dt.timedelta(days=1):
                merged[-1] = (last_start, None if end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def worker_for(record: PayRecord, index: int, workers_by_bsn: WorkersByBsn) -> str | InvalidParam:
    """The one worker enrolled over the record's whole period, or the problem why there is none."""
    covering = [
        worker
        for worker, spans in workers_by_bsn.get(record.bsn, {}).items()
        if any(
            start <= record.period_start and (end is None or end >= record.period_end) for start, end in spans
        )
    ]
    if len(covering) == 1:
        return covering[0]
    if not covering:
        return problem(
            index,
            "bsn",
            "worker_not_enrolled",
            "Deze werknemer staat niet over het hele tijdvak bij dit uitzendbureau ingeschreven.",
        )
    return problem(
        index,
        "bsn",
        "worker_ambiguous",
        "Deze werknemer is over dit tijdvak in meer dan één gemeente ingeschreven; neem contact op met de"
        " gemeente.",
    )
