"""The import run: counts, duplicates, batches in file order, gateway outcomes, bounded memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from connectors.importer import BatchOutcome, RecordRefusal, SendFailed, run_import
from schemas.pay_record import PayRecord
from tests.connectors.payroll_files import weekly_row, write

NOT_ENROLLED = "999900067"


class GatewayDouble:
    """Stands in for the agency client and gateway: it stores each record id once, refuses one worker
    as not enrolled, and can fail after a number of batches."""

    def __init__(self, *, fail_after: int | None = None) -> None:
        self.batches: list[list[PayRecord]] = []
        self.stored: set[str] = set()
        self.fail_after = fail_after

    def send(self, records: Sequence[PayRecord]) -> BatchOutcome:
        if self.fail_after is not None and len(self.batches) == self.fail_after:
            raise SendFailed("de gateway is niet bereikbaar")
        self.batches.append(list(records))
        refused = [
            RecordRefusal(i, ((f"records[{i}].bsn", "not_enrolled", "niet ingeschreven"),))
            for i, r in enumerate(records)
            if r.bsn == NOT_ENROLLED
        ]
        fresh = [r for r in records if r.bsn != NOT_ENROLLED and r.record_id not in self.stored]
        self.stored.update(r.record_id for r in fresh)
        duplicates = len(records) - len(refused) - len(fresh)
        return BatchOutcome(accepted=len(fresh), duplicates=duplicates, refused=refused)


def test_dry_run_counts_and_quarantines(tmp_path: Path) -> None:
    rows = [weekly_row(n) for n in range(10)]
    rows += [weekly_row(3), weekly_row(11, net="-1,00"), weekly_row(4).replace("400,00", "401,00")]
    source = write(tmp_path / "loon.csv", rows)
    summary = run_import(quarantine_dir=tmp_path, source=source)
    counts = (summary.read, summary.valid, summary.refused, summary.duplicates, summary.sent)
    assert counts == (13, 10, 2, 1, 0)
    assert not summary.ok
    assert summary.quarantine == tmp_path / "loon.quarantaine.csv"
    problems = [(p.line, p.code) for p in summary.problems]
    assert problems == [(13, "negative_amount"), (14, "record_id_conflict")]
    assert "regel 6" in summary.problems[1].message


def test_a_clean_file_leaves_no_quarantine(tmp_path: Path) -> None:
    summary = run_import(
        quarantine_dir=tmp_path, source=write(tmp_path / "loon.csv", [weekly_row(n) for n in range(3)])
    )
    assert summary.ok
    assert summary.quarantine is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loon.csv"]


def test_a_refused_file_counts_no_rows_and_is_not_ok(tmp_path: Path) -> None:
    source = tmp_path / "loon.csv"
    source.write_text("Kenmerk;BSN\nLS-1;999900006\n", encoding="utf-8")
    summary = run_import(quarantine_dir=tmp_path, source=source)
    assert summary.read == 0
    assert not summary.ok
    assert {p.code for p in summary.report.file_problems} == {"column_missing"}


def test_only_the_first_problems_are_kept_but_all_are_counted(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n, net="-1,00") for n in range(30)])
    summary = run_import(quarantine_dir=tmp_path, source=source, keep_problems=5)
    assert (summary.refused, summary.problem_count, len(summary.problems)) == (30, 30, 5)


def test_batches_are_fixed_size_in_file_order_and_the_same_on_every_run(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n) for n in range(25)])
    gateway = GatewayDouble()
    first = run_import(quarantine_dir=tmp_path, source=source, sender=gateway, batch_size=10)
    assert [len(b) for b in gateway.batches] == [10, 10, 5]
    assert [r.record_id for b in gateway.batches for r in b] == [f"LS-{n:06d}" for n in range(25)]
    assert (first.sent, first.duplicates) == (25, 0)
    batches = list(gateway.batches)
    second = run_import(quarantine_dir=tmp_path, source=source, sender=gateway, batch_size=10)
    assert gateway.batches[3:] == batches  # identical content, so identical Idempotency-Keys
    assert (second.sent, second.duplicates, second.duplicates_at_gateway) == (0, 25, 25)
    assert second.ok


def test_records_the_gateway_refuses_go_to_quarantine_with_its_reason(tmp_path: Path) -> None:
    rows = [weekly_row(n) for n in range(4)] + [weekly_row(4, bsn=NOT_ENROLLED)]
    source = write(tmp_path / "loon.csv", rows)
    summary = run_import(quarantine_dir=tmp_path, source=source, sender=GatewayDouble(), batch_size=3)
    assert (summary.valid, summary.sent, summary.refused, summary.refused_by_gateway) == (5, 4, 1, 1)
    assert summary.quarantine is not None
    lines = summary.quarantine.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("regel 6: records[1].bsn: niet ingeschreven (not_enrolled);LS-000004;")


def test_a_failed_send_stops_and_says_so(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n) for n in range(25)])
    summary = run_import(
        quarantine_dir=tmp_path, source=source, sender=GatewayDouble(fail_after=1), batch_size=10
    )
    assert summary.stopped == "de gateway is niet bereikbaar"
    assert summary.sent == 10
    assert not summary.ok


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n) for n in range(1200)])
    calls: list[tuple[int, int, int]] = []
    run_import(quarantine_dir=tmp_path, source=source, on_progress=lambda *a: calls.append(a))
    size = source.stat().st_size
    assert calls[-1] == (1200, size, size)
    assert [c[0] for c in calls[:-1]] == [500, 1000]
    assert all(0 < c[1] <= size for c in calls)


def _traced_peak(source: Path) -> int:
    tracemalloc.start()
    try:
        run_import(quarantine_dir=source.parent, source=source)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_by_the_duplicate_index_only(tmp_path: Path) -> None:
    """Rows are streamed: 6,000 more rows may cost the index (≈150 B a row), never the rows themselves
    (a kept row with its record is several kB)."""
    small = write(tmp_path / "small.csv", [weekly_row(n) for n in range(1000)])
    large = write(tmp_path / "large.csv", [weekly_row(n) for n in range(7000)])
    _traced_peak(small)  # warm caches (regex, pydantic) so they do not count as growth
    growth = _traced_peak(large) - _traced_peak(small)
    assert growth < 6000 * 200
