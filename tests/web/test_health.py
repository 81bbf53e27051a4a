"""Liveness and readiness of both apps, as the deployment probes call them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from app_api.app import create_app as create_app_api
from app_api.config import AppApiSettings
from gateway.ingest.app import create_app as create_gateway
from gateway.settings import Settings
from gateway.store.db import Database

AppFactory = Callable[[Settings, Database], FastAPI]

APPS: dict[str, AppFactory] = {
    "gateway": lambda settings, database: create_gateway(settings, database=database),
    "app": lambda settings, database: create_app_api(
        settings=settings, api_settings=AppApiSettings(issuers=[]), database=database
    ),
}

UNREACHABLE = {
    # SQLite cannot open a folder as its database file; nothing listens on port 1.
    "sqlite": lambda folder: f"sqlite:///{folder}",
    "postgresql": lambda folder: "postgresql+psycopg://postgres@127.0.0.1:1/loonbrug",
}


@pytest.mark.parametrize("name", sorted(APPS))
def test_live_and_ready_answer_ok_while_the_database_answers(
    name: str, committed_database: Database, tmp_path: Path
) -> None:
    # The probe opens its own connection, so it must see a database no test transaction holds.
    app = APPS[name](Settings(data_dir=tmp_path), committed_database)
    with TestClient(app) as client:
        live = client.get("/v1/health/live")
        ready = client.get("/v1/health/ready")

    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ok"})
    assert ready.headers["API-Version"] == app.version


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
@pytest.mark.parametrize("name", sorted(APPS))
def test_ready_is_503_and_live_stays_200_when_the_database_is_gone(
    name: str, kind: str, tmp_path: Path
) -> None:
    gone = Database.from_url(UNREACHABLE[kind](tmp_path))
    app = APPS[name](Settings(data_dir=tmp_path), gone)
    with TestClient(app, raise_server_exceptions=False) as client:
        live = client.get("/v1/health/live")
        ready = client.get("/v1/health/ready")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.headers["content-type"] == "application/problem+json"
    assert ready.json()["code"] == "not_ready"
    assert "127.0.0.1" not in ready.text
    assert "sqlite" not in ready.text


@pytest.mark.parametrize("name", sorted(APPS))
def test_the_probes_are_in_the_openapi_document(name: str, database: Database, tmp_path: Path) -> None:
    app = APPS[name](Settings(data_dir=tmp_path), database)
    paths = app.openapi()["paths"]

    assert {"/health/live", "/health/ready"} <= set(paths)
    assert "503" in paths["/health/ready"]["get"]["responses"]


DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.mark.parametrize("role", ["gateway", "app"])
def test_the_kubernetes_probes_call_the_health_endpoints(role: str) -> None:
    manifest = (DEPLOY / "k8s" / f"{role}.yaml").read_text()

    assert re.search(r"readinessProbe:\s*{ httpGet: { path: /v1/health/ready, port: http }", manifest)
    assert re.search(r"livenessProbe:\s*{ httpGet: { path: /v1/health/live, port: http }", manifest)


def test_the_compose_healthchecks_call_readiness_on_each_apps_port() -> None:
    compose = (DEPLOY / "compose.yaml").read_text()

    for service, port in (("gateway", 8000), ("app", 8001)):
        section = compose.split(f"\n  {service}:\n", 1)[1].split("\n\n", 1)[0]
        assert f'--port", "{port}"' in section
        assert f"http://127.0.0.1:{port}/v1/health/ready" in section
