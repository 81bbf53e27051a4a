"""Sender-constrained access tokens (RFC 9449, FAPI 2.0): every token is bound to the agency's key and
is useless without a fresh DPoP proof signed by that key for the very request it comes with."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey
from starlette.testclient import TestClient

from gateway.ingest.config import IngestConfig
from gateway.security import dpop
from tests.ingest.kit import Agent, BoundToken, assertion, authorization, token_form

PATH = "/v1/meldingen"


def _problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    return body


def test_a_token_request_without_a_dpop_proof_is_refused(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    response = client.post("/v1/oauth/token", data=token_form(assertion(agent, config)))

    body = _problem(response, 400)
    assert body["error"] == "invalid_dpop_proof"
    assert "access_token" not in body


def test_a_token_request_with_a_proof_for_another_url_is_refused(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    proof = dpop.make(
        agent.key,
        method="POST",
        url=f"{client.base_url}/v1/loonstroken",
        now=dt.datetime.now(dt.UTC).timestamp(),
    )
    response = client.post(
        "/v1/oauth/token", data=token_form(assertion(agent, config)), headers={"DPoP": proof}
    )

    assert _problem(response, 400)["error"] == "invalid_dpop_proof"


def test_a_bound_token_used_as_a_bearer_token_is_refused(client: TestClient, token: BoundToken) -> None:
    response = client.get(PATH, headers={"Authorization": f"Bearer {token}"})

    body = _problem(response, 401)
    assert body["code"] == "dpop_required"
    assert response.headers["www-authenticate"].startswith('DPoP error="invalid_token"')
    assert str(token) not in response.text


def test_a_bound_token_with_its_proof_is_accepted(client: TestClient, token: BoundToken) -> None:
    assert client.get(PATH, headers=authorization(client, token, "GET", PATH)).status_code == 200


def test_a_dpop_request_without_a_proof_is_refused(client: TestClient, token: BoundToken) -> None:
    response = client.get(PATH, headers={"Authorization": f"DPoP {token}"})

    _problem(response, 401)
    assert response.headers["www-authenticate"].startswith('DPoP error="invalid_dpop_proof"')


def test_a_proof_is_used_once(client: TestClient, token: BoundToken) -> None:
    headers = authorization(client, token, "GET", PATH)

    first, again = client.get(PATH, headers=headers), client.get(PATH, headers=headers)

    assert first.status_code == 200
    assert "al gebruikt" in str(_problem(again, 401)["detail"])


def _proof(client: TestClient, token: BoundToken, **changes: object) -> str:
    """A proof for GET /v1/meldingen with `token`, some claims changed."""
    key = changes.pop("key", token.key)
    now = int(dt.datetime.now(dt.UTC).timestamp())
    claims = {
        "jti": secrets.token_urlsafe(16),
        "htm": "GET",
        "htu": f"{client.base_url}{PATH}",
        "iat": now,
        "ath": dpop.access_token_hash(token),
        **changes,
    }
    public = {k: v for k, v in key.as_dict(private=False).items() if k not in ("kid", "alg")}  # type: ignore[attr-defined]
    header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": public}
    return jwt.encode(header, {k: v for k, v in claims.items() if v is not None}, key, algorithms=["ES256"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes",
    [
        {"htm": "POST"},
        {"htu": "https://gateway.test/v1/inzendingen"},
        {"htu": "https://elders.example/v1/meldingen"},
        {"ath": dpop.access_token_hash("een ander token")},
        {"ath": None},
        {"jti": None},
        {"iat": int(dt.datetime.now(dt.UTC).timestamp()) - 600},
        {"iat": int(dt.datetime.now(dt.UTC).timestamp()) + 600},
        {"key": ECKey.generate_key("P-256")},
    ],
    ids=["method", "path", "host", "ath-other", "ath-missing", "jti-missing", "old", "future", "other-key"],
)
def test_a_proof_that_does_not_fit_the_request_is_refused(
    client: TestClient, token: BoundToken, changes: dict[str, object]
) -> None:
    proof = _proof(client, token, **changes)

    response = client.get(PATH, headers={"Authorization": f"DPoP {token}", "DPoP": proof})

    _problem(response, 401)
    assert response.headers["www-authenticate"].startswith("DPoP error=")


def test_a_proof_with_the_private_key_in_it_is_refused(client: TestClient, token: BoundToken) -> None:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    claims = {
        "jti": "j-1",
        "htm": "GET",
        "htu": f"{client.base_url}{PATH}",
        "iat": now,
        "ath": dpop.access_token_hash(token),
    }
    header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": token.key.as_dict(private=True)}
    proof = jwt.encode(header, claims, token.key, algorithms=["ES256"])

    response = client.get(PATH, headers={"Authorization": f"DPoP {token}", "DPoP": proof})

    assert "privésleutel" in str(_problem(response, 401)["detail"])


def test_a_token_in_the_query_string_is_a_security_event_without_the_token(
    client: TestClient, token: BoundToken, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="loonbrug.security")

    response = client.get(f"{PATH}?access_token={token}")

    assert response.status_code == 401
    events = [r for r in caplog.records if r.name == "loonbrug.security"]
    assert len(events) == 1
    assert "token_in_query" in events[0].getMessage()
    assert PATH in events[0].getMessage()
    assert str(token) not in caplog.text
    assert str(token)[:20] not in caplog.text
