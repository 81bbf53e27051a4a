"""Schemathesis over the agency API's OpenAPI document with a valid agency token (a DPoP proof made for
each request): no server error and no response that contradicts the document, the token endpoint and the
push included (issue 14, point 5; tests/fuzzing.py)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway.ingest.config import IngestConfig
from tests.fuzzing import campaign, examples
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import authorization


@pytest.fixture
def config() -> IngestConfig:
    """Production limits except the rates: the campaign is one client sending as fast as it can."""
    return IngestConfig(issuer=ISSUER, push_burst=100_000, token_burst=100_000)


def test_schemathesis_finds_no_server_error_and_no_contradiction(
    app: FastAPI, client: TestClient, token: str
) -> None:
    findings = campaign(
        app,
        headers=lambda method, path: authorization(client, token, method, path),
        max_examples=examples(150),
    )

    print(f"schemathesis: {findings.requests} verzoeken aan de aanlever-API, {dict(findings.statuses)}")
    assert findings.requests >= examples(150) // 2
    assert not findings.problems, f"{findings.requests} verzoeken:\n{findings.report()}"
