"""Schemathesis over the gateway's OpenAPI document with a bookkeeper's token: a bookkeeper's requests,
the push of business documents included, give no server error and no answer the document does not allow."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from gateway.ingest.config import IngestConfig
from gateway.store.sealing import Sealer
from tests.fuzzing import campaign, examples
from tests.ingest.bookkeeper_kit import make_bookkeeper
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import access_token, authorization


@pytest.fixture
def config() -> IngestConfig:
    """Production limits except the rates: the campaign is one client sending as fast as it can."""
    return IngestConfig(issuer=ISSUER, push_burst=100_000, token_burst=100_000)


def test_a_bookkeepers_requests_find_no_server_error_and_no_contradiction(
    app: FastAPI, client: TestClient, config: IngestConfig, session: Session, sealer: Sealer
) -> None:
    token = access_token(client, make_bookkeeper(session, sealer), config)
    findings = campaign(
        app,
        headers=lambda method, path: authorization(client, token, method, path),
        max_examples=examples(60),
    )

    print(f"schemathesis: {findings.requests} verzoeken als boekhouder, {dict(findings.statuses)}")
    assert findings.requests >= examples(60) // 2
    assert not findings.problems, f"{findings.requests} verzoeken:\n{findings.report()}"
