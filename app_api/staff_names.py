"""People by name: the audit actor of a step or decision (`staff:<id>`, `system:…`, `cli:…`) as a reader
sees it, never an id fragment."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import StaffMember

STAFF_PREFIX = "staff:"
SYSTEM = "Loonbrug (automatisch)"
COMMAND_LINE = "een beheerder (opdrachtregel)"
UNKNOWN = "een medewerker"
"""A staff member of another municipality, or one removed since: their name is not ours to show."""


def names(*, session: Session, municipality_id: str, actors: Iterable[str]) -> dict[str, str]:
    """Each actor's display name; staff of other municipalities read as 'een medewerker'."""
    wanted = set(actors)
    staff_ids = sorted(
        {actor.removeprefix(STAFF_PREFIX) for actor in wanted if actor.startswith(STAFF_PREFIX)}
    )
    found: dict[str, str] = {}
    if staff_ids:
        statement = select(StaffMember.id, StaffMember.display_name).where(
            StaffMember.id.in_(staff_ids), StaffMember.municipality_id == municipality_id
        )
        found = {f"{STAFF_PREFIX}{staff_id}": name for staff_id, name in session.execute(statement)}
    return {actor: found.get(actor) or _other(actor) for actor in wanted}


def _other(actor: str) -> str:
    if actor.startswith("system:"):
        return SYSTEM
    if actor.startswith("cli:"):
        return COMMAND_LINE
    return UNKNOWN
