"""Queries on agencies (OAuth clients) and their registered public keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.base import utcnow
from gateway.store.models import Agency, AgencyKey

SIGNING_ALGORITHMS = frozenset({"ES256", "PS256"})
# Members that only a private (or symmetric) JWK has; such a key must never be stored here.
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


def create(
    *,
    session: Session,
    name: str,
    client_id: str,
    webhook_url: str | None = None,
    managed_by_municipality_id: str | None = None,
) -> Agency:
    """Register an agency with its OAuth client id, managed by a municipality or (None) the platform."""
    agency = Agency(
        name=name,
        client_id=client_id,
        webhook_url=webhook_url,
        managed_by_municipality_id=managed_by_municipality_id,
    )
    session.add(agency)
    session.flush()
    return agency


def get(*, session: Session, agency_id: str) -> Agency | None:
    """The agency with this id, whoever manages it (any municipality may enrol workers with it)."""
    return session.get(Agency, agency_id)


def managed_by(*, session: Session, agency_id: str, municipality_id: str) -> Agency | None:
    """The agency with this id if `municipality_id` manages it; None for another's or the platform's."""
    statement = select(Agency).where(
        Agency.id == agency_id, Agency.managed_by_municipality_id == municipality_id
    )
    return session.scalars(statement).one_or_none()


def set_manager(*, session: Session, agency: Agency, municipality_id: str | None) -> None:
    """Hand the agency to a municipality's administrators, or (None) to the platform operator."""
    agency.managed_by_municipality_id = municipality_id
    session.flush()


def by_client_id(*, session: Session, client_id: str) -> Agency | None:
    """The agency with this OAuth client id."""
    return session.scalars(select(Agency).where(Agency.client_id == client_id)).one_or_none()


def add_key(
    *, session: Session, agency_id: str, kid: str, public_jwk: Mapping[str, Any], alg: str
) -> AgencyKey:
    """Register a public signing key (ES256 or PS256) for an agency; private key material is refused."""
    if alg not in SIGNING_ALGORITHMS:
        raise ValueError(f"algorithm {alg} not allowed; use ES256 or PS256")
    if _PRIVATE_MEMBERS & public_jwk.keys():
        raise ValueError("this JWK contains private key material; register the public key only")
    key = AgencyKey(agency_id=agency_id, kid=kid, public_jwk={**public_jwk, "kid": kid}, alg=alg)
    session.add(key)
    session.flush()
    return key


def active_keys(*, session: Session, agency_id: str) -> list[AgencyKey]:
    """The agency's keys that are not revoked, oldest first."""
    statement = (
        select(AgencyKey)
        .where(AgencyKey.agency_id == agency_id, AgencyKey.revoked_at.is_(None))
        .order_by(AgencyKey.created_at)
    )
    return list(session.scalars(statement))


def active_key(*, session: Session, agency_id: str, kid: str) -> AgencyKey | None:
    """The agency's unrevoked key with this key id."""
    statement = select(AgencyKey).where(
        AgencyKey.agency_id == agency_id, AgencyKey.kid == kid, AgencyKey.revoked_at.is_(None)
    )
    return session.scalars(statement).one_or_none()


def revoke_key(*, session: Session, agency_id: str, kid: str, at: dt.datetime | None = None) -> bool:
    """Revoke a key from now (or `at`); tell whether an active key was found."""
    key = active_key(session=session, agency_id=agency_id, kid=kid)
    if key is None:
        return False
    key.revoked_at = at or utcnow()
    session.flush()
    return True
