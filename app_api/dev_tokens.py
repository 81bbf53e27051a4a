"""Development tokens for a person in the database: what `loonbrug token`, the development login page and
`loonbrug demo` hand out, signed by the development issuer (`app_api.dev_issuer`).

A worker is found by BSN (through the blind index) or by Loonbrug id, a staff member by IdP subject; the
token carries the same claims a real identity provider would send. Refused messages name no personal data.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth import repository
from app_api.auth.principal import Role
from app_api.config import IssuerKind
from app_api.dev_issuer import DevIssuer
from gateway.security.blind_index import normalise_bsn
from gateway.store import workers
from gateway.store.db import Database
from gateway.store.models import Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn


class TokenRefused(Exception):
    """No token can be made for this request; the message says why without personal data."""


def _municipality_code(session: Session, municipality_id: str) -> str:
    return session.scalars(select(Municipality.cbs_code).where(Municipality.id == municipality_id)).one()


def _worker_token(
    *,
    issuer: DevIssuer,
    session: Session,
    sealer: Sealer,
    value: str,
    cbs: str | None,
    lifetime: dt.timedelta,
) -> str:
    try:
        candidate = normalise_bsn(value)
    except ValueError:
        candidate = ""
    worker: Worker | None
    if is_valid_bsn(candidate):
        worker = repository.current_registration(
            session=session,
            registrations=repository.workers_by_bsn(
                session=session, keyring=sealer.keyring, bsn=candidate, cbs_code=cbs
            ),
            today=dt.date.today(),
        )
    else:
        worker = session.get(Worker, value)
    if worker is None:
        raise TokenRefused("geen werkende gevonden met dit BSN of id")
    bsn = workers.personal_details(sealer=sealer, worker=worker).bsn
    claims = {"bsn": bsn, "gemeente": _municipality_code(session, worker.municipality_id)}
    return issuer.issue(kind=IssuerKind.WORKER, subject=worker.id, claims=claims, lifetime=lifetime)


def _staff_token(
    *, issuer: DevIssuer, session: Session, subject: str, role: Role, cbs: str | None, lifetime: dt.timedelta
) -> str:
    statement = (
        select(StaffMember, Municipality.cbs_code)
        .join(Municipality, Municipality.id == StaffMember.municipality_id)
        .where(StaffMember.subject == subject)
    )
    if cbs is not None:
        statement = statement.where(Municipality.cbs_code == cbs)
    found = session.execute(statement).all()
    if not found:
        raise TokenRefused(f"geen medewerker met subject {subject}")
    if len(found) > 1:
        raise TokenRefused("dit subject bestaat in meer gemeenten; kies er een met --municipality")
    member, code = found[0]
    if role.value not in member.roles:
        raise TokenRefused(f"medewerker {subject} heeft de rol {role.value} niet")
    claims = {"roles": [role.value], "gemeente": code, "name": member.display_name}
    return issuer.issue(kind=IssuerKind.STAFF, subject=subject, claims=claims, lifetime=lifetime)


def make_token(
    *,
    issuer: DevIssuer,
    database: Database,
    sealer: Sealer,
    role: Role,
    who: str,
    municipality: str | None = None,
    lifetime: dt.timedelta = dt.timedelta(hours=1),
) -> str:
    """A development token for a worker (`who` is a BSN or worker id) or a staff member (`who` is the
    subject) in `role`; `TokenRefused` when no such person exists."""
    with database.sessions() as session:
        if role is Role.WORKER:
            return _worker_token(
                issuer=issuer, session=session, sealer=sealer, value=who, cbs=municipality, lifetime=lifetime
            )
        return _staff_token(
            issuer=issuer, session=session, subject=who, role=role, cbs=municipality, lifetime=lifetime
        )
