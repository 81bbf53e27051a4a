"""Entry point of the `loonbrug` command: each subcommand lives in its own module with a `register`.

Only the module of the command being run is imported: `loonbrug --help` lists the commands from the
table below without importing any of them, so `loonbrug calc` does not pay for the web apps, the
database layer or the HTTP client that other commands need.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple


class Command(NamedTuple):
    """A subcommand: the module that registers it and its one line in `loonbrug --help`."""

    module: str
    summary: str


# Each module defines `register(subparsers)`, adding its parser (without `help`: the line here is the one
# `_overview` shows) with `set_defaults(handler=...)`. The handler takes the parsed arguments and returns
# the exit code.
COMMANDS: dict[str, Command] = {
    "demo": Command(
        "gateway.cli.demo",
        "demo op SQLite: gemeente, bureaus, werkenden en de berekening",
    ),
    "calc": Command("gateway.cli.calc", "reken een casus door: maandverrekeningen en weekcijfers"),
    "import": Command(
        "gateway.cli.import_cmd", "loonstroken uit een bestand inlezen, controleren en versturen"
    ),
    "push": Command("gateway.cli.push", "loonstroken uit een JSON-bestand aanleveren bij de gateway"),
    "meldingen": Command(
        "gateway.cli.notifications", "meldingen van de gateway over ontbrekende loonstroken bekijken"
    ),
    "agency": Command("gateway.cli.agency", "uitzendbureaus en hun sleutels beheren"),
    "bookkeeper": Command(
        "gateway.cli.bookkeeper", "boekhouders, machtigingen, facturen en kosten aanleveren"
    ),
    "admin": Command("gateway.cli.admin", "gemeenten, medewerkers en beleid instellen"),
    "params": Command("gateway.cli.params", "wettelijke parameters: nieuwe waarden toevoegen en bevestigen"),
    "jobs": Command("gateway.cli.jobs", "geplande taken tonen of nu uitvoeren"),
    "audit": Command("gateway.cli.audit", "het auditlog controleren"),
    "db": Command("gateway.cli.db", "databaseschema bijwerken of tonen"),
    "keys": Command("gateway.cli.keys", "sleutels voor veldversleuteling beheren"),
    "serve": Command("gateway.cli.serve", "een API starten met uvicorn"),
    "token": Command("gateway.cli.token", "ontwikkeltoken voor de app-API (alleen ontwikkeling)"),
    "simulate": Command(
        "gateway.cli.simulate", "een proefjaar simuleren: Loonbrug naast schatten en terugvorderen"
    ),
}

EXIT_CODES = """\
afsluitcodes:
  0    gelukt
  1    uitgevoerd, maar met een afwijzing: geweigerde loonstroken, een gebroken
       auditketen, een mislukte taak, een wijziging die de database niet toestaat
  2    niet uitgevoerd: verkeerde opties of invoer, een onleesbaar bestand, de
       gateway of een sleutel niet bereikbaar
  3    import: versturen halverwege gestopt (opnieuw importeren is veilig)
  130  afgebroken met Ctrl-C

Hulp bij een commando: loonbrug COMMANDO --help. Commando's die iets melden
kennen --json: dan staat op stdout alleen JSON (zie docs/cli.md)."""


def _version() -> str:
    # Imported here: reading the installed metadata costs time that only `--version` needs.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("loonbrug")
    except PackageNotFoundError:
        return "onbekend (niet geïnstalleerd)"


class _VersionAction(argparse.Action):
    """`--version` that looks the version up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"loonbrug {_version()}")
        parser.exit()


def _overview() -> str:
    # Written out here rather than by argparse, which wraps a line when the terminal is narrow or a
    # command name is long: every command gets exactly one line.
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {entry.summary}" for name, entry in COMMANDS.items()]
    return "commando's:\n" + "\n".join(lines) + "\n\n" + EXIT_CODES


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: `command`'s module registers its full parser, every other command is only named."""
    parser = argparse.ArgumentParser(
        prog="loonbrug",
        usage="loonbrug [-h] [--version] COMMANDO ...",
        description="Loonbrug: loongegevens van uitzendbureaus naar de gemeente, voor de bijstand.",
        epilog=_overview(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="toon het versienummer en stop")
    subparsers = parser.add_subparsers(
        dest="command", required=True, metavar="COMMANDO", help=argparse.SUPPRESS, prog="loonbrug"
    )
    for name, entry in COMMANDS.items():
        if name == command:
            importlib.import_module(entry.module).register(subparsers)
        else:
            subparsers.add_parser(name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `loonbrug` with `argv` and return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    # The command is the first argument; `loonbrug --help calc` selects none and just lists them all.
    command = arguments[0] if arguments and arguments[0] in COMMANDS else None
    args = build_parser(command).parse_args(arguments)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
