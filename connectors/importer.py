"""Importing a pay data file: read rows, refuse what is wrong, send the rest in batches, count everything.

Memory stays bounded: rows stream from the reader, refused rows stream into the quarantine file, and only
one batch is held at a time. The one structure that grows is the duplicate index: per distinct record id
a 64-bit hash of the id pointing to a 64-bit hash of the content and the line (about 150 bytes a row,
measured). Two different ids sharing a 64-bit hash in one file is the price of that bound (≈ 3·10⁻¹⁰ for
100,000 rows); the gateway's own duplicate check stands behind it.

Accepted records go out in batches of fixed size in file order, so importing the same file again forms
the same batches and the client's content-derived Idempotency-Key makes the gateway answer with its
stored receipt instead of storing anything twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from connectors.formats.base import Format, ParsedRow, ReadReport
from connectors.formats.detect import open_reader
from connectors.formats.fields import Field
from connectors.formats.problems import RowProblem
from connectors.formats.tabular import TabularOptions
from connectors.quarantine import Quarantine
from schemas.pay_record import PayRecord

DEFAULT_BATCH_SIZE = 1000
PROGRESS_EVERY = 500
_HASH_MASK = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class RecordRefusal:
    """The gateway's verdict on one refused record: its position in the batch, and per problem the field
    path, English code and Dutch reason."""

    index: int
    problems: tuple[tuple[str | None, str, str], ...]


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What the gateway did with one batch."""

    accepted: int
    duplicates: int
    refused: Sequence[RecordRefusal] = ()


class SendFailed(Exception):
    """Sending stopped (network, authentication, refusal of the whole batch); the message is Dutch and
    safe to print: it holds no BSN, amount, token or key."""


class BatchSender(Protocol):
    """Sends one batch of records to the gateway and reports the outcome per record."""

    def send(self, records: Sequence[PayRecord]) -> BatchOutcome:
        """Send `records` as one batch; raise `SendFailed` when the batch could not be delivered."""
        ...


ProgressCallback = Callable[[int, int, int], None]
"""Called with (rows read, bytes read, file size) every few hundred rows and at the end."""


@dataclass(slots=True)
class ImportSummary:
    """The counts of one import.

    `read` = `valid` + (`refused` − `refused_by_gateway`) + (`duplicates` − `duplicates_at_gateway`);
    of the valid records, `sent` were stored as new, the rest were duplicates or refused at the gateway.
    """

    source: Path
    report: ReadReport
    read: int = 0
    valid: int = 0
    refused: int = 0
    refused_by_gateway: int = 0
    sent: int = 0
    duplicates: int = 0
    duplicates_at_gateway: int = 0
    problem_count: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    quarantine: Path | None = None
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        """Nothing was refused and the whole file was read (and sent)."""
        return not self.refused and not self.report.file_problems and self.stopped is None


def run_import(
    *,
    source: Path,
    quarantine_dir: Path,
    format: Format | None = None,
    options: TabularOptions | None = None,
    sender: BatchSender | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    keep_problems: int = 50,
    on_progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import `source`, writing refused rows into a quarantine file in `quarantine_dir`; without a `sender`
    this is a dry run that still writes the quarantine file."""
    size = source.stat().st_size
    with source.open("rb") as stream, Quarantine(source, quarantine_dir) as quarantine:
        report, reader = open_reader(stream, format=format, options=options)
        summary = ImportSummary(source, report)
        run = _Run(summary, quarantine, sender, batch_size, keep_problems)
        try:
            with closing(reader) as rows:
                for row in rows:
                    run.take(row)
                    if on_progress and summary.read % PROGRESS_EVERY == 0:
                        on_progress(summary.read, stream.tell(), size)
            run.flush()
        except SendFailed as exc:
            summary.stopped = str(exc)
        if on_progress:
            on_progress(summary.read, size, size)
    summary.quarantine = quarantine.path
    return summary


_FIELD_BY_API_NAME: dict[str, Field] = {
    info.alias or name: Field(name)
    for name, info in PayRecord.model_fields.items()
    if name in Field._value2member_map_
}


def _label(api_name: str | None, labels: Mapping[Field, str]) -> str | None:
    """The gateway names a field as the API does (periodStart); the user reads the file's own name."""
    field = _FIELD_BY_API_NAME.get(api_name or "")
    return labels.get(field, api_name) if field is not None else api_name


class _Run:
    """The state of one import while it reads."""

    def __init__(
        self,
        summary: ImportSummary,
        quarantine: Quarantine,
        sender: BatchSender | None,
        batch_size: int,
        keep_problems: int,
    ) -> None:
        self.summary = summary
        self.quarantine = quarantine
        self.sender = sender
        self.batch_size = batch_size
        self.keep_problems = keep_problems
        self.seen: dict[int, int] = {}
        self.pending: list[tuple[ParsedRow, PayRecord]] = []

    def take(self, row: ParsedRow) -> None:
        self.summary.read += 1
        if row.record is None:
            self.refuse(row, row.problems)
            return
        record = row.record
        key = hash(record.record_id) & _HASH_MASK
        content = hash(record) & _HASH_MASK
        earlier = self.seen.get(key)
        if earlier is not None:
            if earlier >> 32 == content:
                self.summary.duplicates += 1
                return
            reason = f"kenmerk staat al op regel {earlier & 0xFFFFFFFF} met andere gegevens"
            self.refuse(row, (RowProblem(row.line, None, "record_id_conflict", reason),))
            return
        self.seen[key] = content << 32 | min(row.line, 0xFFFFFFFF)
        self.summary.valid += 1
        if self.sender is not None:
            self.pending.append((row, record))
            if len(self.pending) >= self.batch_size:
                self.flush()

    def refuse(self, row: ParsedRow, problems: Sequence[RowProblem]) -> None:
        self.summary.refused += 1
        self.summary.problem_count += len(problems)
        room = self.keep_problems - len(self.summary.problems)
        self.summary.problems.extend(problems[: max(room, 0)])
        layout = self.summary.report.layout
        if layout is not None:
            self.quarantine.add(row, problems, layout)

    def flush(self) -> None:
        if not self.pending or self.sender is None:
            return
        batch, self.pending = self.pending, []
        outcome = self.sender.send([record for _, record in batch])
        self.summary.sent += outcome.accepted
        self.summary.duplicates += outcome.duplicates
        self.summary.duplicates_at_gateway += outcome.duplicates
        for refusal in outcome.refused:
            if not 0 <= refusal.index < len(batch):
                raise SendFailed("het antwoord van Loonbrug noemt een loonstrook die niet is verstuurd")
            row = batch[refusal.index][0]
            report = self.summary.report
            problems = tuple(
                RowProblem(row.line, _label(column, report.labels), code, reason, place=report.place)
                for column, code, reason in refusal.problems
            )
            self.summary.refused_by_gateway += 1
            self.refuse(row, problems)
