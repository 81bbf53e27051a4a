"""`loonbrug serve`'s process count: one per usable core on PostgreSQL, one on the embedded SQLite."""

from __future__ import annotations

import os

from gateway.cli import serve
from gateway.cli.main import build_parser
from gateway.settings import Settings

POSTGRES = Settings(database_url="postgresql://loonbrug@db.example/loonbrug")


def _workers(*argv: str, settings: Settings) -> object:
    args = build_parser("serve").parse_args(["serve", *argv])
    return serve.uvicorn_options(args, settings)["workers"]


def test_an_api_on_postgresql_runs_a_process_per_core_it_may_use_unless_told() -> None:
    assert _workers("app", settings=POSTGRES) == len(os.sched_getaffinity(0))
    assert _workers("gateway", settings=POSTGRES) == len(os.sched_getaffinity(0))
    assert _workers("app", "--workers", "3", settings=POSTGRES) == 3


def test_the_embedded_sqlite_database_is_served_by_one_process() -> None:
    assert _workers("app", settings=Settings(database_url="sqlite:////tmp/loonbrug-test.db")) == 1
