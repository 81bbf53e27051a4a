"""Fixtures for the app API tests: the real ASGI app on the test database, the world, and tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer
from app_api.dev_tokens import make_token
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api import world as worlds
from tests.app_api.world import World

Tokens = Callable[..., str]


@pytest.fixture
def settings(tmp_path: Path, key_dir: Path) -> Settings:
    """Development settings with the built-in issuer, keys in the test's key folder."""
    return Settings(data_dir=tmp_path, key_dir=key_dir, dev_issuer=True, app_url="http://testserver")


@pytest.fixture
def api_settings() -> AppApiSettings:
    """App API settings without external issuers; the rate limit out of the way (test_guards checks it)."""
    return AppApiSettings(issuers=[], rate_burst=100_000)


@pytest.fixture
def app(settings: Settings, api_settings: AppApiSettings, database: Database, keyring: Keyring) -> FastAPI:
    """The app API on the test database; its clock stands at the world's moment."""
    return create_app(
        settings=settings,
        api_settings=api_settings,
        database=database,
        keyring=keyring,
        clock=lambda: worlds.NOW,
    )


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client talking to the app in-process (lifespan included)."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def dev_issuer(app: FastAPI) -> DevIssuer:
    """The app's development issuer."""
    issuer: DevIssuer = app.state.context.dev_issuer
    return issuer


@pytest.fixture
def world(session: Session, sealer: Sealer) -> World:
    """The made-up world with its computed figures."""
    return worlds.build(session, sealer)


@pytest.fixture
def token(dev_issuer: DevIssuer, database: Database, sealer: Sealer) -> Tokens:
    """`token(Role.X, who)`: a development token as `loonbrug token` makes it."""

    def make(role: Role, who: str, *, lifetime: dt.timedelta = dt.timedelta(hours=1)) -> str:
        return make_token(
            issuer=dev_issuer, database=database, sealer=sealer, role=role, who=who, lifetime=lifetime
        )

    return make


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}
