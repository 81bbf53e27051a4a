"""`loonbrug demo`: the whole flow on the embedded default (SQLite, development keys, made-up people)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from gateway.settings import get_settings


def register(subparsers: Any) -> None:
    """Add `loonbrug demo`."""
    parser = subparsers.add_parser(
        "demo",
        description=(
            "Maakt (of hergebruikt) een demo-gemeente met twee uitzendbureaus, medewerkers en vijf "
            "verzonnen flexwerkers, laat de uitzendbureaus loonstroken versleuteld insturen, rekent de "
            "weken en maanden uit en start de gateway, de app-API en de taken tot u Ctrl-C geeft."
        ),
    )
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="na het tonen van de resultaten stoppen in plaats van te blijven draaien",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="maak de loonstroken en voorschotten alsof het deze datum is (JJJJ-MM-DD)",
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    # Imported here: the demo pulls in both apps and uvicorn, which other commands do not need.
    from gateway.demo.run import run_demo

    return run_demo(settings=get_settings(), today=args.today or dt.date.today(), serve=not args.no_serve)
