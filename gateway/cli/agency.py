"""`loonbrug agency create | assign | add-key | revoke-key`: agencies (OAuth clients) and their signing keys.

An agency made here is managed by the platform operator, unless `--municipality` hands it to that
municipality's administrators (who then manage its keys through the admin API). The keys of a
platform-managed agency are changed only here. The operator may change any agency's keys.

In development `create` generates the key pair and writes the private key to
`<key dir>/agencies/<client id>.jwk.json` (mode 0600), ready for `loonbrug push`. In production an
agency makes its own key pair and hands over only the public key (`--public-key`): the gateway never
holds an agency's private key. Only the client id goes to stdout. Every change is written to the audit
log with the actor `cli:<user>`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, RSAKey
from sqlalchemy.orm import Session

from app_api.agencies import keys as key_checks
from app_api.agencies import repository as agency_queries
from connectors.key_files import key_path, write_private_key
from gateway.security.jose_envelope import signature_algorithm
from gateway.settings import Environment, get_settings
from gateway.store import agencies, audit, municipalities
from gateway.store.db import Database
from gateway.store.models import Agency
from gateway.web.errors import InvalidInput

PURPOSE = "uitzendbureaubeheer"
CBS_HELP = "CBS-code van de gemeente die het bureau en zijn sleutels beheert, bijv. GM0599"


class Refused(Exception):
    """A change the database state does not allow (exit code 1)."""


# A kid is a base64url thumbprint, so one in 64 starts with "-", which argparse takes for an option.
KID_EPILOG = "Begint de KID met '-', zet er dan '--' voor: revoke-key CLIENT_ID -- -KID"


def register(subparsers: Any) -> None:
    """Add `loonbrug agency` and its subcommands."""
    parser = subparsers.add_parser("agency")
    commands = parser.add_subparsers(dest="agency_command", required=True, metavar="ACTIE")
    create = commands.add_parser("create", help="een uitzendbureau registreren en de client-id tonen")
    create.add_argument("name", help="naam van het uitzendbureau")
    create.add_argument("--client-id", help="gewenste client-id (standaard afgeleid van de naam)")
    create.add_argument(
        "--public-key", type=Path, help="publieke sleutel als JWK-bestand (verplicht buiten ontwikkeling)"
    )
    create.add_argument(
        "--alg", choices=["ES256", "PS256"], default="ES256", help="algoritme van een nieuwe sleutel"
    )
    create.add_argument("--municipality", metavar="CBS", help=f"{CBS_HELP} (standaard: het platform)")
    create.set_defaults(handler=_create)

    assign = commands.add_parser("assign", help="het beheer van een uitzendbureau overdragen")
    assign.add_argument("client_id", metavar="CLIENT_ID")
    owner = assign.add_mutually_exclusive_group(required=True)
    owner.add_argument("--municipality", metavar="CBS", help=CBS_HELP)
    owner.add_argument("--platform", action="store_true", help="alleen de platformbeheerder (deze CLI)")
    assign.set_defaults(handler=_assign)

    add_key = commands.add_parser("add-key", help="een publieke sleutel van een uitzendbureau registreren")
    add_key.add_argument("client_id", metavar="CLIENT_ID")
    add_key.add_argument("--public-key", type=Path, required=True, help="publieke sleutel als JWK-bestand")
    add_key.set_defaults(handler=add_key_command)

    revoke = commands.add_parser(
        "revoke-key", help="een sleutel van een uitzendbureau intrekken", epilog=KID_EPILOG
    )
    revoke.add_argument("client_id", metavar="CLIENT_ID")
    revoke.add_argument("kid", metavar="KID")
    revoke.set_defaults(handler=revoke_key_command)


def run_in_transaction(work: Callable[[Session], str]) -> int:
    """Run `work` in one transaction and print what it returns (0), or why it was refused (1)."""
    database = Database.from_settings(get_settings())
    try:
        with database.transaction() as session:
            output = work(session)
    except Refused as refused:
        print(f"geweigerd: {refused}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(output)
    return 0


def record_change(session: Session, municipality_id: str | None, action: str) -> None:
    """Audit one change made with the CLI, by `cli:<user>`, in the municipality's log (or the platform's)."""
    audit.append(
        session=session,
        actor=f"cli:{getpass.getuser()}",
        actor_role="admin",
        action=action,
        purpose=PURPOSE,
        result="success",
        municipality_id=municipality_id,
    )


def municipality_id_of(session: Session, cbs_code: str | None) -> str | None:
    """The id of the municipality with this CBS code (None for None); refused when there is none."""
    if cbs_code is None:
        return None
    municipality = municipalities.by_cbs_code(session=session, cbs_code=cbs_code)
    if municipality is None:
        raise Refused(f"geen gemeente met CBS-code {cbs_code}")
    return municipality.id


def _agency(session: Session, client_id: str) -> Agency:
    agency = agencies.by_client_id(session=session, client_id=client_id)
    if agency is None:
        raise Refused(f"geen uitzendbureau of boekhouder met client-id {client_id}")
    return agency


def _add(session: Session, agency: Agency, key: key_checks.CheckedKey) -> None:
    if agency_queries.kid_taken(session=session, agency_id=agency.id, kid=key.kid):
        raise Refused(f"{agency.client_id} heeft al een sleutel met kid {key.kid}")
    agencies.add_key(
        session=session, agency_id=agency.id, kid=key.kid, public_jwk=key.public_jwk, alg=key.alg
    )
    record_change(session, agency.managed_by_municipality_id, "agency_key.add")


def _create(args: argparse.Namespace) -> int:
    return create_client(args, register=agencies.create, what="uitzendbureau", action="agency.create")


def create_client(
    args: argparse.Namespace, *, register: Callable[..., Agency], what: str, action: str
) -> int:
    """`create` for an OAuth client of any kind: `register` makes its row (an agency or a bookkeeper),
    `what` names the kind in messages, `action` is the audit action."""
    settings = get_settings()
    client_id = args.client_id or _client_id_from(args.name, what)
    private: dict[str, Any] | None = None
    if args.public_key is not None:
        try:
            public = read_public_key(args.public_key)
        except ValueError as error:
            print(f"publieke sleutel onbruikbaar: {error}", file=sys.stderr)
            return 2
    elif settings.dev_keys and settings.environment is Environment.DEVELOPMENT:
        generated = (
            ECKey.generate_key("P-256", auto_kid=True)
            if args.alg == "ES256"
            else RSAKey.generate_key(3072, auto_kid=True)
        )
        alg = signature_algorithm(generated)
        public = key_checks.CheckedKey(
            kid=str(generated.kid), alg=alg, public_jwk=dict(generated.as_dict(private=False))
        )
        private = {**generated.as_dict(private=True), "kid": generated.kid, "alg": alg}
    else:
        print(
            f"buiten ontwikkeling maakt Loonbrug geen sleutels voor een {what}: geef --public-key",
            file=sys.stderr,
        )
        return 2

    def work(session: Session) -> str:
        if agencies.by_client_id(session=session, client_id=client_id) is not None:
            raise Refused(f"client-id {client_id} bestaat al")
        agency = register(
            session=session,
            name=args.name,
            client_id=client_id,
            managed_by_municipality_id=municipality_id_of(session, args.municipality),
        )
        record_change(session, agency.managed_by_municipality_id, action)
        _add(session, agency, public)
        return client_id

    code = run_in_transaction(work)
    if code == 0 and private is not None:
        path = key_path(settings, client_id)
        write_private_key(path, private)
        print(f"privésleutel (alleen voor ontwikkeling) in {path}", file=sys.stderr)
    return code


def _assign(args: argparse.Namespace) -> int:
    def work(session: Session) -> str:
        agency = _agency(session, args.client_id)
        previous = agency.managed_by_municipality_id
        manager = None if args.platform else municipality_id_of(session, args.municipality)
        agencies.set_manager(session=session, agency=agency, municipality_id=manager)
        # Both municipalities' audit logs show the handover: the one losing the agency, and the new one.
        for municipality_id in dict.fromkeys((previous, manager)):
            record_change(session, municipality_id, "agency.assign")
        return f"{agency.client_id} wordt beheerd door {args.municipality or 'het platform'}"

    return run_in_transaction(work)


def add_key_command(args: argparse.Namespace) -> int:
    """`add-key`: register a public key for an agency or bookkeeper."""
    try:
        key = read_public_key(args.public_key)
    except ValueError as error:
        print(f"publieke sleutel onbruikbaar: {error}", file=sys.stderr)
        return 2

    def work(session: Session) -> str:
        _add(session, _agency(session, args.client_id), key)
        return key.kid

    return run_in_transaction(work)


def revoke_key_command(args: argparse.Namespace) -> int:
    """`revoke-key`: revoke a key of an agency or bookkeeper."""

    def work(session: Session) -> str:
        agency = _agency(session, args.client_id)
        if not agencies.revoke_key(session=session, agency_id=agency.id, kid=args.kid):
            raise Refused(f"{agency.client_id} heeft geen actieve sleutel met kid {args.kid}")
        record_change(session, agency.managed_by_municipality_id, "agency_key.revoke")
        return f"sleutel {args.kid} van {agency.client_id} ingetrokken"

    return run_in_transaction(work)


def _client_id_from(name: str, what: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or what
    return f"{slug}-{secrets.token_hex(3)}"


def read_public_key(path: Path) -> key_checks.CheckedKey:
    """The public key in a JWK file, checked as the admin API checks it; ValueError when unusable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is geen leesbaar JWK-bestand ({type(error).__name__})") from None
    if not isinstance(document, dict):
        raise ValueError(f"{path} bevat geen JWK-object")
    try:
        return key_checks.check(document)
    except InvalidInput as refused:
        # The reasons never quote the key (app_api.agencies.keys), so they may be printed.
        raise ValueError("; ".join(param.reason for param in refused.invalid_params)) from None
