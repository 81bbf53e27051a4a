"""`loonbrug audit verify`: check the whole hash chain of the audit log and name the first altered event.

Exit code 0 when the chain is intact, 1 when it is broken (so a cron job or CI step notices). With
--json: `{"intact", "checked", "firstBreak": null | {"sequence", "eventId", "reason"}}`.
"""

from __future__ import annotations

import argparse
from typing import Any

from gateway.cli.output import add_json_option, print_json
from gateway.settings import get_settings
from gateway.store import audit
from gateway.store.db import Database

_REASONS = {
    "sequence_gap": "een gebeurtenis ontbreekt of staat niet op volgorde",
    "prev_hash_mismatch": "de verwijzing naar de vorige gebeurtenis klopt niet",
    "hash_mismatch": "de inhoud van de gebeurtenis is gewijzigd",
}


def register(subparsers: Any) -> None:
    """Add `loonbrug audit` and its subcommands."""
    parser = subparsers.add_parser("audit")
    commands = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTIE")
    verify = commands.add_parser(
        "verify", help="controleer de hashketen en noem de eerste gewijzigde gebeurtenis"
    )
    verify.add_argument("--batch-size", type=int, default=1000, help="gebeurtenissen per leesronde")
    add_json_option(verify)
    verify.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    database = Database.from_settings(get_settings())
    try:
        with database.sessions() as session:
            outcome = audit.verify(session=session, batch_size=args.batch_size)
    finally:
        database.dispose()
    broken = outcome.first_break
    if args.json:
        print_json(
            {
                "intact": broken is None,
                "checked": outcome.checked,
                "firstBreak": None
                if broken is None
                else {"sequence": broken.sequence, "eventId": broken.event_id, "reason": broken.reason},
            }
        )
        return 0 if broken is None else 1
    if broken is None:
        print(f"auditlog intact: {outcome.checked} gebeurtenissen gecontroleerd")
        return 0
    reason = _REASONS.get(broken.reason, broken.reason)
    print(
        f"auditlog GEBROKEN bij gebeurtenis {broken.sequence} (id {broken.event_id}): {reason};"
        f" {outcome.checked} gebeurtenissen ervoor kloppen"
    )
    return 1
