"""Configuration that must be refused: the development issuer in production, unsafe or weak issuers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app_api.app import UnsafeConfiguration, create_app
from app_api.config import AppApiSettings, IssuerConfig, IssuerKind
from app_api.dev_issuer import DevIssuer, DevIssuerRefused
from gateway.security.keyring import Keyring
from gateway.settings import Environment, Settings
from gateway.store.db import Database
from tests.app_api.conftest import bearer
from tests.factories import TEST_BSNS

REMOTE = IssuerConfig(
    issuer="https://idp.gemeente.example", audience="loonbrug-portaal", kind=IssuerKind.STAFF
)


def _production(tmp_path: Path, key_dir: Path, *, dev_issuer: bool = False) -> Settings:
    values: dict[str, Any] = {
        "environment": Environment.PRODUCTION,
        "data_dir": tmp_path,
        "key_dir": key_dir,
        "dev_issuer": dev_issuer,
        "dev_keys": False,
        "database_url": "postgresql://loonbrug@db.example/loonbrug",
    }
    # model_construct skips the settings' own refusal, to show the app refuses by itself as well.
    return Settings.model_construct(**values) if dev_issuer else Settings(**values)


def test_the_development_issuer_is_refused_in_production_even_past_the_settings(
    tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring
) -> None:
    with pytest.raises(ValidationError):
        Settings(
            environment=Environment.PRODUCTION,
            dev_issuer=True,
            dev_keys=False,
            database_url="postgresql://x/y",
        )
    settings = _production(tmp_path, key_dir, dev_issuer=True)
    with pytest.raises(UnsafeConfiguration):
        create_app(
            settings=settings,
            api_settings=AppApiSettings(issuers=[REMOTE]),
            database=database,
            keyring=keyring,
        )
    with pytest.raises(DevIssuerRefused):
        DevIssuer.from_settings(settings, AppApiSettings())
    with pytest.raises(DevIssuerRefused):
        DevIssuer.from_settings(Settings(data_dir=tmp_path, dev_issuer=False), AppApiSettings())


@pytest.mark.parametrize(
    "issuers",
    [
        [],
        [IssuerConfig(issuer="http://idp.gemeente.example", audience="a", kind=IssuerKind.STAFF)],
        [
            REMOTE.model_copy(
                update={"discovery_url": "http://idp.gemeente.example/.well-known/openid-configuration"}
            )
        ],
    ],
    ids=["no-issuer", "plain-http-issuer", "plain-http-discovery"],
)
def test_production_needs_https_issuers(
    tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring, issuers: list[IssuerConfig]
) -> None:
    with pytest.raises(UnsafeConfiguration):
        create_app(
            settings=_production(tmp_path, key_dir),
            api_settings=AppApiSettings(issuers=issuers),
            database=database,
            keyring=keyring,
        )


def test_a_production_app_has_no_development_issuer(
    tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring
) -> None:
    development = DevIssuer(
        base_url="http://testserver/dev-issuer", audience="loonbrug-app", folder=key_dir / "dev"
    )
    token = development.issue(kind=IssuerKind.WORKER, subject="x", claims={"bsn": TEST_BSNS[0]})
    app = create_app(
        settings=_production(tmp_path, key_dir),
        api_settings=AppApiSettings(issuers=[REMOTE]),
        database=database,
        keyring=keyring,
    )
    with TestClient(app) as client:
        assert client.get("/dev-issuer/jwks.json").status_code == 404
        assert client.get("/dev-issuer/burgers/.well-known/openid-configuration").status_code == 404
        assert client.get("/v1/mij/weken", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    "values",
    [
        {"algorithms": ["HS256"]},
        {"algorithms": ["none"]},
        {"algorithms": []},
        {"issuer": "idp.gemeente.example"},
        {"kind": "staff", "municipality_claim": None},
    ],
    ids=["hs256", "none", "no-algorithms", "not-a-url", "staff-without-municipality"],
)
def test_unsafe_issuer_settings_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        IssuerConfig.model_validate(
            {"issuer": "https://idp.gemeente.example", "audience": "a", "kind": "worker", **values}
        )


def test_issuers_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "LOONBRUG_APP_ISSUERS",
        '[{"issuer": "https://digid-broker.example", "audience": "loonbrug-app", "kind": "worker",'
        ' "workerClaim": "urn:nl:bsn", "municipality": "GM0599"}]',
    )
    (issuer,) = AppApiSettings().issuers
    assert (issuer.kind, issuer.worker_claim, issuer.municipality) == (
        IssuerKind.WORKER,
        "urn:nl:bsn",
        "GM0599",
    )
    assert issuer.resolved_discovery_url == "https://digid-broker.example/.well-known/openid-configuration"
