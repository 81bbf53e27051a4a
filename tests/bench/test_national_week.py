"""Smoke test of bench/national_week.py: its whole path for a tiny N, so a changed signature in what it
calls breaks a test instead of the next benchmark run. Figures are not checked (no timed assertions).

The bench rebuilds the database it is given, so it gets a database of its own next to the test database
(PostgreSQL only: it measures COPY and the backends' CPU), dropped again afterwards.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import make_url

from bench import national_week


@pytest.fixture
def bench_database_url(database_url: str) -> Iterator[str]:
    """A fresh database beside the test database, for the bench to rebuild; dropped after the test."""
    url = make_url(database_url)
    name = f"{url.database}_bench"
    server = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres_only
def test_the_national_week_bench_runs_for_twenty_workers(
    bench_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--workers", "20", "--processes", "1", "--agencies", "2"]
    monkeypatch.setattr(sys, "argv", ["national_week.py", *arguments, "--database-url", bench_database_url])

    national_week.main()

    report = json.loads(capsys.readouterr().out)
    (run,) = report["runs"]
    # Every fourth worker is enrolled with both agencies: 25 pay records for the week.
    assert (run["workers"], run["records"], run["events_failed"]) == (20, 25, 0)
    assert sum(run["events_per_process"]) >= 20
    for key in ("ingest_records_per_second", "copy_records_per_second", "recompute_workers_per_second"):
        assert run[key] > 0
    assert set(report["curve"]["recompute_cpu_ms_per_worker"]) == {"20"}


def test_a_spawned_consumer_reports_its_own_peak_memory() -> None:
    # Linux carries ru_maxrss over fork and exec: a spawned child would report the parent's peak when
    # that is larger (the bench process holds every seeded worker and pushed record).
    held = bytearray(256 * 1024 * 1024)
    held[::4096] = b"\x01" * len(held[::4096])
    parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        child_kb = pool.apply(national_week._peak_resident_kb)
    del held
    assert 0 < child_kb < parent_kb - 200 * 1024
