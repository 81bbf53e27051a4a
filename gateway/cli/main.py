"""Entry point of the `loonbrug` command: each subcommand lives in its own module with a `register`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

# Each module defines `register(subparsers)`, adding its parser with `set_defaults(handler=...)`.
# The handler takes the parsed arguments and returns the exit code.
COMMAND_MODULES = (
    "gateway.cli.db",
    "gateway.cli.keys",
    "gateway.cli.demo",
    "gateway.cli.import_cmd",
    "gateway.cli.calc",
    "gateway.cli.jobs",
    "gateway.cli.token",
    "gateway.cli.audit",
    "gateway.cli.admin",
    "gateway.cli.params",
    "gateway.cli.serve",
    "gateway.cli.agency",
    "gateway.cli.push",
    "gateway.cli.notifications",
    "gateway.cli.simulate",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every installed subcommand."""
    parser = argparse.ArgumentParser(
        prog="loonbrug",
        description="Loonbrug: loongegevens van uitzendbureaus naar de gemeente, voor de bijstand.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `loonbrug` with `argv` and return the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
