"""The lookups that turn a verified token into a worker or a staff member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.security.keyring import Keyring
from gateway.store import case_ends
from gateway.store.models import BenefitCaseFact, Municipality, StaffMember, Worker


def workers_by_bsn(*, session: Session, keyring: Keyring, bsn: str, cbs_code: str | None) -> list[Worker]:
    """Every registration of this (normalised, valid) BSN: in the named municipality, or in every one.

    The blind index is keyed per municipality, so the BSN is indexed under each municipality's key (and
    every index key still readable during a rotation); a row counts only for the municipality and key id
    its index was computed for, so another municipality's person can never match.
    """
    municipalities = select(Municipality.id)
    if cbs_code is not None:
        municipalities = municipalities.where(Municipality.cbs_code == cbs_code)
    wanted: dict[tuple[str, str], str] = {}
    for municipality_id in session.scalars(municipalities):
        for kid, index in keyring.bsn_indexes(bsn, municipality_id=municipality_id).items():
            wanted[(municipality_id, kid)] = index
    if not wanted:
        return []
    statement = select(Worker).where(Worker.bsn_index.in_(sorted(set(wanted.values()))))
    return [
        worker
        for worker in session.scalars(statement)
        if wanted.get((worker.municipality_id, worker.bsn_index_kid)) == worker.bsn_index
    ]


def current_registration(
    *, session: Session, registrations: Sequence[Worker], today: dt.date
) -> Worker | None:
    """The registration a citizen signs in to when the token names no municipality.

    A person has bijstand from one municipality at a time (where they live), so the registration whose
    case runs today wins: one with recorded case facts and no end before today. A registration without
    any case facts (a municipality that only just registered the BSN) is never preferred over one with a
    case. Among equals the newest registration counts: after a move, that is where the benefit runs now.
    """
    if len(registrations) <= 1:
        return registrations[0] if registrations else None
    ids = [worker.id for worker in registrations]
    with_facts = set(
        session.scalars(select(BenefitCaseFact.worker_id).where(BenefitCaseFact.worker_id.in_(ids)))
    )
    ended = {
        worker_id
        for worker_id in with_facts
        if (end := case_ends.current(session=session, worker_id=worker_id)) is not None
        and end.end_date is not None
        and end.end_date < today
    }

    def rank(worker: Worker) -> tuple[bool, bool, dt.datetime, str]:
        has_case = worker.id in with_facts
        return (has_case and worker.id not in ended, has_case, worker.created_at, worker.id)

    return max(registrations, key=rank)


def staff_by_subject(*, session: Session, cbs_code: str, subject: str) -> StaffMember | None:
    """The staff member of the municipality with this CBS code known by this identity-provider subject."""
    statement = (
        select(StaffMember)
        .join(Municipality, Municipality.id == StaffMember.municipality_id)
        .where(Municipality.cbs_code == cbs_code, StaffMember.subject == subject)
    )
    return session.scalars(statement).one_or_none()
