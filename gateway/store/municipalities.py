"""Queries on municipalities (gemeenten), the tenants."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Municipality


def create(
    *, session: Session, cbs_code: str, name: str, policy: Mapping[str, Any] | None = None
) -> Municipality:
    """Register a municipality by its CBS code (e.g. GM0599)."""
    municipality = Municipality(cbs_code=cbs_code, name=name, policy=dict(policy or {}))
    session.add(municipality)
    session.flush()
    return municipality


def get(*, session: Session, municipality_id: str) -> Municipality | None:
    """The municipality with this id."""
    return session.get(Municipality, municipality_id)


def by_cbs_code(*, session: Session, cbs_code: str) -> Municipality | None:
    """The municipality with this CBS code."""
    return session.scalars(select(Municipality).where(Municipality.cbs_code == cbs_code)).one_or_none()


def set_policy(*, session: Session, municipality: Municipality, policy: Mapping[str, Any]) -> None:
    """Replace the municipality's policy parameters."""
    municipality.policy = dict(policy)
    session.flush()
