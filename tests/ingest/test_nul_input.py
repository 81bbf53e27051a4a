"""A NUL character in a path, a message id or a client id is a 4xx problem naming the field, never a 500
(PostgreSQL refuses NUL in text; issue 14, point 5)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from tests.ingest.kit import (
    Agent,
    assertion,
    authorization,
    batch_payload,
    push,
    record,
    request_token,
    seal,
    token_form,
)


def _names(body: dict[str, object]) -> list[str]:
    params = body.get("invalidParams")
    assert isinstance(params, list), body
    return [str(param["name"]) for param in params]


def test_a_message_id_with_a_nul_is_refused_naming_it(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys
) -> None:
    payload = batch_payload([record("r-1")], message_id="bericht-\x00-1")

    response = push(client, token, seal(payload, agent, gateway_keys))

    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _names(response.json()) == ["messageId"]


def test_a_submission_id_with_a_nul_is_refused_naming_it(client: TestClient, token: str) -> None:
    response = client.get(
        "/v1/inzendingen/abc%00def", headers=authorization(client, token, "GET", "/v1/inzendingen/abc%00def")
    )

    assert response.status_code == 400, response.text
    assert _names(response.json()) == ["submission_id"]


def test_a_client_id_with_a_nul_is_an_oauth_refusal(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    nul_assertion = assertion(agent, config, claims={"iss": "demo\x00flex", "sub": "demo\x00flex"})

    in_assertion = request_token(client, agent.key, data=token_form(nul_assertion))
    in_form = request_token(client, agent.key, data=token_form(assertion(agent, config), client_id="a\x00b"))

    assert in_assertion.status_code in (400, 401), in_assertion.text
    assert in_assertion.headers["content-type"] == "application/problem+json"
    assert in_form.status_code == 400, in_form.text
    assert in_form.json()["code"] == "invalid_request"
