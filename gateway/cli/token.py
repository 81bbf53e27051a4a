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

from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer, DevIssuerRefused
from app_api.dev_tokens import TokenRefused, make_token
from gateway.security import keyring as keyrings
from gateway.settings import get_settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer

_STAFF_OPTIONS = (
    ("consultant", Role.CONSULTANT),
    ("team_lead", Role.TEAM_LEAD),
    ("auditor", Role.AUDITOR),
    ("admin", Role.ADMIN),
)


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
