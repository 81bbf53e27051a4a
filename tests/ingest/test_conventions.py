"""NL API Design Rules on the agency API: headers, problems, OpenAPI, JWKS, no slash redirects, limits."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from gateway.web.headers import SECURITY_HEADERS
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import Agent, access_token, batch_payload, push, record, seal

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi"}


def _has_adr_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["api-version"] == "1.0.0"
    for name, value in SECURITY_HEADERS:
        if name != "Cache-Control":
            assert headers[name] == value


def test_every_kind_of_response_carries_the_adr_headers(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys
) -> None:
    ok = push(client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys))
    unauthorized = client.get("/v1/inzendingen/x")
    missing = client.get("/v1/bestaat-niet")
    for response in (ok, unauthorized, missing, client.get("/v1/openapi.json")):
        _has_adr_headers(response)
    assert ok.headers["cache-control"] == "no-store"
    assert unauthorized.headers["cache-control"] == "no-store"


def test_the_openapi_document_is_public(client: TestClient) -> None:
    response = client.get("/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert {
        "/oauth/token",
        "/loonstroken",
        "/inzendingen/{submission_id}",
        "/sleutels",
    } <= set(document["paths"])
    assert document["servers"] == [{"url": "/v1", "description": "Deze server"}]
    assert "application/jose" in document["paths"]["/loonstroken"]["post"]["requestBody"]["content"]


def test_a_trailing_slash_is_another_path_not_a_redirect(client: TestClient) -> None:
    response = client.get("/v1/openapi.json/", follow_redirects=False)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_paths_and_methods_are_problems(client: TestClient) -> None:
    missing = client.get("/v1/bestaat-niet")
    wrong_method = client.get("/v1/loonstroken")

    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert (wrong_method.status_code, wrong_method.json()["code"]) == (405, "method_not_allowed")
    assert wrong_method.headers["content-type"] == "application/problem+json"


def test_the_jwks_publishes_public_signing_and_encryption_keys(
    client: TestClient, gateway_keys: GatewayKeys
) -> None:
    response = client.get("/v1/.well-known/jwks.json")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/jwk-set+json")
    assert response.headers["cache-control"] == "public, max-age=300"
    keys = response.json()["keys"]
    assert {(k["use"], k["alg"]) for k in keys} == {("sig", "ES256"), ("enc", "RSA-OAEP-256")}
    assert all(k["kid"] for k in keys)
    assert not any(PRIVATE_MEMBERS & set(k) for k in keys)
    assert {k["kid"] for k in keys} == {gateway_keys.signing_key.kid, gateway_keys.encryption_key.kid}
    assert client.get("/v1/sleutels").json() == response.json()


def test_pushes_are_rate_limited_per_agency(
    database: Database, sealer: Sealer, gateway_keys: GatewayKeys, agent: Agent, session: Session
) -> None:
    config = IngestConfig(issuer=ISSUER, push_rate=0.01, push_burst=2)
    app = create_app(database=database, sealer=sealer, keys=gateway_keys, config=config)
    with TestClient(app, base_url=ISSUER) as client:
        token = access_token(client, agent, config)
        statuses = [
            push(client, token, seal(batch_payload([record(f"LS-{i}")]), agent, gateway_keys)).status_code
            for i in range(3)
        ]
        limited = push(client, token, seal(batch_payload([record("LS-9")]), agent, gateway_keys))

    assert statuses[:2] == [201, 201]
    assert statuses[2] == 429
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
