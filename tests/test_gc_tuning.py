"""The garbage-collector settings of a server process after start-up (gateway.gc_tuning)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from app_api import app as app_api_app
from gateway import gc_tuning
from gateway.ingest import app as ingest_app
from gateway.settings import Settings
from gateway.store.db import Database


def test_start_up_heap_is_frozen_and_young_collections_are_rarer() -> None:
    # In a child: freezing is for the rest of a process's life, and the test process must keep its own.
    script = (
        "import gc; from gateway import gc_tuning; "
        "before = gc.get_threshold(); gc_tuning.settle_after_start_up(); "
        "print(gc.get_freeze_count() > 0, before[1:] == gc.get_threshold()[1:], gc.get_threshold()[0])"
    )
    command = [sys.executable, "-c", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own code
    assert out.split() == ["True", "True", str(gc_tuning.YOUNG_THRESHOLD)]


def test_the_collector_is_settled_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc_tuning, "_settled", threading.Lock())
    monkeypatch.setattr(gc_tuning, "settle_after_start_up", lambda: calls.append("settled"))

    assert gc_tuning.settle_once() is True
    assert gc_tuning.settle_once() is False
    assert calls == ["settled"]


@pytest.mark.parametrize("create_app", [ingest_app.create_app, app_api_app.create_app])
def test_only_a_served_app_settles_the_collector(
    create_app: Callable[..., FastAPI], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc_tuning, "_settled", threading.Lock())
    monkeypatch.setattr(gc_tuning, "settle_after_start_up", lambda: calls.append("settled"))
    settings = Settings(data_dir=tmp_path)
    database = Database.from_settings(settings)
    with TestClient(create_app(settings=settings, database=database)):
        pass
    database.dispose()
    assert calls == []
    served = create_app(settings=settings)
    with TestClient(served):
        pass
    served.state.context.database.dispose()
    assert calls == ["settled"]
