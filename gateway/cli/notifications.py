"""`loonbrug meldingen [ID]`: an agency reads its notifications about missing pay periods.

Without an id: every notification the gateway still holds, newest first, with its week and counts.
With an id (from that list, or from the `details` link of a webhook): the missing periods, one line each,
with the worker's BSN. The BSNs go to stdout only, for the agency's own operator; nothing is logged. The
agency and its key are chosen as for `loonbrug push`. With --json the gateway's own documents (as the
agency API returns them). Exit code 0, or 2 when the gateway could not be asked or refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from connectors.client import AgencyClient, ClientError, load_signing_key
from connectors.key_files import AGENCY_KEY_FOLDER, key_path
from gateway.cli.output import add_json_option, print_json
from gateway.cli.push import only_client_id
from gateway.settings import get_settings
from schemas.notifications import MissingReason, Notification, NotificationSummary

REASONS = {MissingReason.NO_PAY_RECORD: "geen loonstrook ontvangen"}


def register(subparsers: Any) -> None:
    """Add `loonbrug meldingen [ID]`."""
    parser = subparsers.add_parser("meldingen")
    parser.add_argument("id", nargs="?", help="toon deze melding met de BSN's en tijdvakken")
    parser.add_argument(
        "--client-id", help="client-id van het uitzendbureau (standaard: de enige in de sleutelmap)"
    )
    parser.add_argument("--key", type=Path, help="privésleutel als JWK (standaard: uit de sleutelmap)")
    parser.add_argument("--gateway", help="basis-URL van de gateway (standaard LOONBRUG_GATEWAY_URL)")
    add_json_option(parser)
    parser.set_defaults(handler=_notifications)


def _notifications(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        client_id = args.client_id or only_client_id(settings.resolved_key_dir / AGENCY_KEY_FOLDER)
        key = load_signing_key(args.key or key_path(settings, client_id))
    except (OSError, ValueError, ClientError) as error:
        print(f"kan niet beginnen: {error}", file=sys.stderr)
        return 2
    try:
        with AgencyClient(
            base_url=args.gateway or settings.gateway_url, client_id=client_id, signing_key=key
        ) as client:
            if args.id:
                notification = client.notification(args.id)
                if args.json:
                    print_json(notification.model_dump(mode="json", by_alias=True))
                else:
                    show_notification(notification, sys.stdout)
            else:
                found = client.notifications()
                if args.json:
                    print_json([item.model_dump(mode="json", by_alias=True) for item in found])
                else:
                    list_notifications(found, sys.stdout)
    except ClientError as error:
        print(f"meldingen ophalen mislukt: {error}", file=sys.stderr)
        return 2
    return 0


def list_notifications(found: list[NotificationSummary], out: TextIO) -> None:
    """One line per notification, newest first, then how many there are."""
    for item in found:
        out.write(
            f"{item.id}  week {item.week}  {_count(item.worker_count, 'werkende', 'werkenden')},"
            f" {_count(item.period_count, 'tijdvak', 'tijdvakken')}\n"
        )
    out.write(f"{_count(len(found), 'melding', 'meldingen')}\n" if found else "geen meldingen\n")


def show_notification(notification: Notification, out: TextIO) -> None:
    """The notification's heading, then one line per missing period: BSN, period and reason."""
    out.write(
        f"melding {notification.id}, week {notification.week}:"
        f" {_count(notification.worker_count, 'werkende', 'werkenden')},"
        f" {_count(notification.period_count, 'ontbrekend tijdvak', 'ontbrekende tijdvakken')}\n"
    )
    for period in notification.missing_periods:
        out.write(
            f"  {period.bsn}  {period.period_start.isoformat()} t/m {period.period_end.isoformat()}"
            f"  {REASONS[period.reason]}\n"
        )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
