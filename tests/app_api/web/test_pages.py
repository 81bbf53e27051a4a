"""How the app API serves the pages: paths, headers, the sign-in settings each page gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app_api.app import create_app
from app_api.config import AppApiSettings, IssuerConfig, IssuerKind
from app_api.web.config import UntrustedPageIssuer
from app_api.web.pages import STATIC
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database

STAFF_IDP = IssuerConfig(
    issuer="https://idp.gemeente.example", audience="loonbrug-portaal", kind=IssuerKind.STAFF
)
DIGID = IssuerConfig(issuer="https://digid-broker.example", audience="loonbrug-app", kind=IssuerKind.WORKER)
HTML_SINKS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(\s*[\"'`]"
)


def test_pages_and_assets_carry_the_strict_policy(client: TestClient) -> None:
    for path, media_type in (
        ("/portaal/", "text/html"),
        ("/mij/", "text/html"),
        ("/web/common/oidc.js", "javascript"),
        ("/web/common/base.css", "text/css"),
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert media_type in answer.headers["content-type"]
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self';" in policy
        assert "require-trusted-types-for 'script'" in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert client.get("/web/common/nope.js").status_code == 404


def test_a_page_path_without_slash_redirects_to_the_page(client: TestClient) -> None:
    answer = client.get("/portaal", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (308, "/portaal/")


def test_each_page_signs_in_at_its_realm_of_the_development_issuer(client: TestClient) -> None:
    portal = client.get("/portaal/config.json").json()
    worker = client.get("/mij/config.json").json()
    assert portal["signIn"]["issuer"] == "http://testserver/dev-issuer/medewerkers"
    assert worker["signIn"]["issuer"] == "http://testserver/dev-issuer/burgers"
    assert portal["signIn"]["clientId"] == worker["signIn"]["clientId"] == "loonbrug-app"
    assert portal["development"] is True


def _app(
    tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring, issuers: list[IssuerConfig]
) -> TestClient:
    settings = Settings(data_dir=tmp_path, key_dir=key_dir, dev_issuer=False, app_url="http://testserver")
    app = create_app(
        settings=settings, api_settings=AppApiSettings(issuers=issuers), database=database, keyring=keyring
    )
    return TestClient(app)


def test_a_configured_provider_is_what_the_page_uses_and_may_reach(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring
) -> None:
    monkeypatch.setenv("LOONBRUG_WEB_PORTAL", json.dumps({"issuer": STAFF_IDP.issuer, "clientId": "portaal"}))
    monkeypatch.setenv("LOONBRUG_WEB_CONNECT_ORIGINS", json.dumps(["https://token.idp.example"]))
    with _app(tmp_path, key_dir, database, keyring, [STAFF_IDP, DIGID]) as client:
        config = client.get("/portaal/config.json").json()
        assert config == {
            "page": "portaal",
            "signIn": {"issuer": STAFF_IDP.issuer, "clientId": "portaal", "scope": "openid"},
            "development": False,
        }
        assert client.get("/mij/config.json").json()["signIn"] is None
        policy = client.get("/portaal/").headers["content-security-policy"]
        assert "connect-src 'self' https://idp.gemeente.example https://token.idp.example;" in policy


def test_a_page_issuer_the_api_does_not_trust_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring
) -> None:
    # The citizens' broker is trusted for workers only: staff tokens from it would all be refused.
    monkeypatch.setenv("LOONBRUG_WEB_PORTAL", json.dumps({"issuer": DIGID.issuer, "clientId": "portaal"}))
    with pytest.raises(UntrustedPageIssuer):
        _app(tmp_path, key_dir, database, keyring, [STAFF_IDP, DIGID])


def test_no_page_script_writes_html_or_evaluates_strings() -> None:
    scripts = sorted(STATIC.rglob("*.js"))
    assert len(scripts) > 10
    offenders = [
        f"{path.name}: {line}"
        for path in scripts
        for line in path.read_text().splitlines()
        if HTML_SINKS.search(line)
    ]
    assert offenders == []
    for page in STATIC.glob("*/index.html"):
        assert re.search(r"<script(?![^>]*\bsrc=)", page.read_text()) is None, page
        assert "style=" not in page.read_text()
