"""Judge each valid record against what the agency sent before, and say which rows to append.

Rules (DESIGN §5): a record for a worker not enrolled with the agency over its whole period is refused;
the same record sent again is a duplicate, stored once; a different record under a record id already used,
or for a worker and period the agency already sent, is refused unless it names that record in `corrects`,
in which case it is stored as the next version. Records are judged in batch order, so a correction may
follow the record it corrects within one batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from gateway.ingest import coverage, receipts, repository, rows
from gateway.ingest.repository import LedgerEntry
from gateway.ingest.rows import NewRow, Prepared
from gateway.security.keyring import Keyring
from gateway.store.sealing import Sealer
from schemas.pay_record import PayRecord
from schemas.problems import InvalidParam
from schemas.receipt import Outcome

Period = tuple[str, dt.date, dt.date]
"""(worker id, period start, period end)."""


@dataclass(slots=True)
class _Version:
    """A version known while judging: stored earlier, or stored by this batch."""

    record_id: str
    row_id: str
    worker_id: str
    version: int
    lineage_id: str
    digest: str
    digest_kid: str
    period: tuple[dt.date, dt.date]
    current: bool = True


@dataclass(slots=True)
class Candidate:
    """A valid record at its batch position, with its canonical content and digest (not frozen, like
    `rows.Prepared`: one is built per record)."""

    index: int
    record: PayRecord
    prepared: Prepared


def candidates(records: Sequence[object], keyring: Keyring) -> list[Candidate]:
    """The valid records (`PayRecord`s) among a batch's `records`, at their positions, prepared."""
    valid = [(index, record) for index, record in enumerate(records) if isinstance(record, PayRecord)]
    prepared = rows.prepare_all([record for _, record in valid], keyring)
    return [
        Candidate(index, record, content) for (index, record), content in zip(valid, prepared, strict=True)
    ]


@dataclass(slots=True)
class Judgement:
    """The outcomes (JSON form, for the receipt) and the rows to append, in order."""

    outcomes: list[dict[str, Any]] = field(default_factory=list)
    rows: list[NewRow] = field(default_factory=list)
    corrections: int = 0
    affected_workers: set[str] = field(default_factory=set)

    @property
    def stored(self) -> int:
        """How many records are stored."""
        return len(self.rows)


def judge(
    *,
    session: Session,
    sealer: Sealer,
    agency_id: str,
    submission_id: str,
    candidates: Sequence[Candidate],
) -> Judgement:
    """Judge `candidates` in batch order; the rows of the stored ones are for `rows.write` to append."""
    judgement = Judgement()
    if not candidates:
        return judgement
    workers_by_bsn = coverage.enrolled_workers(session, sealer, agency_id, [c.record for c in candidates])
    record_ids = {c.record.record_id for c in candidates} | {
        c.record.corrects for c in candidates if c.record.corrects
    }
    by_record_id, current = repository.ledger_entries(
        session,
        agency_id=agency_id,
        record_ids=record_ids,
        worker_ids={worker for per_bsn in workers_by_bsn.values() for worker in per_bsn},
        first_start=min(c.record.period_start for c in candidates),
        last_start=max(c.record.period_start for c in candidates),
    )
    versions = {record_id: _from_entry(entry) for record_id, entry in by_record_id.items()}
    # Reuse the version objects loaded by record id, so marking one superseded marks both.
    by_period = {
        (e.worker_id, e.period_start, e.period_end): versions.get(e.record_id) or _from_entry(e)
        for e in current
    }
    new_rows = judgement.rows
    # Made together (one is used per stored record, in batch order, so they sort as the rows are made).
    row_ids = iter(rows.new_row_ids(len(candidates)))
    for candidate in candidates:
        index, record = candidate.index, candidate.record
        worker = coverage.worker_for(record, index, workers_by_bsn)
        if isinstance(worker, InvalidParam):
            judgement.outcomes.append(_refused(index, record, worker))
            continue
        verdict = _judge(candidate, worker, versions, by_period, sealer.keyring)
        if isinstance(verdict, InvalidParam):
            judgement.outcomes.append(_refused(index, record, verdict))
            continue
        if isinstance(verdict, int):
            judgement.outcomes.append(
                receipts.outcome(
                    index=index, record_id=record.record_id, kind=Outcome.DUPLICATE, version=verdict
                )
            )
            continue
        row = _next_version(next(row_ids), candidate, worker, verdict, agency_id, submission_id)
        if verdict is not None:
            verdict.current = False
            by_period.pop((verdict.worker_id, *verdict.period), None)
            judgement.corrections += 1
            judgement.affected_workers.add(verdict.worker_id)
        stored = _Version(
            record_id=record.record_id,
            row_id=row.id,
            worker_id=worker,
            version=row.version,
            lineage_id=row.lineage_id,
            digest=candidate.prepared.digest,
            digest_kid=candidate.prepared.digest_kid,
            period=(record.period_start, record.period_end),
        )
        versions[record.record_id] = stored
        by_period[(worker, *stored.period)] = stored
        new_rows.append(row)
        judgement.affected_workers.add(worker)
        judgement.outcomes.append(receipts.stored(index, record.record_id, row.version))
    return judgement


def _same_content(candidate: Candidate, version: _Version, keyring: Keyring) -> bool:
    """Whether the candidate says what the version says, compared under the key the version's digest
    was made with (during a digest-key rotation stored versions carry either key)."""
    return candidate.prepared.digest_under(keyring, version.digest_kid) == version.digest


def _judge(
    candidate: Candidate,
    worker_id: str,
    versions: dict[str, _Version],
    by_period: dict[Period, _Version],
    keyring: Keyring,
) -> InvalidParam | int | _Version | None:
    """A refusal, a duplicate (the stored version number), or the version to supersede (None: a first)."""
    record, index = candidate.record, candidate.index
    same_id = versions.get(record.record_id)
    if same_id is not None:
        if _same_content(candidate, same_id, keyring) and same_id.worker_id == worker_id:
            return same_id.version
        return _problem(
            index,
            "recordId",
            "record_id_in_use",
            "Onder dit recordId staat al een andere loonstrook; stuur een correctie met een nieuw recordId"
            " en corrects.",
        )
    previous: _Version | None = None
    if record.corrects is not None:
        previous = versions.get(record.corrects)
        if previous is None:
            return _problem(
                index,
                "corrects",
                "corrected_record_unknown",
                "De loonstrook die deze correctie noemt, is niet bekend bij dit uitzendbureau.",
            )
        if not previous.current:
            return _problem(
                index,
                "corrects",
                "corrected_record_superseded",
                "Die loonstrook is al gecorrigeerd; corrigeer de nieuwste versie.",
            )
        if _same_content(candidate, previous, keyring) and previous.worker_id == worker_id:
            return previous.version
    occupant = by_period.get((worker_id, record.period_start, record.period_end))
    if occupant is not None and (previous is None or occupant.record_id != previous.record_id):
        if _same_content(candidate, occupant, keyring) and record.corrects is None:
            return occupant.version
        return _problem(
            index,
            "periodStart",
            "period_already_sent",
            "Voor deze werknemer en dit tijdvak is al een loonstrook ontvangen; markeer deze als correctie"
            " met corrects.",
        )
    return previous


def _next_version(
    row_id: str,
    candidate: Candidate,
    worker_id: str,
    previous: _Version | None,
    agency_id: str,
    submission_id: str,
) -> NewRow:
    # Positional, in NewRow's field order (id, agency, worker, record, prepared, version, lineage,
    # supersedes, submission): one of these is built per stored record.
    if previous is None:
        return NewRow(
            row_id, agency_id, worker_id, candidate.record, candidate.prepared, 1, row_id, None, submission_id
        )
    return NewRow(
        row_id,
        agency_id,
        worker_id,
        candidate.record,
        candidate.prepared,
        previous.version + 1,
        previous.lineage_id,
        previous.row_id,
        submission_id,
    )


def _from_entry(entry: LedgerEntry) -> _Version:
    return _Version(
        record_id=entry.record_id,
        row_id=entry.id,
        worker_id=entry.worker_id,
        version=entry.version,
        lineage_id=entry.lineage_id,
        digest=entry.content_digest,
        digest_kid=entry.content_digest_kid,
        period=(entry.period_start, entry.period_end),
        current=entry.current,
    )


def _problem(index: int, field_name: str, code: str, reason: str) -> InvalidParam:
    return coverage.problem(index, field_name, code, reason)


def _refused(index: int, record: PayRecord, problem: InvalidParam) -> dict[str, Any]:
    return receipts.outcome(index=index, record_id=record.record_id, kind=Outcome.REFUSED, problems=[problem])
