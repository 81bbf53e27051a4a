"""Smoke test of bench/bookkeeper_push.py: its whole path for a few documents, so a changed signature in
what it calls breaks a test instead of the next benchmark run. Figures are not checked."""

from __future__ import annotations

import json
import sys

import pytest

from bench import bookkeeper_push
from tests.bench.test_national_week import bench_database_url

__all__ = ["bench_database_url"]


@pytest.mark.postgres_only
def test_the_bookkeeper_bench_runs_for_a_few_documents(
    bench_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = [
        "--documents",
        "12",
        "--workers",
        "3",
        "--repeats",
        "1",
        "--database-url",
        bench_database_url,
    ]
    monkeypatch.setattr(sys, "argv", ["bookkeeper_push.py", *arguments])

    bookkeeper_push.main()

    report = json.loads(capsys.readouterr().out)
    assert (report["documents"], report["workers"]) == (12, 3)
    assert set(report["ratioToPayRecords"]) == {"documents", "documentsOneWorker"}
