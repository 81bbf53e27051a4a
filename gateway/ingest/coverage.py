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
from gateway.security.keyring import LEGACY_INDEX_KID
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

    Blind indexes are keyed per municipality, so each BSN is indexed under the key of every municipality
    where the agency has enrolled workers (and every index key still readable during a rotation); a row
    found counts only when its municipality and key id are the ones its index was computed for.
    """
    keyring = sealer.keyring
    municipalities = repository.enrolled_municipalities(session, agency_id=agency_id)
    keys: list[tuple[str, str | None, bytes]] = []
    for kid in keyring.index_kids:
        if kid == LEGACY_INDEX_KID:
            # A format-1 index is the same in every municipality.
            keys.append((kid, None, keyring.index_key(kid, "")))
        else:
            keys.extend(
                (kid, municipality, keyring.index_key(kid, municipality)) for municipality in municipalities
            )
    # One HMAC per distinct BSN and key, one query for all of them.
    wanted: dict[str, tuple[str, str, str | None]] = {}
    for bsn in {r.bsn for r in records}:
        for kid, municipality, key in keys:
            wanted[rows.bsn_index(bsn, key)] = (bsn, kid, municipality)
    found = repository.enrollments_by_bsn_index(session, agency_id=agency_id, bsn_indexes=wanted.keys())
    per_bsn: dict[str, dict[str, Spans]] = {}
    for enrolled in found:
        bsn, kid, municipality = wanted[enrolled.bsn_index]
        if kid != enrolled.bsn_index_kid or municipality not in (None, enrolled.municipality_id):
            continue
        spans = per_bsn.setdefault(bsn, defaultdict(list))[enrolled.worker_id]
        spans.append((enrolled.valid_from, enrolled.valid_to))
    return {
        bsn: {worker: spans if len(spans) == 1 else _merge(spans) for worker, spans in per_worker.items()}
        for bsn, per_worker in per_bsn.items()
    }


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
