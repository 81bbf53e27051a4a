"""`loonbrug token --worker BSN_OR_ID | --consultant SUB | --team-lead SUB | --auditor SUB | --admin SUB`.

Prints a bearer token of the built-in development issuer for trying the app API with curl, e.g.
`curl -H "Authorization: Bearer $(loonbrug token --worker 999900006)" http://127.0.0.1:8001/v1/mij/weken`.
Refused in production settings and when LOONBRUG_DEV_ISSUER is off. Only the token goes to stdout;
the BSN is never printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth import repository
from app_api.auth.principal import Role
from app_api.config import AppApiSettings, IssuerKind
from app_api.dev_issuer import DevIssuer, DevIssuerRefused
from gateway.security import keyring as keyrings
from gateway.security.blind_index import normalise_bsn
from gateway.settings import get_settings
from gateway.store import workers
from gateway.store.db import Database
from gateway.store.models import Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn

_STAFF_OPTIONS = (
    ("consultant", Role.CONSULTANT),
    ("team_lead", Role.TEAM_LEAD),
    ("auditor", Role.AUDITOR),
    ("admin", Role.ADMIN),
)


class TokenRefused(Exception):
    """No token can be made for this request; the message says why without personal data."""


def register(subparsers: Any) -> None:
    """Add `loonbrug token`."""
    parser = subparsers.add_parser(
        "token",
        description="Maakt een bearer-token van de ingebouwde ontwikkel-identiteitsuitgever.",
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--worker", metavar="BSN_OF_ID", help="werkende, bij BSN of Loonbrug-id")
    who.add_argument("--consultant", metavar="SUBJECT", help="inkomensconsulent, bij IdP-subject")
    who.add_argument("--team-lead", dest="team_lead", metavar="SUBJECT", help="teamleider")
    who.add_argument("--auditor", metavar="SUBJECT", help="auditor")
    who.add_argument("--admin", metavar="SUBJECT", help="beheerder")
    parser.add_argument("--municipality", metavar="CBS", help="CBS-code van de gemeente, bijv. GM0599")
    parser.add_argument("--minutes", type=int, default=60, help="geldigheid in minuten (standaard 60)")
    parser.set_defaults(handler=_token)


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
    subject) in `role`; `TokenRefused` when no such person exists (also used by `loonbrug demo`)."""
    with database.sessions() as session:
        if role is Role.WORKER:
            return _worker_token(
                issuer=issuer, session=session, sealer=sealer, value=who, cbs=municipality, lifetime=lifetime
            )
        return _staff_token(
            issuer=issuer, session=session, subject=who, role=role, cbs=municipality, lifetime=lifetime
        )


def _token(args: argparse.Namespace) -> int:
    if not 1 <= args.minutes <= 24 * 60:
        print("--minutes ligt tussen 1 en 1440", file=sys.stderr)
        return 2
    settings = get_settings()
    try:
        issuer = DevIssuer.from_settings(settings, AppApiSettings())
    except DevIssuerRefused as exc:
        print(f"geweigerd: {exc}", file=sys.stderr)
        return 2
    if args.worker is not None:
        role, who = Role.WORKER, args.worker
    else:
        option, role = next((name, role) for name, role in _STAFF_OPTIONS if getattr(args, name))
        who = getattr(args, option)
    database = Database.from_settings(settings)
    try:
        token = make_token(
            issuer=issuer,
            database=database,
            sealer=Sealer(keyrings.load_for(settings)),
            role=role,
            who=who,
            municipality=args.municipality,
            lifetime=dt.timedelta(minutes=args.minutes),
        )
    except TokenRefused as exc:
        print(f"geweigerd: {exc}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(token)
    return 0
