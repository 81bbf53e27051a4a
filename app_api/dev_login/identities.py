"""Who can sign in at the development login, and their tokens.

The access token is exactly what `loonbrug token` prints (app_api.dev_tokens.make_token signs it with
the development issuer's key); the ID token, for the page, carries the same subject, the page's
`nonce` and a display name, never a BSN.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select

from app_api.auth.principal import Role
from app_api.config import IssuerKind
from app_api.dev_issuer import ALGORITHM, DevIssuer
from app_api.dev_login.codes import IssuedTokens
from app_api.dev_tokens import make_token
from gateway.store import workers
from gateway.store.db import Database
from gateway.store.models import Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer

LIFETIME = dt.timedelta(hours=1)
MAX_LISTED = 50
ROLE_LABELS = {
    Role.CONSULTANT: "inkomensconsulent",
    Role.TEAM_LEAD: "teamleider",
    Role.AUDITOR: "auditor",
    Role.ADMIN: "beheerder",
}


@dataclass(frozen=True, slots=True)
class Identity:
    """A person on the login page: `choice` is what the form sends back."""

    choice: str
    name: str
    detail: str


@dataclass(frozen=True, slots=True)
class Choice:
    """Who signs in: a worker (BSN or Loonbrug id) or a staff subject in a role and municipality."""

    role: Role
    who: str
    municipality: str | None = None

    @classmethod
    def parse(cls, value: str) -> Choice:
        """The choice a login button carries: `worker <id>` or `<role> <cbs> <subject>`."""
        kind, _, rest = value.partition(" ")
        if kind == Role.WORKER.value and rest:
            return cls(role=Role.WORKER, who=rest)
        cbs, _, subject = rest.partition(" ")
        if kind not in {role.value for role in ROLE_LABELS} or not cbs or not subject:
            raise ValueError("onbekende keuze")
        return cls(role=Role(kind), who=subject, municipality=cbs)


def listed(*, database: Database, sealer: Sealer, kind: IssuerKind) -> list[Identity]:
    """The people of the test or demo database who can sign in at this realm, in a stable order."""
    with database.sessions() as session:
        if kind is IssuerKind.WORKER:
            rows = session.execute(
                select(Worker, Municipality.name)
                .join(Municipality, Municipality.id == Worker.municipality_id)
                .order_by(Municipality.name, Worker.created_at, Worker.id)
                .limit(MAX_LISTED)
            ).all()
            people = [
                Identity(
                    choice=f"{Role.WORKER.value} {worker.id}",
                    name=workers.personal_details(sealer=sealer, worker=worker).name,
                    detail=f"werkende · gemeente {municipality}",
                )
                for worker, municipality in rows
            ]
            return sorted(people, key=lambda person: (person.detail, person.name))
        staff = session.execute(
            select(StaffMember, Municipality.cbs_code, Municipality.name)
            .join(Municipality, Municipality.id == StaffMember.municipality_id)
            .order_by(Municipality.name, StaffMember.display_name, StaffMember.subject)
            .limit(MAX_LISTED)
        ).all()
        return [
            Identity(
                choice=f"{role.value} {cbs} {member.subject}",
                name=member.display_name,
                detail=f"{label} · gemeente {municipality}",
            )
            for member, cbs, municipality in staff
            for role, label in ROLE_LABELS.items()
            if role.value in member.roles
        ]


def tokens_for(
    *, issuer: DevIssuer, database: Database, sealer: Sealer, choice: Choice, nonce: str
) -> IssuedTokens:
    """Sign the access token and the ID token; `app_api.dev_tokens.TokenRefused` if nobody matches."""
    access = make_token(
        issuer=issuer,
        database=database,
        sealer=sealer,
        role=choice.role,
        who=choice.who,
        municipality=choice.municipality,
        lifetime=LIFETIME,
    )
    claims = jwt.decode(access, KeySet(list(issuer.public_keys().values())), algorithms=[ALGORITHM]).claims
    kind = IssuerKind.WORKER if choice.role is Role.WORKER else IssuerKind.STAFF
    name = claims.get("name") if kind is IssuerKind.STAFF else _worker_name(database, sealer, claims["sub"])
    id_claims = {"nonce": nonce, "name": name, "auth_time": claims["iat"]}
    if kind is IssuerKind.STAFF:
        id_claims["roles"] = claims.get("roles", [])
    identity = issuer.issue(kind=kind, subject=str(claims["sub"]), claims=id_claims, lifetime=LIFETIME)
    return IssuedTokens(access_token=access, id_token=identity, expires_in=int(LIFETIME.total_seconds()))


def _worker_name(database: Database, sealer: Sealer, worker_id: str) -> str | None:
    with database.sessions() as session:
        worker = session.get(Worker, worker_id)
        return None if worker is None else workers.personal_details(sealer=sealer, worker=worker).name
