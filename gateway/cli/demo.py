"""`loonbrug demo`: the whole flow on the embedded default (SQLite, development keys, made-up people)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from gateway.settings import Settings, get_settings


def register(subparsers: Any) -> None:
    """Add `loonbrug demo`."""
    parser = subparsers.add_parser(
        "demo",
        description=(
            "Maakt (of hergebruikt) een demo-gemeente met twee uitzendbureaus, medewerkers en vijf "
            "verzonnen flexwerkers, laat de uitzendbureaus loonstroken versleuteld insturen, rekent de "
            "weken en maanden uit en start de gateway, de app-API en de taken tot u Ctrl-C geeft. "
            "De poorten zijn 8000 en 8001; --gateway-port en --app-port (of de omgevingsvariabelen "
            "LOONBRUG_GATEWAY_URL en LOONBRUG_APP_URL) kiezen andere; geef push, import en meldingen "
            "dan --gateway http://127.0.0.1:POORT mee."
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
    parser.add_argument(
        "--gateway-port",
        type=port,
        metavar="POORT",
        help="poort van de aanlever-API (standaard de poort in LOONBRUG_GATEWAY_URL, anders 8000)",
    )
    parser.add_argument(
        "--app-port",
        type=port,
        metavar="POORT",
        help="poort van de app-API (standaard de poort in LOONBRUG_APP_URL, anders 8001)",
    )
    parser.set_defaults(handler=_demo)


def port(text: str) -> int:
    """A TCP port number from the command line (1 to 65535)."""
    number = int(text) if text.isdigit() else 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"geen poortnummer (1-65535): {text!r}")
    return number


def _on_port(url: str, number: int) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.hostname}:{number}").geturl()


def with_ports(settings: Settings, *, gateway_port: int | None, app_port: int | None) -> Settings:
    """`settings` with the two APIs moved to these ports on the same hosts (None: unchanged)."""
    changes: dict[str, str] = {}
    if gateway_port is not None:
        changes["gateway_url"] = _on_port(settings.gateway_url, gateway_port)
    if app_port is not None:
        changes["app_url"] = _on_port(settings.app_url, app_port)
    return settings.model_copy(update=changes)


def _demo(args: argparse.Namespace) -> int:
    # Imported here: the demo pulls in both apps and uvicorn, which other commands do not need.
    from gateway.demo.run import run_demo

    settings = with_ports(get_settings(), gateway_port=args.gateway_port, app_port=args.app_port)
    return run_demo(settings=settings, today=args.today or dt.date.today(), serve=not args.no_serve)
