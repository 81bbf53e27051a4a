"""Who is calling: a worker (a citizen, own data only) or a staff member with roles in one municipality."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles of the app API (DESIGN §6); the staff values match gateway.store.staff.ROLES."""

    WORKER = "worker"
    CONSULTANT = "consultant"
    TEAM_LEAD = "team_lead"
    AUDITOR = "auditor"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.CONSULTANT, Role.TEAM_LEAD, Role.AUDITOR, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class WorkerPrincipal:
    """A flex worker signed in (e.g. with DigiD); identified by the worker id, never by the BSN."""

    worker_id: str
    municipality_id: str

    @property
    def actor(self) -> str:
        """How the audit log names this person."""
        return f"worker:{self.worker_id}"


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    """A municipal staff member with the roles both the identity provider and Loonbrug grant."""

    staff_id: str
    subject: str
    municipality_id: str
    roles: frozenset[Role]

    @property
    def actor(self) -> str:
        """How the audit log names this person."""
        return f"staff:{self.staff_id}"


Principal = WorkerPrincipal | StaffPrincipal


@dataclass(frozen=True, slots=True)
class StaffActor:
    """A staff member acting in one role: the role that let the request through, recorded in the audit."""

    principal: StaffPrincipal
    role: Role

    @property
    def staff_id(self) -> str:
        """The staff member's id."""
        return self.principal.staff_id

    @property
    def municipality_id(self) -> str:
        """The municipality the staff member works for."""
        return self.principal.municipality_id

    @property
    def actor(self) -> str:
        """How the audit log names this person."""
        return self.principal.actor
