"""`loonbrug db upgrade | downgrade REV | current`: the database schema of the settings' database.

With --json each prints `{"revision": ..., "newest": ..., "upToDate": ...}` (revision null: no schema).
"""

from __future__ import annotations

import argparse
from typing import Any

from gateway.cli.output import add_json_option, print_json
from gateway.settings import get_settings
from gateway.store import migrate


def register(subparsers: Any) -> None:
    """Add `loonbrug db` and its subcommands."""
    parser = subparsers.add_parser("db")
    commands = parser.add_subparsers(dest="db_command", required=True, metavar="ACTIE")
    upgrade = commands.add_parser("upgrade", help="schema bijwerken naar de nieuwste versie (of REV)")
    upgrade.add_argument("revision", nargs="?", default="head", help="doelversie (standaard: head)")
    add_json_option(upgrade)
    upgrade.set_defaults(handler=_upgrade)
    downgrade = commands.add_parser(
        "downgrade", help="schema terugzetten naar versie REV ('base' wist alles)"
    )
    downgrade.add_argument("revision", help="doelversie, bijvoorbeeld 'base' of '-1'")
    add_json_option(downgrade)
    downgrade.set_defaults(handler=_downgrade)
    current = commands.add_parser("current", help="toon de huidige schemaversie")
    add_json_option(current)
    current.set_defaults(handler=_current)


def _print_state(url: str) -> None:
    revision, newest = migrate.current(url), migrate.head()
    print_json({"revision": revision, "newest": newest, "upToDate": revision == newest})


def _upgrade(args: argparse.Namespace) -> int:
    url = get_settings().resolved_database_url
    migrate.upgrade(url, args.revision)
    if args.json:
        _print_state(url)
    else:
        print(f"database bijgewerkt tot {migrate.current(url)}")
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    url = get_settings().resolved_database_url
    migrate.downgrade(url, args.revision)
    if args.json:
        _print_state(url)
    else:
        print(f"database teruggezet tot {migrate.current(url) or 'base (leeg)'}")
    return 0


def _current(args: argparse.Namespace) -> int:
    url = get_settings().resolved_database_url
    if args.json:
        _print_state(url)
        return 1 if migrate.current(url) is None else 0
    revision = migrate.current(url)
    newest = migrate.head()
    if revision is None:
        print(f"database is nog niet aangemaakt; nieuwste versie is {newest} (loonbrug db upgrade)")
        return 1
    status = "bijgewerkt" if revision == newest else f"verouderd; nieuwste versie is {newest}"
    print(f"{revision} ({status})")
    return 0
