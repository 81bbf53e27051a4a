"""The readable API documentation at /v1/documentatie: every operation and schema, no script, escaped."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from starlette.testclient import TestClient

from app_api.app import create_app as create_app_api
from app_api.config import AppApiSettings
from gateway.ingest.app import create_app as create_gateway
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.web.api_docs import CONTENT_SECURITY_POLICY
from gateway.web.app import create_api
from gateway.web.openapi import Publication

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def apps(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, FastAPI]:
    """Both APIs as they start from development settings."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("docs"), dev_keys=True)
    database = Database(engine=engine, sessions=sessionmaker(engine))
    return {
        "gateway": create_gateway(settings, database=database),
        "app": create_app_api(settings=settings, api_settings=AppApiSettings(issuers=[]), database=database),
    }


@pytest.mark.parametrize("api", ["gateway", "app"])
def test_the_page_shows_every_operation_and_schema_of_the_document(
    apps: dict[str, FastAPI], api: str
) -> None:
    with TestClient(apps[api]) as client:
        page = client.get("/v1/documentatie")
        document = client.get("/v1/openapi.json").json()

    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["api-version"] == document["info"]["version"]
    assert "<script" not in page.text
    shown = set(re.findall(r'<section class="operation[^"]*" id="([^"]+)"', page.text))
    expected = {
        f"{method}-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    }
    assert shown == expected
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page.text
    assert document["info"]["contact"]["email"] in page.text


def test_text_from_the_document_is_escaped_and_only_web_addresses_are_links() -> None:
    app = create_api(
        title="Proef <b>vet</b>",
        version="1.0.0",
        description="Zie `<script>alert(1)</script>`.",
        publication=Publication(
            public_url="",
            contact_name="<i>x</i>",
            contact_email="a@b.example",
            contact_url="javascript:alert(1)",
        ),
    )

    @app.get("/v1/dingen", summary='<img src=x onerror="alert(1)">')
    def things() -> dict[str, str]:
        return {}

    with TestClient(app) as client:
        page = client.get("/v1/documentatie").text

    assert "<script" not in page
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in page
    assert "<img" not in page
    assert "<b>vet</b>" not in page
    assert "<i>x</i>" not in page
    assert 'href="javascript:' not in page


def test_the_page_only_admits_its_own_stylesheet() -> None:
    policy = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))

    assert policy["default-src"] == "'none'"
    assert "script-src" not in policy
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", policy["style-src"])
    assert policy["trusted-types"] == "'none'"
