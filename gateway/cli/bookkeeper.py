"""`loonbrug bookkeeper create | add-key | revoke-key | mandate | end-mandate | push`: bookkeepers.

A bookkeeper (boekhouder, accounting package) is an OAuth client like an agency, registered and keyed in
the same way (`loonbrug agency` explains the keys); it pushes invoices and costs instead of pay records,
and only for workers who gave it a mandate (`mandate`), recorded here for a worker of a municipality.
`push` sends documents from a JSON file (a list of documents, or an object with `documents`) or one
e-invoice (`--bsn` and an XML file) through the bookkeeper client; exit code 0 when every document was
stored or a duplicate, 1 when documents were refused, 2 when the push itself failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from connectors.bookkeeping import BookkeepingClient, ubl_document
from connectors.client import ClientError, PushedBatch, load_signing_key
from connectors.key_files import key_path
from gateway.cli import agency as agency_cli
from gateway.cli.agency import Refused, municipality_id_of, record_change, run_in_transaction
from gateway.cli.output import add_json_option, print_json
from gateway.cli.push import push_report
from gateway.security import keyring
from gateway.settings import get_settings
from gateway.store import bookkeepers, workers
from gateway.store.models import Agency, Worker
from gateway.store.sealing import Sealer

MAX_LISTED = 50


def register(subparsers: Any) -> None:
    """Add `loonbrug bookkeeper` and its subcommands."""
    parser = subparsers.add_parser("bookkeeper")
    commands = parser.add_subparsers(dest="bookkeeper_command", required=True, metavar="ACTIE")
    create = commands.add_parser("create", help="een boekhouder registreren en de client-id tonen")
    create.add_argument("name", help="naam van de boekhouder of het boekhoudpakket")
    create.add_argument("--client-id", help="gewenste client-id (standaard afgeleid van de naam)")
    create.add_argument(
        "--public-key", type=Path, help="publieke sleutel als JWK-bestand (verplicht buiten ontwikkeling)"
    )
    create.add_argument(
        "--alg", choices=["ES256", "PS256"], default="ES256", help="algoritme van een nieuwe sleutel"
    )
    create.add_argument(
        "--municipality", metavar="CBS", help=f"{agency_cli.CBS_HELP} (standaard: het platform)"
    )
    create.set_defaults(handler=_create)

    add_key = commands.add_parser("add-key", help="een publieke sleutel van een boekhouder registreren")
    add_key.add_argument("client_id", metavar="CLIENT_ID")
    add_key.add_argument("--public-key", type=Path, required=True, help="publieke sleutel als JWK-bestand")
    add_key.set_defaults(handler=agency_cli.add_key_command)

    revoke = commands.add_parser(
        "revoke-key", help="een sleutel van een boekhouder intrekken", epilog=agency_cli.KID_EPILOG
    )
    revoke.add_argument("client_id", metavar="CLIENT_ID")
    revoke.add_argument("kid", metavar="KID")
    revoke.set_defaults(handler=agency_cli.revoke_key_command)

    mandate = commands.add_parser("mandate", help="vastleggen dat een werkende de boekhouder machtigt")
    _worker_arguments(mandate)
    mandate.add_argument(
        "--from", dest="valid_from", type=dt.date.fromisoformat, required=True, help="JJJJ-MM-DD"
    )
    mandate.add_argument("--to", dest="valid_to", type=dt.date.fromisoformat, help="laatste dag (JJJJ-MM-DD)")
    mandate.set_defaults(handler=_mandate)

    end = commands.add_parser("end-mandate", help="een machtiging laten eindigen")
    _worker_arguments(end)
    end.add_argument("--to", dest="valid_to", type=dt.date.fromisoformat, required=True, help="laatste dag")
    end.set_defaults(handler=_end_mandate)

    push = commands.add_parser("push", help="facturen en kosten aanleveren bij de gateway")
    push.add_argument("file", type=Path, help="JSON-bestand met documenten, of een e-factuur (XML) met --bsn")
    push.add_argument("--bsn", help="BSN van de werkende van de e-factuur (alleen bij een XML-bestand)")
    push.add_argument("--client-id", required=True, help="client-id van de boekhouder")
    push.add_argument("--key", type=Path, help="privésleutel als JWK (standaard: uit de sleutelmap)")
    push.add_argument("--gateway", help="basis-URL van de gateway (standaard LOONBRUG_GATEWAY_URL)")
    add_json_option(push)
    push.set_defaults(handler=_push)


def _worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("client_id", metavar="CLIENT_ID", help="client-id van de boekhouder")
    parser.add_argument(
        "--municipality", metavar="CBS", required=True, help="CBS-code van de gemeente van de werkende"
    )
    parser.add_argument("--bsn", required=True, help="BSN van de werkende")


def _create(args: argparse.Namespace) -> int:
    return agency_cli.create_client(
        args, register=bookkeepers.create, what="boekhouder", action="bookkeeper.create"
    )


def _bookkeeper_and_worker(session: Session, args: argparse.Namespace) -> tuple[Agency, Worker, str]:
    bookkeeper = bookkeepers.by_client_id(session=session, client_id=args.client_id)
    if bookkeeper is None:
        raise Refused(f"geen boekhouder met client-id {args.client_id}")
    municipality_id = municipality_id_of(session, args.municipality)
    assert municipality_id is not None
    sealer = Sealer(keyring.load_for(get_settings()))
    worker = workers.find_by_bsn(
        session=session, sealer=sealer, municipality_id=municipality_id, bsn=args.bsn
    )
    if worker is None:
        # The operator may know; the BSN itself is not repeated, so it stays out of terminal logs.
        raise Refused(f"geen werkende met dit BSN in {args.municipality}")
    return bookkeeper, worker, municipality_id


def _mandate(args: argparse.Namespace) -> int:
    def work(session: Session) -> str:
        bookkeeper, worker, municipality_id = _bookkeeper_and_worker(session, args)
        try:
            bookkeepers.grant(
                session=session,
                worker_id=worker.id,
                bookkeeper_id=bookkeeper.id,
                valid_from=args.valid_from,
                valid_to=args.valid_to,
                recorded_by=f"cli:{getpass.getuser()}",
            )
        except ValueError:
            raise Refused("--to ligt voor --from") from None
        record_change(session, municipality_id, "bookkeeping_mandate.grant")
        until = f" tot en met {args.valid_to}" if args.valid_to else ""
        return f"{bookkeeper.client_id} levert documenten van de werkende aan vanaf {args.valid_from}{until}"

    return run_in_transaction(work)


def _end_mandate(args: argparse.Namespace) -> int:
    def work(session: Session) -> str:
        bookkeeper, worker, municipality_id = _bookkeeper_and_worker(session, args)
        running = [
            m
            for m in bookkeepers.for_worker(session=session, worker_id=worker.id)
            if m.bookkeeper_id == bookkeeper.id and (m.valid_to is None or m.valid_to > args.valid_to)
        ]
        if not running:
            raise Refused(f"deze werkende heeft {bookkeeper.client_id} na {args.valid_to} geen machtiging")
        for mandate in running:
            try:
                bookkeepers.end(session=session, mandate=mandate, valid_to=args.valid_to)
            except ValueError:
                raise Refused(f"een machtiging begint pas na {args.valid_to}") from None
        record_change(session, municipality_id, "bookkeeping_mandate.end")
        return f"machtiging van {bookkeeper.client_id} eindigt op {args.valid_to}"

    return run_in_transaction(work)


def read_documents(path: Path, bsn: str | None) -> list[dict[str, Any]]:
    """The documents to push: a JSON file (a list, or an object with `documents`), or one e-invoice."""
    if path.suffix.lower() == ".xml":
        if not bsn:
            raise ValueError("geef bij een e-factuur het BSN van de werkende (--bsn)")
        return [ubl_document(bsn, path.read_bytes())]
    if bsn:
        raise ValueError(
            "--bsn hoort bij een e-factuur (XML); in een JSON-bestand heeft elk document een bsn"
        )
    document = json.loads(path.read_text(encoding="utf-8"))
    items = document.get("documents") if isinstance(document, dict) else document
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        raise ValueError("het bestand bevat geen lijst documenten (een array, of een object met documents)")
    return items


def _push(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        documents = read_documents(args.file, args.bsn)
        key = load_signing_key(args.key or key_path(settings, args.client_id))
    except (OSError, ValueError, ClientError) as error:
        print(f"kan niet beginnen: {error}", file=sys.stderr)
        return 2
    try:
        with BookkeepingClient(
            base_url=args.gateway or settings.gateway_url, client_id=args.client_id, signing_key=key
        ) as client:
            pushed = client.push_all(documents)
    except (ClientError, ValueError) as error:
        print(f"aanleveren mislukt: {error}", file=sys.stderr)
        return 2
    report = push_report(pushed)
    if args.json:
        print_json(report)
    else:
        summarise(pushed, sys.stdout)
    return 1 if report["refused"] else 0


def summarise(pushed: list[PushedBatch], out: TextIO) -> None:
    """Print the totals and the first refused documents with the gateway's reasons."""
    report = push_report(pushed)
    for document in report["refusedRecords"][:MAX_LISTED]:
        reasons = "; ".join(f"{p['name']}: {p['reason']} ({p['code']})" for p in document["problems"])
        number = f" ({document['recordId']})" if document["recordId"] else ""
        out.write(f"  document {document['index'] + 1}{number} geweigerd: {reasons}\n")
    if report["refused"] > MAX_LISTED:
        out.write(f"  ... en nog {report['refused'] - MAX_LISTED} geweigerde documenten\n")
    out.write(
        f"{report['received']} {'document' if report['received'] == 1 else 'documenten'}:"
        f" {report['stored']} opgeslagen (waarvan {report['corrections']}"
        f" correcties), {report['duplicates']} dubbel, {report['refused']} geweigerd\n"
    )
    for submission in report["submissions"]:
        out.write(f"  inzending {submission}\n")
