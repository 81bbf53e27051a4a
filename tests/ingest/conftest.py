"""Fixtures for the agency API: the real app on the test database, real keys, an enrolled agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests import factories
from tests.ingest.kit import Agent, access_token, new_signing_key

ISSUER = "https://gateway.test"


class Clock:
    """The app's clock: real time plus an offset a test may move."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset


@pytest.fixture(scope="session")
def gateway_key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder of gateway keys for the run: an RSA 3072 key takes a moment to generate."""
    folder = tmp_path_factory.mktemp("gateway-keys") / "gateway"
    GatewayKeys(folder, generate=True).jwks()
    return folder


@pytest.fixture
def gateway_keys(gateway_key_dir: Path) -> GatewayKeys:
    """The gateway's key pairs (not generated on demand: they must exist)."""
    return GatewayKeys(gateway_key_dir, generate=False)


@pytest.fixture
def config() -> IngestConfig:
    """Production limits with the test issuer."""
    return IngestConfig(issuer=ISSUER)


@pytest.fixture
def clock() -> Clock:
    """A movable clock."""
    return Clock()


@pytest.fixture
def app(
    database: Database, sealer: Sealer, gateway_keys: GatewayKeys, config: IngestConfig, clock: Clock
) -> FastAPI:
    """The agency API on the test database."""
    return create_app(database=database, sealer=sealer, keys=gateway_keys, config=config, clock=clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client talking to the app in-process."""
    with TestClient(app, base_url=ISSUER, raise_server_exceptions=True) as test_client:
        yield test_client


def make_agent(session: Session, sealer: Sealer, *, bsns: tuple[str, ...] = factories.TEST_BSNS[:3]) -> Agent:
    """An agency with a registered ES256 key and workers enrolled from 2026-01-01."""
    agency = factories.make_agency(session)
    key = new_signing_key()
    agencies.add_key(
        session=session,
        agency_id=agency.id,
        kid=str(key.kid),
        public_jwk=key.as_dict(private=False),
        alg="ES256",
    )
    municipality = factories.make_municipality(session)
    workers = {}
    for bsn in bsns:
        worker = factories.make_worker(session, sealer, municipality=municipality, bsn=bsn)
        factories.make_enrollment(session, worker=worker, agency=agency, valid_from=dt.date(2026, 1, 1))
        workers[bsn] = worker
    session.flush()
    return Agent(agency=agency, key=key, workers=workers)


@pytest.fixture
def agent(session: Session, sealer: Sealer) -> Agent:
    """An enrolled agency with three workers."""
    return make_agent(session, sealer)


@pytest.fixture
def token(client: TestClient, agent: Agent, config: IngestConfig) -> str:
    """An access token of `agent`."""
    return access_token(client, agent, config)
