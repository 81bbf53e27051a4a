"""Queries on enrollments: which agency may push for which worker, over which dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gateway.store.models import Enrollment, Worker
from gateway.store.sealing import Sealer


def enroll(
    *,
    session: Session,
    worker_id: str,
    agency_id: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    sealer: Sealer | None = None,
) -> Enrollment:
    """Enrol a worker with an agency from a date (to a date, inclusive).

    With `sealer` the enrollment gets its blind index under the agency's key at once; without, the
    agency's next push (or `loonbrug keys reindex`) gives it one.
    """
    if valid_to is not None and valid_to < valid_from:
        raise ValueError("valid_to lies before valid_from")
    enrollment = Enrollment(
        worker_id=worker_id, agency_id=agency_id, valid_from=valid_from, valid_to=valid_to
    )
    if sealer is not None:
        worker = session.get_one(Worker, worker_id)
        bsn = sealer.get_text(worker, "bsn_encrypted")
        enrollment.bsn_index = sealer.keyring.enrollment_index(bsn, agency_id=agency_id)
        enrollment.bsn_index_kid = sealer.keyring.active_index_kid
    session.add(enrollment)
    session.flush()
    return enrollment


def end(*, session: Session, enrollment: Enrollment, valid_to: dt.date) -> None:
    """End an enrollment on `valid_to` (the last day it counts)."""
    if valid_to < enrollment.valid_from:
        raise ValueError("valid_to lies before valid_from")
    enrollment.valid_to = valid_to
    session.flush()


def for_worker(*, session: Session, worker_id: str) -> list[Enrollment]:
    """Every enrollment of a worker, earliest first."""
    statement = select(Enrollment).where(Enrollment.worker_id == worker_id).order_by(Enrollment.valid_from)
    return list(session.scalars(statement))


def is_enrolled(*, session: Session, worker_id: str, agency_id: str, start: dt.date, end: dt.date) -> bool:
    """True when the worker is enrolled with the agency on every day from `start` to `end`.

    Consecutive enrollments count together: one ending on the 10th and the next starting on the 11th
    cover a period across both.
    """
    statement = (
        select(Enrollment.valid_from, Enrollment.valid_to)
        .where(
            Enrollment.worker_id == worker_id,
            Enrollment.agency_id == agency_id,
            Enrollment.valid_from <= end,
            or_(Enrollment.valid_to.is_(None), Enrollment.valid_to >= start),
        )
        .order_by(Enrollment.valid_from)
    )
    covered_until = start - dt.timedelta(days=1)
    for valid_from, valid_to in session.execute(statement):
        if valid_from > covered_until + dt.timedelta(days=1):
            return False
        if valid_to is None:
            return True
        covered_until = max(covered_until, valid_to)
        if covered_until >= end:
            return True
    return False
