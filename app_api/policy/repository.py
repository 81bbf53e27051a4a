"""The engine's default policy and a municipality's stored choices."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from gateway.engine import load_default_policy
from gateway.jobs.worker_inputs import municipal_policy
from gateway.store import municipalities
from schemas.case import MunicipalPolicy


@lru_cache(maxsize=1)
def default_policy() -> MunicipalPolicy:
    """The default policy shipped with the engine, read once."""
    return load_default_policy()


def stored_policy(*, session: Session, municipality_id: str) -> dict[str, Any]:
    """The choices a municipality stored (only those it made; the rest is the default)."""
    municipality = municipalities.get(session=session, municipality_id=municipality_id)
    return dict(municipality.policy) if municipality is not None else {}


def merged(stored: dict[str, Any]) -> MunicipalPolicy:
    """The stored choices over the default, merged exactly as the recompute job merges them."""
    return municipal_policy(stored=stored, default=default_policy())
