"""`loonbrug keys init | rotate | reencrypt | rotate-index | rotate-digest | reindex | retire | status`.

The keyring's field keys (`rotate`, then `reencrypt`) and its blind-index and digest keys
(`rotate-index` / `rotate-digest`, then `reindex`, then `retire`). Key material is never printed: only
key ids and the keyring's path.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from typing import Any

from gateway.cli.output import Progress, add_json_option, print_json
from gateway.security import keyring as keyrings
from gateway.security.gateway_keys import GatewayKeys
from gateway.settings import get_settings
from gateway.store import reencrypt, reindex
from gateway.store.db import Database
from gateway.store.sealing import Sealer


def _reporting_key_errors(
    handler: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Print a keyring problem as one readable line instead of a traceback."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except keyrings.KeyringError as exc:
            print(f"sleutelfout: {exc}", file=sys.stderr)
            return 2

    return run


def register(subparsers: Any) -> None:
    """Add `loonbrug keys` and its subcommands."""
    parser = subparsers.add_parser("keys")
    commands = parser.add_subparsers(dest="keys_command", required=True, metavar="ACTIE")
    commands.add_parser(
        "init", help="nieuwe sleutelset aanmaken (weigert een bestaande te overschrijven)"
    ).set_defaults(handler=_init)
    commands.add_parser("rotate", help="nieuwe veldsleutel toevoegen en actief maken").set_defaults(
        handler=_rotate
    )
    reencrypt_parser = commands.add_parser("reencrypt", help="alle versleutelde waarden opnieuw versleutelen")
    reencrypt_parser.add_argument("--batch-size", type=int, default=500, help="rijen per transactie")
    add_json_option(reencrypt_parser)
    reencrypt_parser.set_defaults(handler=_reencrypt)
    commands.add_parser(
        "rotate-index", help="nieuwe sleutel voor de BSN-zoekindex toevoegen en actief maken"
    ).set_defaults(handler=_rotate_index)
    commands.add_parser(
        "rotate-digest", help="nieuwe sleutel voor de inhoudscontrolewaarden toevoegen en actief maken"
    ).set_defaults(handler=_rotate_digest)
    reindex_parser = commands.add_parser(
        "reindex", help="zoekindex en controlewaarden opnieuw berekenen met de actieve sleutels"
    )
    reindex_parser.add_argument("--batch-size", type=int, default=500, help="rijen per transactie")
    add_json_option(reindex_parser)
    reindex_parser.set_defaults(handler=_reindex)
    commands.add_parser(
        "retire", help="oude index- en controlesleutels verwijderen (als niets ze meer gebruikt)"
    ).set_defaults(handler=_retire)
    status = commands.add_parser(
        "status", help="toon sleutel-ids en hoeveel waarden nog een oude sleutel gebruiken"
    )
    add_json_option(status)
    status.set_defaults(handler=_status)


@_reporting_key_errors
def _init(args: argparse.Namespace) -> int:
    settings = get_settings()
    path = keyrings.keyring_path(settings)
    keyring = keyrings.generate()
    created = keyrings.create(keyring, path)
    if created:
        print(f"sleutelbestand aangemaakt: {path} (actieve sleutel {keyring.active_kid})")
    # The gateway's own signing and encryption keys: outside development nothing makes them on the fly.
    folder = settings.resolved_gateway_key_dir
    before = set(folder.glob("*.json"))
    GatewayKeys(folder, generate=True).jwks()
    made = sorted(file.name for file in set(folder.glob("*.json")) - before)
    if made:
        print(f"gatewaysleutels aangemaakt in {folder}: {', '.join(made)}")
    if not created and not made:
        print(
            f"er staan al sleutels in {settings.resolved_key_dir}; overschrijven zou data onleesbaar maken",
            file=sys.stderr,
        )
        return 1
    return 0


@_reporting_key_errors
def _rotate(args: argparse.Namespace) -> int:
    path = keyrings.keyring_path(get_settings())
    current = keyrings.load(path)
    rotated = current.rotated()
    keyrings.save(rotated, path)
    print(f"nieuwe actieve sleutel {rotated.active_kid}; oude sleutels blijven bruikbaar om te ontsleutelen")
    print("herstart de diensten en voer daarna `loonbrug keys reencrypt` uit")
    return 0


@_reporting_key_errors
def _rotate_index(args: argparse.Namespace) -> int:
    path = keyrings.keyring_path(get_settings())
    rotated = keyrings.load(path).rotated_index()
    keyrings.save(rotated, path)
    print(f"nieuwe actieve indexsleutel {rotated.active_index_kid}; de oude blijft bruikbaar om te zoeken")
    print("herstart de diensten en voer daarna `loonbrug keys reindex` uit")
    return 0


@_reporting_key_errors
def _rotate_digest(args: argparse.Namespace) -> int:
    path = keyrings.keyring_path(get_settings())
    rotated = keyrings.load(path).rotated_digest()
    keyrings.save(rotated, path)
    print(f"nieuwe actieve controlesleutel {rotated.active_digest_kid}; de oude blijft bruikbaar")
    print("herstart de diensten en voer daarna `loonbrug keys reindex` uit")
    return 0


@_reporting_key_errors
def _reindex(args: argparse.Namespace) -> int:
    settings = get_settings()
    keyring = keyrings.load(keyrings.keyring_path(settings))
    database = Database.from_settings(settings)

    def show(progress: reindex.Progress) -> None:
        bar.describe(progress.column)
        bar.show(progress.done, progress.total)

    try:
        with Progress("herberekenen", unit="waarden") as bar:
            count = reindex.reindex_all(
                sessions=database.sessions,
                sealer=Sealer(keyring),
                batch_size=args.batch_size,
                on_progress=show,
            )
    finally:
        database.dispose()
    if args.json:
        print_json(
            {
                "recomputed": count,
                "activeIndexKey": keyring.active_index_kid,
                "activeDigestKey": keyring.active_digest_kid,
            }
        )
        return 0
    print(
        f"{count} waarden opnieuw berekend met indexsleutel {keyring.active_index_kid}"
        f" en controlesleutel {keyring.active_digest_kid}"
    )
    return 0


@_reporting_key_errors
def _retire(args: argparse.Namespace) -> int:
    settings = get_settings()
    path = keyrings.keyring_path(settings)
    keyring = keyrings.load(path)
    database = Database.from_settings(settings)
    try:
        with database.sessions() as session:
            stale = {
                name: n for name, n in reindex.pending(session=session, sealer=Sealer(keyring)).items() if n
            }
            waiting = reindex.idempotency_waiting(session=session, sealer=Sealer(keyring))
    finally:
        database.dispose()
    if stale:
        for name, count in stale.items():
            print(f"{name}: nog {count} waarden met een oudere sleutel", file=sys.stderr)
        print("voer eerst `loonbrug keys reindex` uit", file=sys.stderr)
        return 1
    if waiting:
        print(
            f"nog {waiting} Idempotency-Keys van voor de nieuwe controlesleutel bewaard: een bureau dat"
            " zo'n bericht opnieuw stuurt, moet het bewaarde antwoord krijgen; probeer het na de"
            " bewaartermijn opnieuw",
            file=sys.stderr,
        )
        return 1
    keyrings.save(keyring.retired(), path)
    print(
        f"alleen indexsleutel {keyring.active_index_kid} en controlesleutel"
        f" {keyring.active_digest_kid} blijven"
    )
    return 0


@_reporting_key_errors
def _reencrypt(args: argparse.Namespace) -> int:
    settings = get_settings()
    keyring = keyrings.load(keyrings.keyring_path(settings))
    database = Database.from_settings(settings)

    def show(progress: reencrypt.Progress) -> None:
        bar.describe(f"{progress.table}.{progress.column}")
        bar.show(progress.done, progress.total)

    try:
        with Progress("versleutelen", unit="waarden") as bar:
            count = reencrypt.reencrypt_all(
                sessions=database.sessions, keyring=keyring, batch_size=args.batch_size, on_progress=show
            )
    finally:
        database.dispose()
    if args.json:
        print_json({"reencrypted": count, "activeKey": keyring.active_kid})
    else:
        print(f"{count} waarden opnieuw versleuteld met sleutel {keyring.active_kid}")
    return 0


@_reporting_key_errors
def _status(args: argparse.Namespace) -> int:
    settings = get_settings()
    path = keyrings.keyring_path(settings)
    keyring = keyrings.load(path)
    database = Database.from_settings(settings)
    try:
        with database.sessions() as session:
            counts = reencrypt.pending(session=session, keyring=keyring)
            counts.update(reindex.pending(session=session, sealer=Sealer(keyring)))
    finally:
        database.dispose()
    stale = {name: count for name, count in counts.items() if count}
    if args.json:
        print_json(
            {
                "keyring": str(path),
                "activeKey": keyring.active_kid,
                "keys": sorted(keyring.field_keys),
                "activeIndexKey": keyring.active_index_kid,
                "indexKeys": list(keyring.index_kids),
                "activeDigestKey": keyring.active_digest_kid,
                "digestKeys": list(keyring.digest_keys),
                "stale": stale,
            }
        )
        return 0
    print(f"sleutelbestand: {path}")
    print(f"actieve sleutel: {keyring.active_kid}; alle sleutels: {', '.join(sorted(keyring.field_keys))}")
    print(f"indexsleutel: {keyring.active_index_kid}; leesbaar: {', '.join(keyring.index_kids)}")
    print(f"controlesleutel: {keyring.active_digest_kid}; leesbaar: {', '.join(keyring.digest_keys)}")
    if not stale:
        print("alle waarden gebruiken de actieve sleutel")
        return 0
    for name, count in stale.items():
        print(f"{name}: {count} waarden met een oudere sleutel")
    return 0
