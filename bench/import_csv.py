"""Benchmark: import a generated 100,000-row payroll CSV as `loonbrug import --dry-run` does.

Measures parse + validate + duplicate check + quarantine (1% of the rows are made invalid on purpose).
Reports rows per second (a run without tracing), the peak of Python allocations under tracemalloc for
10,000 and for the full row count (showing what grows with the file), and the process's peak RSS.

    python bench/import_csv.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from connectors.importer import ImportSummary, run_import
from schemas.identifiers import is_valid_bsn

HEADER = (
    "Kenmerk;BSN;Begindatum;Einddatum;Betaaldatum;Uren;Brutoloon;Loonheffing;Premies;Nettoloon;Vakantiegeld\n"
)
WEEKS = 52


def _bsns(count: int) -> Iterator[str]:
    """Made-up BSNs from the test range 9999xxxxx that pass the 11-check."""
    found = 0
    for number in range(999_900_000, 1_000_000_000):
        if is_valid_bsn(str(number)):
            yield str(number)
            found += 1
            if found == count:
                return


def write_csv(path: Path, rows: int) -> None:
    """Write `rows` weekly pay slips (2026, Dutch notation) for rows/52 made-up workers."""
    workers = list(_bsns(rows // WEEKS + 1))
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for index in range(rows):
            bsn, week = workers[index // WEEKS], index % WEEKS + 1
            monday = dt.date.fromisocalendar(2026, week, 1)
            pay = monday + dt.timedelta(days=11)
            hours = 20 + index % 19
            gross = hours * 1471
            net = gross * 82 // 100
            day = f"{monday.day:02d}-{monday.month:02d}-{monday.year}"
            end = monday + dt.timedelta(days=6)
            net_text = f"{net // 100:,}".replace(",", ".") + f",{net % 100:02d}"
            if index % 100 == 99:
                net_text = "-" + net_text  # refused: a negative net wage
            out.write(
                f"LS-{index:07d};{bsn};{day};{end:%d-%m-%Y};{pay:%d-%m-%Y};{hours},00;"
                f"{gross // 100},{gross % 100:02d};{gross // 1000},00;0,00;{net_text};0,00\n"
            )


def _import(path: Path) -> tuple[ImportSummary, float]:
    started = time.perf_counter()
    summary = run_import(source=path, quarantine_dir=path.parent)
    elapsed = time.perf_counter() - started
    if summary.quarantine:
        summary.quarantine.unlink()
    return summary, elapsed


def _traced_peak(path: Path) -> int:
    tracemalloc.start()
    _import(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> int:
    """Generate, import, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.csv", Path(folder) / "large.csv"
        write_csv(small, min(10_000, rows))
        write_csv(large, rows)
        summary, elapsed = _import(large)
        if (summary.read, summary.refused) != (rows, rows // 100):
            raise SystemExit(f"unexpected counts: read {summary.read}, refused {summary.refused}")
        peak_small, peak_large = _traced_peak(small), _traced_peak(large)
        size = large.stat().st_size
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows                 {rows:>12,}  ({size / 1e6:.1f} MB, {summary.refused:,} refused)")
    print(f"time                 {elapsed:>12.2f} s")
    print(f"rows/s               {rows / elapsed:>12,.0f}")
    print(f"traced peak 10k rows {peak_small / 1e6:>12.1f} MB")
    print(f"traced peak {rows // 1000}k rows{peak_large / 1e6:>11.1f} MB")
    print(f"peak RSS (process)   {maxrss_kib / 1024:>12.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
