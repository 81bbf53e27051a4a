"""Queries on staff members: consultants, team leads, auditors and administrators."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import StaffMember

ROLES = frozenset({"consultant", "team_lead", "auditor", "admin"})


def create(
    *, session: Session, municipality_id: str, subject: str, display_name: str, roles: Iterable[str]
) -> StaffMember:
    """Register a staff member of a municipality by their identity-provider subject."""
    role_list = sorted(set(roles))
    unknown = set(role_list) - ROLES
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(sorted(unknown))}")
    member = StaffMember(
        municipality_id=municipality_id, subject=subject, display_name=display_name, roles=role_list
    )
    session.add(member)
    session.flush()
    return member


def get(*, session: Session, municipality_id: str, staff_id: str) -> StaffMember | None:
    """The staff member with this id in this municipality."""
    member = session.get(StaffMember, staff_id)
    return member if member is not None and member.municipality_id == municipality_id else None


def by_subject(*, session: Session, municipality_id: str, subject: str) -> StaffMember | None:
    """The staff member of this municipality with this IdP subject."""
    statement = select(StaffMember).where(
        StaffMember.municipality_id == municipality_id, StaffMember.subject == subject
    )
    return session.scalars(statement).one_or_none()
