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
    """Per BSN in `records`: the workers enrolled with the agency and their merged enrollment spans.

    Each enrollment carries its worker's BSN indexed under the agency's own key, so each distinct BSN
    costs one HMAC (one per readable index key during a key rotation) and the lookup is one statement,
    whatever number of municipalities the agency serves. An enrollment found counts only under the key id
    its index was made with. Enrollments not indexed yet (made before the index existed, or without the
    keyring at hand) come back with their worker's sealed BSN: they are indexed here, once, in this
    transaction.
    """
    keyring = sealer.keyring
    keys = [(kid, keyring.agency_index_key(kid, agency_id)) for kid in keyring.enrollment_index_kids]
    wanted: dict[str, tuple[str, str]] = {}
    for bsn in {r.bsn for r in records}:
        for kid, key in keys:
            wanted[rows.bsn_index(bsn, key)] = (bsn, kid)
    found = repository.enrollments_by_agency_index(session, agency_id=agency_id, bsn_indexes=wanted.keys())
    filled = _index_new(session, sealer, agency_id, found)
    per_bsn: dict[str, dict[str, Spans]] = {}
    for enrolled in found:
        index, kid = filled.get(enrolled.id, (enrolled.bsn_index, enrolled.bsn_index_kid))
        match = wanted.get(index or "")
        if match is None or match[1] != kid:
            continue
        spans = per_bsn.setdefault(match[0], defaultdict(list))[enrolled.worker_id]
        spans.append((enrolled.valid_from, enrolled.valid_to))
    return {
        bsn: {worker: spans if len(spans) == 1 else _merge(spans) for worker, spans in per_worker.items()}
        for bsn, per_worker in per_bsn.items()
    }


def _index_new(
    session: Session, sealer: Sealer, agency_id: str, found: Sequence[repository.AgencyEnrollment]
) -> dict[str, tuple[str, str]]:
    """Index the enrollments that have no index yet under the active key; by enrollment id."""
    keyring = sealer.keyring
    filled: dict[str, tuple[str, str]] = {}
    for enrolled in found:
        if enrolled.bsn_index is None and enrolled.sealed_bsn is not None:
            bsn = sealer.open_text(
                table="worker", column="bsn_encrypted", row_id=enrolled.worker_id, sealed=enrolled.sealed_bsn
            )
            filled[enrolled.id] = (
                keyring.enrollment_index(bsn, agency_id=agency_id),
                keyring.active_index_kid,
            )
    repository.index_enrollments(session, indexes=[(id_, index, kid) for id_, (index, kid) in filled.items()])
    return filled


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
    first, last = record.period_start, record.period_end
    # Plain loops: this runs once per record of every push.
    covering = []
    for worker, spans in workers_by_bsn.get(record.bsn, {}).items():
        for start, end in spans:
            if start <= first and (end is None or end >= last):
                covering.append(worker)
                break
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
