"""Queries on agencies, bookkeepers and keys that the store's repositories do not have."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Agency, AgencyKey


def page(*, session: Session, kind: str, offset: int, limit: int) -> list[Agency]:
    """Agencies (or bookkeepers: `kind`, gateway.store.bookkeepers) by name."""
    statement = select(Agency).where(Agency.kind == kind).order_by(Agency.name, Agency.id)
    return list(session.scalars(statement.offset(offset).limit(limit)))


def keys(*, session: Session, agency_id: str) -> list[AgencyKey]:
    """Every key of an agency, revoked ones too, oldest first."""
    statement = (
        select(AgencyKey).where(AgencyKey.agency_id == agency_id).order_by(AgencyKey.created_at, AgencyKey.id)
    )
    return list(session.scalars(statement))


def kid_taken(*, session: Session, agency_id: str, kid: str) -> bool:
    """True when the agency ever registered a key with this id (a revoked id is not reused)."""
    statement = select(AgencyKey.id).where(AgencyKey.agency_id == agency_id, AgencyKey.kid == kid)
    return session.scalars(statement.limit(1)).first() is not None
