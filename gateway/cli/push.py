"""`loonbrug push FILE.json`: push pay records from a file through the agency client.

The file holds a JSON array of pay records, or an object with `records` (a PayBatch; its messageId and
createdAt are replaced, every message gets its own). Large files go in messages of --batch-size with a
progress bar on a terminal. At the end a summary (with --json: `push_report` as JSON); the exit code is 0
when every record was stored or a duplicate, 1 when records were refused, 2 when the push itself failed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from connectors.client import AgencyClient, ClientError, PushedBatch, load_signing_key
from connectors.key_files import AGENCY_KEY_FOLDER, key_path
from connectors.preflight import check_key
from gateway.cli.output import Progress, add_json_option, print_json
from gateway.settings import get_settings
from schemas.receipt import Outcome

MAX_LISTED = 50
_FIELD_PREFIX = re.compile(r"^records\[\d+\]\.")


def register(subparsers: Any) -> None:
    """Add `loonbrug push FILE`."""
    parser = subparsers.add_parser("push")
    parser.add_argument(
        "file", type=Path, help="JSON-bestand: een lijst loonstroken of een object met records"
    )
    parser.add_argument(
        "--client-id", help="client-id van het uitzendbureau (standaard: de enige in de sleutelmap)"
    )
    parser.add_argument("--key", type=Path, help="privésleutel als JWK (standaard: uit de sleutelmap)")
    parser.add_argument("--gateway", help="basis-URL van de gateway (standaard LOONBRUG_GATEWAY_URL)")
    parser.add_argument("--batch-size", type=int, default=1000, help="loonstroken per bericht (1-10000)")
    add_json_option(parser)
    parser.set_defaults(handler=_push)


def _push(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        records = read_records(args.file)
        client_id = args.client_id or only_client_id(settings.resolved_key_dir / AGENCY_KEY_FOLDER)
        present = check_key(settings, client_id, args.key)
        if not present.ok:
            raise ValueError(present.text)
        key = load_signing_key(args.key or key_path(settings, client_id))
    except (OSError, ValueError, ClientError) as error:
        print(f"kan niet beginnen: {error}", file=sys.stderr)
        return 2
    try:
        with (
            AgencyClient(
                base_url=args.gateway or settings.gateway_url,
                client_id=client_id,
                signing_key=key,
                batch_size=args.batch_size,
            ) as client,
            Progress("aanleveren", unit="loonstroken") as progress,
        ):
            pushed = client.push(records, progress=progress.show)
    except (ClientError, ValueError) as error:
        print(f"aanleveren mislukt: {error}", file=sys.stderr)
        return 2
    if args.json:
        report = push_report(pushed)
        print_json(report)
        refused: int = report["refused"]
    else:
        refused = summarise(pushed, sys.stdout)
    return 1 if refused else 0


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records in a JSON file: an array of records, or an object with `records`."""
    document = json.loads(path.read_text(encoding="utf-8"))
    records = document.get("records") if isinstance(document, dict) else document
    if not isinstance(records, list) or not records:
        raise ValueError("het bestand bevat geen lijst loonstroken (een array, of een object met records)")
    if not all(isinstance(record, dict) for record in records):
        raise ValueError("elke loonstrook moet een JSON-object zijn")
    return records


def push_report(pushed: list[PushedBatch]) -> dict[str, Any]:
    """The totals over all messages, each submission id and every refused record with its place in the
    file (0-based) and the gateway's reasons: what `--json` prints (docs/cli.md)."""
    totals = {"received": 0, "stored": 0, "corrections": 0, "duplicates": 0, "refused": 0}
    refused: list[dict[str, Any]] = []
    for batch in pushed:
        counts = batch.receipt.counts
        for name in totals:
            totals[name] += getattr(counts, name)
        if batch.replayed:
            # An identical earlier message was answered again: what it stored is already there.
            totals["duplicates"] += counts.stored
            totals["stored"] -= counts.stored
            totals["corrections"] -= counts.corrections
        refused.extend(
            {
                "index": batch.offset + outcome.index,
                "recordId": outcome.record_id,
                "problems": [p.model_dump(mode="json", by_alias=True) for p in outcome.problems],
            }
            for outcome in batch.receipt.records
            if outcome.outcome is Outcome.REFUSED
        )
    return {
        "messages": len(pushed),
        **totals,
        "submissions": [batch.receipt.submission_id for batch in pushed],
        "refusedRecords": refused,
    }


def summarise(pushed: list[PushedBatch], out: TextIO) -> int:
    """Print the totals and the first refused records; return how many were refused."""
    report = push_report(pushed)
    for record in report["refusedRecords"][:MAX_LISTED]:
        # Numbered from 1 in the file, as `loonbrug import` numbers lines; the gateway's field names
        # carry the position in the message (records[3].bsn), which means nothing to the reader.
        reasons = "; ".join(
            f"{_FIELD_PREFIX.sub('', p['name'])}: {p['reason']} ({p['code']})" for p in record["problems"]
        )
        number = record["index"] + 1
        out.write(f"  loonstrook {number} ({record['recordId'] or '?'}) geweigerd: {reasons}\n")
    if report["refused"] > MAX_LISTED:
        out.write(f"  ... en nog {report['refused'] - MAX_LISTED} geweigerde loonstroken\n")
    out.write(
        f"{report['received']} loonstroken in {report['messages']} berichten: {report['stored']} opgeslagen"
        f" (waarvan {report['corrections']} correcties), {report['duplicates']} dubbel,"
        f" {report['refused']} geweigerd\n"
    )
    for submission in report["submissions"]:
        out.write(f"  inzending {submission}\n")
    refused: int = report["refused"]
    return refused


def only_client_id(folder: Path) -> str:
    """The client id of the one agency key in `folder` (where `loonbrug agency create` puts them)."""
    found = sorted(path.name.removesuffix(".jwk.json") for path in folder.glob("*.jwk.json"))
    if len(found) != 1:
        names = f": {', '.join(found)}" if found else " (`loonbrug agency create` maakt er een)"
        raise ValueError(
            f"geef --client-id; in {folder} staan {len(found)} sleutels van uitzendbureaus{names}"
        )
    return found[0]
