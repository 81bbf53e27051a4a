"""Queries on a worker's enrollments with the agency names."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Agency, Enrollment


def with_agencies(*, session: Session, worker_id: str) -> list[tuple[Enrollment, str]]:
    """The worker's enrollments with the agency name, earliest first."""
    statement = (
        select(Enrollment, Agency.name)
        .join(Agency, Agency.id == Enrollment.agency_id)
        .where(Enrollment.worker_id == worker_id)
        .order_by(Enrollment.valid_from, Agency.name, Enrollment.id)
    )
    return [(enrollment, name) for enrollment, name in session.execute(statement)]


def one(*, session: Session, worker_id: str, enrollment_id: str) -> Enrollment | None:
    """One enrollment of this worker."""
    enrollment = session.get(Enrollment, enrollment_id)
    return enrollment if enrollment is not None and enrollment.worker_id == worker_id else None
