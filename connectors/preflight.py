"""What a dry run checks besides the file: what a real run would be refused for that can be known here.

A real import needs the agency's signing key, an agency the gateway knows, and every worker enrolled with
that agency over the whole pay period. The key is a file on this machine. The agency and the enrollments
are in the installation's database: where that database is reachable from here (the operator's machine,
the demo), a dry run judges each valid row on enrollment exactly as the gateway would (the same rule,
`gateway.ingest.coverage`), storing nothing. Where it is not (an agency's own machine), the dry run says
what it could not check instead of suggesting that a real run will succeed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from connectors.importer import BatchOutcome, RecordRefusal
from connectors.key_files import AGENCY_KEY_FOLDER, key_path
from gateway.ingest import coverage, repository
from gateway.security import keyring as keyrings
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.models import Agency
from gateway.store.sealing import Sealer
from schemas.pay_record import PayRecord


@dataclass(frozen=True, slots=True)
class Finding:
    """One check: passed (True), failed (False: a real run would be refused) or not checked (None)."""

    ok: bool | None
    text: str


def known_agencies(settings: Settings) -> list[str]:
    """The client ids this machine holds a signing key for (`<key dir>/agencies/*.jwk.json`)."""
    folder = settings.resolved_key_dir / AGENCY_KEY_FOLDER
    return sorted(path.name.removesuffix(".jwk.json") for path in folder.glob("*.jwk.json"))


def describe_known(settings: Settings) -> str:
    """'bekende uitzendbureaus: a, b' or where none were found, for an error message."""
    found = known_agencies(settings)
    folder = settings.resolved_key_dir / AGENCY_KEY_FOLDER
    if not found:
        return f"in {folder} staat geen sleutel van een uitzendbureau (`loonbrug agency create`)"
    return f"bekende uitzendbureaus (met een sleutel in {folder}): {', '.join(found)}"


def check_key(settings: Settings, client_id: str, key: Path | None) -> Finding:
    """Whether the signing key a real run would use is there."""
    path = key or key_path(settings, client_id)
    if path.is_file():
        return Finding(True, f"sleutel van {client_id} aanwezig ({path})")
    return Finding(False, f"geen sleutel {path}; {describe_known(settings)}")


class EnrollmentCheck:
    """A dry run's stand-in for the gateway: refuses each record whose worker is not enrolled with the
    agency over its whole period, as the push would, and stores nothing."""

    def __init__(self, database: Database, sealer: Sealer, agency_id: str) -> None:
        self._database = database
        self._sealer = sealer
        self._agency_id = agency_id
        self.checked = 0

    def send(self, records: Sequence[PayRecord]) -> BatchOutcome:
        """Judge one batch on enrollment; nothing counts as stored."""
        with self._database.transaction() as session:
            enrolled = coverage.enrolled_workers(session, self._sealer, self._agency_id, records)
        refused = []
        for index, record in enumerate(records):
            verdict = coverage.worker_for(record, index, enrolled)
            if not isinstance(verdict, str):
                refused.append(
                    RecordRefusal(index, ((verdict.name.split(".", 1)[1], verdict.code, verdict.reason),))
                )
        self.checked += len(records)
        return BatchOutcome(accepted=0, duplicates=0, refused=refused)


@dataclass(frozen=True, slots=True)
class Preflight:
    """The findings of a dry run's checks, and the enrollment check when the database could be used."""

    findings: list[Finding]
    enrollment: EnrollmentCheck | None
    database: Database | None

    def close(self) -> None:
        """Release the database connection, if one was opened."""
        if self.database is not None:
            self.database.dispose()


def preflight(settings: Settings, client_id: str, key: Path | None) -> Preflight:
    """Check the key, and, where this installation's database is reachable, the agency; return the
    enrollment check to run over the valid rows (None when it cannot be done here)."""
    findings = [check_key(settings, client_id, key)]
    url = settings.resolved_database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not (parsed.database and Path(parsed.database).is_file()):
        findings.append(_unchecked("geen database van Loonbrug op deze computer"))
        return Preflight(findings, None, None)
    keyring_file = keyrings.keyring_path(settings)
    if not keyring_file.is_file():
        findings.append(_unchecked(f"geen sleutelbestand {keyring_file}"))
        return Preflight(findings, None, None)
    if parsed.get_backend_name() != "sqlite" and "connect_timeout" not in parsed.query:
        # A dry run waits seconds, not minutes, for a database server that is not there.
        parsed = parsed.update_query_dict({"connect_timeout": "5"})
    database = Database.from_url(parsed)
    try:
        with database.transaction() as session:
            agency = repository.agency_by_client_id(session, client_id)
            names = sorted(session.scalars(select(Agency.client_id)))
    except SQLAlchemyError:
        database.dispose()
        findings.append(_unchecked("de database van Loonbrug is niet bereikbaar"))
        return Preflight(findings, None, None)
    if agency is None:
        known = ", ".join(names) or "geen"
        findings.append(Finding(False, f"Loonbrug kent uitzendbureau {client_id} niet (bekend: {known})"))
        return Preflight(findings, None, database)
    findings.append(Finding(True, f"Loonbrug kent uitzendbureau {client_id}"))
    check = EnrollmentCheck(database, Sealer(keyrings.load(keyring_file)), agency.id)
    return Preflight(findings, check, database)


def _unchecked(reason: str) -> Finding:
    return Finding(None, f"uitzendbureau en inschrijvingen ({reason})")
