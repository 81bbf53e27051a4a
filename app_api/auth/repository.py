"""The lookups that turn a verified token into a worker or a staff member (one query each)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Municipality, StaffMember, Worker


def worker_by_bsn_index(*, session: Session, bsn_index: str, cbs_code: str | None) -> Worker | None:
    """The worker with this blind index, in the named municipality when one is given.

    Without a municipality a person registered in two (who moved) is the newest registration: that is
    where the benefit runs now.
    """
    statement = select(Worker).where(Worker.bsn_index == bsn_index)
    if cbs_code is not None:
        statement = statement.join(Municipality, Municipality.id == Worker.municipality_id).where(
            Municipality.cbs_code == cbs_code
        )
    return session.scalars(statement.order_by(Worker.created_at.desc(), Worker.id.desc()).limit(1)).first()


def staff_by_subject(*, session: Session, cbs_code: str, subject: str) -> StaffMember | None:
    """The staff member of the municipality with this CBS code known by this identity-provider subject."""
    statement = (
        select(StaffMember)
        .join(Municipality, Municipality.id == StaffMember.municipality_id)
        .where(Municipality.cbs_code == cbs_code, StaffMember.subject == subject)
    )
    return session.scalars(statement).one_or_none()
