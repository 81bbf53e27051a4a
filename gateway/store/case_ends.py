"""The end of a benefit case (beëindiging): append-only, the last recorded entry counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import CaseEnd
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from schemas.periods import IsoWeek, Month

_NOTE = "note_encrypted"


@dataclass(frozen=True, slots=True)
class EndEntry:
    """The end that counts now; `end_date` None when the last entry withdrew an end."""

    end_date: dt.date | None
    reason: EndReason | None
    recorded_by: str
    recorded_at: dt.datetime
    entry_id: str


def record(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    end_date: dt.date | None,
    reason: EndReason | None,
    recorded_by: str,
    note: str | None = None,
) -> CaseEnd:
    """Record that the case ends on `end_date` for `reason`, or (both None) withdraw an earlier end."""
    if (end_date is None) != (reason is None):
        raise ValueError("an end has both a date and a reason; a withdrawal has neither")
    row = CaseEnd(
        worker_id=worker_id,
        end_date=end_date,
        reason=None if reason is None else reason.value,
        recorded_by=recorded_by,
    )
    if note is not None:
        sealer.put_text(row, _NOTE, note)
    session.add(row)
    session.flush()
    return row


def current(*, session: Session, worker_id: str) -> EndEntry | None:
    """The newest entry of a worker, or None when no end was ever recorded."""
    statement = (
        select(CaseEnd)
        .where(CaseEnd.worker_id == worker_id)
        .order_by(CaseEnd.recorded_at.desc(), CaseEnd.id.desc())
        .limit(1)
    )
    row = session.scalars(statement).first()
    return None if row is None else _entry(row)


def current_for_workers(*, session: Session, worker_ids: Collection[str]) -> dict[str, EndEntry]:
    """`current` of each of `worker_ids` in one query; a worker without entries is left out."""
    statement = (
        select(CaseEnd)
        .where(CaseEnd.worker_id.in_(sorted(set(worker_ids))))
        .order_by(CaseEnd.worker_id, CaseEnd.recorded_at, CaseEnd.id)
    )
    # Ascending, so the newest entry of each worker is the one left in the dictionary.
    return {row.worker_id: _entry(row) for row in session.scalars(statement)}


def _entry(row: CaseEnd) -> EndEntry:
    return EndEntry(
        row.end_date,
        None if row.reason is None else EndReason(row.reason),
        row.recorded_by,
        row.recorded_at,
        row.id,
    )


def shown_until(*, session: Session, worker_id: str) -> tuple[str, str]:
    """The last ISO week and month ("YYYY-Www", "YYYY-MM") of figures that still hold: after the end of a
    case, weeks after its last day and months after its final settlement were computed before the end
    was known and no longer count. Without an end, everything holds."""
    entry = current(session=session, worker_id=worker_id)
    if entry is None or entry.end_date is None:
        return "9999-W99", "9999-99"
    return str(IsoWeek.of(entry.end_date)), str(Month.of(entry.end_date).shift(1))
