"""`loonbrug import FILE --agency NAME`: read an agency's pay data file, refuse what is wrong, send the rest.

Output never holds a BSN or an amount: problems name the line, the column and the reason. Exit codes:
0 all rows accepted; 1 rows or the file refused (see the quarantine file); 2 the command could not start
(file, profile or options; a dry run also when the key is missing or the agency unknown); 3 sending
stopped part-way (importing the same file again is safe). With --json the summary is `import_report`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from connectors import preflight
from connectors.client import MAX_BATCH, AgencyClient, ClientError, load_signing_key
from connectors.formats.base import Format, TabularLayout
from connectors.formats.problems import RowProblem
from connectors.formats.tabular import TabularOptions
from connectors.importer import (
    DEFAULT_BATCH_SIZE,
    BatchOutcome,
    BatchSender,
    ImportSummary,
    RecordRefusal,
    SendFailed,
    run_import,
)
from connectors.key_files import key_path
from connectors.profiles import ProfileError, builtin_profiles, load_profile, suggest_profile
from gateway.cli.output import Progress, add_json_option, print_json
from gateway.settings import get_settings
from schemas.pay_record import PayRecord
from schemas.receipt import Outcome

EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE, EXIT_STOPPED = 0, 1, 2, 3


def register(subparsers: Any) -> None:
    """Add `loonbrug import`."""
    parser = subparsers.add_parser(
        "import",
        description=(
            "Leest een loonbestand (loonstroken-CSV, uitzendloonexport of JSON), weigert wat niet klopt "
            "in een quarantainebestand naast de invoer, en verstuurt de rest in batches. "
            "Formaten: zie docs/import-formats.md."
        ),
    )
    parser.add_argument("file", type=Path, metavar="BESTAND", help="het loonbestand")
    parser.add_argument("--agency", metavar="CLIENT-ID", help="client-id van het uitzendbureau (verplicht)")
    # --key and --gateway as in `loonbrug push`.
    parser.add_argument("--key", type=Path, help="privésleutel als JWK (standaard: uit de sleutelmap)")
    parser.add_argument("--gateway", help="basis-URL van de gateway (standaard LOONBRUG_GATEWAY_URL)")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="alleen lezen en controleren (ook sleutel, uitzendbureau en inschrijvingen); niets versturen",
    )
    parser.add_argument(
        "--quarantine-dir",
        type=Path,
        metavar="MAP",
        help="map voor het quarantainebestand (standaard: de map quarantaine in de datamap)",
    )
    parser.add_argument(
        "--format", choices=[f.value for f in Format], help="formaat opgeven in plaats van herkennen"
    )
    parser.add_argument(
        "--profile",
        metavar="PROFIEL",
        help=f"kolomprofiel: pad naar .toml/.json of ingebouwd ({', '.join(builtin_profiles())})",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"loonstroken per verzonden batch (standaard {DEFAULT_BATCH_SIZE})",
    )
    parser.add_argument(
        "--max-problems",
        type=int,
        default=20,
        metavar="N",
        help="toon ten hoogste N problemen (standaard 20)",
    )
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the import and print its summary; return the exit code."""
    source: Path = args.file
    if not source.is_file():
        print(f"bestand niet gevonden: {source}", file=sys.stderr)
        return EXIT_UNUSABLE
    settings = get_settings()
    if not args.agency:
        print(f"geef --agency CLIENT-ID; {preflight.describe_known(settings)}", file=sys.stderr)
        return EXIT_UNUSABLE
    if not 1 <= args.batch_size <= MAX_BATCH:
        print(f"--batch-size ligt tussen 1 en {MAX_BATCH}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        format, options = _format_and_options(args)
    except ProfileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    if args.dry_run:
        checks = preflight.preflight(settings, args.agency, args.key)
        try:
            return _import(args, format=format, options=options, sender=checks.enrollment, checks=checks)
        finally:
            checks.close()
    try:
        client = open_client(args)
    except (OSError, ValueError, ClientError) as error:
        print(f"kan niet beginnen: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    with client:
        return _import(args, format=format, options=options, sender=ClientSender(client))


def open_client(args: argparse.Namespace) -> AgencyClient:
    """The agency client for `--agency`, with its key from `--key` or the key folder (as `loonbrug push`)."""
    settings = get_settings()
    key = preflight.check_key(settings, args.agency, args.key)
    if not key.ok:
        raise ValueError(key.text)
    return AgencyClient(
        base_url=args.gateway or settings.gateway_url,
        client_id=args.agency,
        signing_key=load_signing_key(args.key or key_path(settings, args.agency)),
        batch_size=args.batch_size,
    )


class ClientSender:
    """Sends the importer's batches through the agency client, one signed and encrypted message each.

    The client derives the Idempotency-Key from the records, so the importer's fixed batches make a
    rerun of the same file idempotent at the gateway.
    """

    def __init__(self, client: AgencyClient) -> None:
        self._client = client

    def send(self, records: Sequence[PayRecord]) -> BatchOutcome:
        """Push one batch and translate its verified receipt."""
        try:
            delivery = self._client.deliver(records)
        except ClientError as error:
            raise SendFailed(str(error)) from None
        receipt = delivery.receipt
        refused = [
            RecordRefusal(
                outcome.index,
                # The gateway names fields by batch position (records[3].bsn); the row has its own line.
                tuple(
                    (p.name.removeprefix(f"records[{outcome.index}]."), p.code, p.reason)
                    for p in outcome.problems
                ),
            )
            for outcome in receipt.records
            if outcome.outcome is Outcome.REFUSED
        ]
        if delivery.replayed:
            # The same records were sent before (a rerun of this file): what that push stored is now a
            # duplicate, and nothing was stored this time.
            return BatchOutcome(
                accepted=0, duplicates=receipt.counts.stored + receipt.counts.duplicates, refused=refused
            )
        return BatchOutcome(
            accepted=receipt.counts.stored, duplicates=receipt.counts.duplicates, refused=refused
        )


def _import(
    args: argparse.Namespace,
    *,
    format: Format | None,
    options: TabularOptions | None,
    sender: BatchSender | None,
    checks: preflight.Preflight | None = None,
) -> int:
    with Progress("lezen", unit="B", scale=True) as progress:
        summary = run_import(
            source=args.file,
            quarantine_dir=args.quarantine_dir or get_settings().data_dir / "quarantaine",
            format=format,
            options=options,
            sender=sender,
            batch_size=args.batch_size,
            keep_problems=max(args.max_problems, 0),
            on_progress=lambda _rows, done, total: progress.show(done, total),
        )
    if args.json:
        print_json(import_report(summary, agency=args.agency, dry_run=args.dry_run, checks=checks))
    else:
        print_summary(summary, agency=args.agency, dry_run=args.dry_run, out=sys.stdout)
        if checks is not None:
            print_checks(checks, out=sys.stdout)
    if checks is not None and any(finding.ok is False for finding in checks.findings):
        return EXIT_UNUSABLE
    if summary.stopped:
        return EXIT_STOPPED
    return EXIT_OK if summary.ok else EXIT_REFUSED


def _format_and_options(args: argparse.Namespace) -> tuple[Format | None, TabularOptions | None]:
    chosen = Format(args.format) if args.format else None
    if not args.profile:
        return chosen, None
    profile = load_profile(args.profile)
    if chosen is not None and chosen is not profile.input_format:
        raise ProfileError(f"profiel '{profile.name}' is voor formaat {profile.format}, niet {chosen}")
    return profile.input_format, profile.tabular_options()


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def import_report(
    summary: ImportSummary, *, agency: str, dry_run: bool, checks: preflight.Preflight | None
) -> dict[str, Any]:
    """The summary as `--json` prints it (docs/cli.md): counts, problems by line, column and code (never
    the value), the quarantine file, and for a dry run what it checked besides the file."""
    report = summary.report
    missing_columns = any(problem.code == "column_missing" for problem in report.file_problems)
    suggested = suggest_profile(report.header) if missing_columns else None
    return {
        "file": str(summary.source),
        "agency": agency,
        "dryRun": dry_run,
        "format": report.format.value,
        "read": summary.read,
        "valid": summary.valid,
        "refused": summary.refused,
        "refusedByGateway": summary.refused_by_gateway,
        "sent": summary.sent,
        "duplicates": summary.duplicates,
        "duplicatesAtGateway": summary.duplicates_at_gateway,
        "ignoredColumns": list(report.ignored_columns),
        "fileProblems": [_problem(problem) for problem in report.file_problems],
        "suggestedProfile": suggested.name if suggested is not None else None,
        "problemCount": summary.problem_count,
        "problems": [_problem(problem) for problem in summary.problems],
        "quarantine": str(summary.quarantine) if summary.quarantine is not None else None,
        "stopped": summary.stopped,
        "checks": None
        if checks is None
        else [{"ok": finding.ok, "text": finding.text} for finding in checks.findings],
    }


def _problem(problem: RowProblem) -> dict[str, Any]:
    return {"line": problem.line, "column": problem.column, "code": problem.code, "message": problem.message}


def print_summary(summary: ImportSummary, *, agency: str, dry_run: bool, out: TextIO) -> None:
    """Print counts, file notes, the first problems and where the quarantine file is (Dutch)."""
    report = summary.report
    described = [report.format.value]
    if isinstance(report.layout, TabularLayout):
        mark = "decimaalkomma" if report.layout.decimal_mark == "comma" else "decimaalpunt"
        separator = "tab" if report.layout.delimiter == "\t" else report.layout.delimiter
        described += [report.layout.decoding.label, f"scheidingsteken '{separator}'", mark]
    elif report.layout is not None:
        described.append(report.layout.decoding.label)
    print(f"{summary.source.name} voor {agency}: {', '.join(described)}", file=out)
    rows = [
        ("gelezen", summary.read, ""),
        ("geldig", summary.valid, ""),
        ("geweigerd", summary.refused, _gateway_note(summary.refused_by_gateway, dry_run=dry_run)),
        ("verstuurd", summary.sent, " (proefrun: niets verstuurd)" if dry_run else ""),
        ("dubbel", summary.duplicates, _gateway_note(summary.duplicates_at_gateway)),
    ]
    for label, count, note in rows:
        print(f"  {label:<10}{_number(count):>10}{note}", file=out)
    if report.ignored_columns:
        print(f"Niet gelezen kolommen: {', '.join(report.ignored_columns)}", file=out)
    for problem in report.file_problems:
        print(f"Bestand geweigerd: {problem.describe()}", file=out)
    if any(problem.code == "column_missing" for problem in report.file_problems):
        profile = suggest_profile(report.header)
        if profile is not None:
            print(
                f"Deze kolommen passen bij het profiel '{profile.name}' ({profile.description.rstrip('.')}): "
                f"probeer --profile {profile.name}",
                file=out,
            )
    if summary.problem_count:
        shown = len(summary.problems)
        print(f"Problemen ({_number(shown)} van {_number(summary.problem_count)} getoond):", file=out)
        for problem in summary.problems:
            print(f"  {problem.describe()}", file=out)
    if summary.quarantine is not None:
        print(
            f"Quarantaine: {summary.quarantine} ({_number(summary.refused)} regels). "
            "Verbeter die regels en importeer dat bestand opnieuw.",
            file=out,
        )
    if summary.stopped:
        print(
            f"Versturen gestopt: {summary.stopped}. Hetzelfde bestand opnieuw importeren is veilig: "
            "al verstuurde loonstroken worden niet dubbel opgeslagen.",
            file=out,
        )


def _gateway_note(count: int, *, dry_run: bool = False) -> str:
    if not count:
        return ""
    return f" (waarvan {_number(count)} " + ("die Loonbrug zou weigeren)" if dry_run else "door Loonbrug)")


def print_checks(checks: preflight.Preflight, *, out: TextIO) -> None:
    """Print what the dry run checked besides the file, and what it could not check (Dutch)."""
    print("Controles voor een echte run:", file=out)
    marks = {True: "in orde", False: "ZOU WEIGEREN", None: "niet gecontroleerd"}
    for finding in checks.findings:
        print(f"  {marks[finding.ok]}: {finding.text}", file=out)
    if checks.enrollment is not None:
        print(
            f"  inschrijvingen: {_number(checks.enrollment.checked)} geldige loonstroken nagekeken "
            "(weigeringen staan hierboven en in de quarantaine)",
            file=out,
        )
