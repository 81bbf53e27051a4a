"""`loonbrug push FILE.json`: push pay records from a file through the agency client.

The file holds a JSON array of pay records, or an object with `records` (a PayBatch; its messageId and
createdAt are replaced, every message gets its own). Large files go in messages of --batch-size with a
progress bar on stderr. At the end a summary; the exit code is 0 when every record was stored or a
duplicate, 1 when records were refused, 2 when the push itself failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from connectors.client import AgencyClient, ClientError, PushedBatch, load_signing_key
from connectors.key_files import AGENCY_KEY_FOLDER, key_path
from gateway.settings import get_settings
from schemas.receipt import Outcome

MAX_LISTED = 50


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
    parser.set_defaults(handler=_push)


def _push(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        records = read_records(args.file)
        client_id = args.client_id or only_client_id(settings.resolved_key_dir / AGENCY_KEY_FOLDER)
        key = load_signing_key(args.key or key_path(settings, client_id))
    except (OSError, ValueError, ClientError) as error:
        print(f"kan niet beginnen: {error}", file=sys.stderr)
        return 2
    progress = ProgressBar(sys.stderr) if len(records) > args.batch_size else None
    try:
        with AgencyClient(
            base_url=args.gateway or settings.gateway_url,
            client_id=client_id,
            signing_key=key,
            batch_size=args.batch_size,
        ) as client:
            pushed = client.push(records, progress=progress.update if progress else None)
    except (ClientError, ValueError) as error:
        if progress:
            progress.finish()
        print(f"aanleveren mislukt: {error}", file=sys.stderr)
        return 2
    if progress:
        progress.finish()
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


def summarise(pushed: list[PushedBatch], out: TextIO) -> int:
    """Print the totals and every refused record; return how many were refused."""
    totals = {"received": 0, "stored": 0, "corrections": 0, "duplicates": 0, "refused": 0}
    listed = 0
    for batch in pushed:
        counts = batch.receipt.counts
        for name in totals:
            totals[name] += getattr(counts, name)
        if batch.replayed:
            # An identical earlier message was answered again: what it stored is already there.
            totals["duplicates"] += counts.stored
            totals["stored"] -= counts.stored
            totals["corrections"] -= counts.corrections
        for outcome in batch.receipt.records:
            if outcome.outcome is not Outcome.REFUSED or listed >= MAX_LISTED:
                continue
            listed += 1
            reasons = "; ".join(f"{p.name}: {p.reason} ({p.code})" for p in outcome.problems)
            out.write(
                f"  geweigerd: nr {batch.offset + outcome.index} ({outcome.record_id or '?'}): {reasons}\n"
            )
    if totals["refused"] > listed:
        out.write(f"  ... en nog {totals['refused'] - listed} geweigerde loonstroken\n")
    out.write(
        f"{totals['received']} loonstroken in {len(pushed)} berichten: {totals['stored']} opgeslagen"
        f" (waarvan {totals['corrections']} correcties), {totals['duplicates']} dubbel,"
        f" {totals['refused']} geweigerd\n"
    )
    for batch in pushed:
        out.write(f"  inzending {batch.receipt.submission_id}\n")
    return totals["refused"]


class ProgressBar:
    """A one-line progress bar on a terminal stream."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width

    def update(self, done: int, total: int) -> None:
        """Redraw the bar."""
        filled = self.width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} loonstroken")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        self.stream.write("\n")
        self.stream.flush()


def only_client_id(folder: Path) -> str:
    """The client id of the one agency key in `folder` (where `loonbrug agency create` puts them)."""
    found = sorted(path.name.removesuffix(".jwk.json") for path in folder.glob("*.jwk.json"))
    if len(found) != 1:
        raise ValueError(f"geef --client-id: in {folder} staan {len(found)} sleutels")
    return found[0]
