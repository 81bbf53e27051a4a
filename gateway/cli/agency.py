"""`loonbrug agency create NAME`: register an agency (an OAuth client) with its signing key.

In development the key pair is generated here and the private key written to
`<key dir>/agencies/<client id>.jwk.json` (mode 0600), ready for `loonbrug push`. In production an
agency makes its own key pair and hands over only the public key (`--public-key`): the gateway never
holds an agency's private key. Only the client id goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, Key, RSAKey

from gateway.security.jose_envelope import signature_algorithm
from gateway.settings import Environment, Settings, get_settings
from gateway.store import agencies
from gateway.store.db import Database

AGENCY_KEY_FOLDER = "agencies"


def register(subparsers: Any) -> None:
    """Add `loonbrug agency create`."""
    parser = subparsers.add_parser("agency", help="uitzendbureaus registreren")
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
    create.set_defaults(handler=_create)


def key_path(settings: Settings, client_id: str) -> Path:
    """Where `agency create` puts a development private key for `client_id`."""
    return settings.resolved_key_dir / AGENCY_KEY_FOLDER / f"{client_id}.jwk.json"


def _create(args: argparse.Namespace) -> int:
    settings = get_settings()
    client_id = args.client_id or _client_id_from(args.name)
    if args.public_key is not None:
        try:
            public = _read_public_key(args.public_key)
        except (OSError, ValueError) as error:
            print(f"publieke sleutel onbruikbaar: {error}", file=sys.stderr)
            return 2
        private: Key | None = None
    elif settings.dev_keys and settings.environment is Environment.DEVELOPMENT:
        private = (
            ECKey.generate_key("P-256", auto_kid=True)
            if args.alg == "ES256"
            else RSAKey.generate_key(3072, auto_kid=True)
        )
        public = type(private).import_key(private.as_dict(private=False))
    else:
        print(
            "buiten ontwikkeling maakt Loonbrug geen sleutels voor een uitzendbureau: geef --public-key",
            file=sys.stderr,
        )
        return 2
    database = Database.from_settings(settings)
    try:
        with database.transaction() as session:
            if agencies.by_client_id(session=session, client_id=client_id) is not None:
                print(f"client-id {client_id} bestaat al", file=sys.stderr)
                return 1
            agency = agencies.create(session=session, name=args.name, client_id=client_id)
            agencies.add_key(
                session=session,
                agency_id=agency.id,
                kid=str(public.kid),
                public_jwk=dict(public.as_dict(private=False)),
                alg=signature_algorithm(public),
            )
    finally:
        database.dispose()
    if private is not None:
        path = key_path(settings, client_id)
        write_private_key(
            path, {**private.as_dict(private=True), "kid": private.kid, "alg": signature_algorithm(private)}
        )
        print(f"privésleutel (alleen voor ontwikkeling) in {path}", file=sys.stderr)
    print(client_id)
    return 0


def _client_id_from(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "uitzendbureau"
    return f"{slug}-{secrets.token_hex(3)}"


def _read_public_key(path: Path) -> Key:
    document = json.loads(path.read_text(encoding="utf-8"))
    key: Key = ECKey.import_key(document) if document.get("kty") == "EC" else RSAKey.import_key(document)
    if key.is_private:
        raise ValueError("het bestand bevat een privésleutel; geef alleen de publieke sleutel")
    key.ensure_kid()
    return key


def write_private_key(path: Path, document: dict[str, Any]) -> None:
    """Write a development private key as a JWK file readable by its owner only; never overwrite one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
