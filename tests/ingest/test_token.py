"""The token endpoint: client credentials with private_key_jwt only, and its refusals."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.ingest import tokens
from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import Agent, assertion, request_token, token_form

TOKEN_URL = "/v1/oauth/token"


def _refused(response: object, error: str = "invalid_client") -> dict[str, object]:
    assert response.status_code in (400, 401), response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["error"] == error
    assert "access_token" not in body
    return body


def test_a_valid_assertion_gets_a_short_lived_write_token(
    client: TestClient, agent: Agent, config: IngestConfig, gateway_keys: GatewayKeys
) -> None:
    response = request_token(client, agent.key, data=token_form(assertion(agent, config)))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "DPoP"
    assert body["expires_in"] == 600
    assert body["scope"] == "loonstroken:schrijven meldingen:lezen"
    assert "refresh_token" not in body
    assert response.headers["cache-control"] == "no-store"
    claims = tokens.validate(
        body["access_token"], keys=gateway_keys, config=config, now=dt.datetime.now(dt.UTC)
    )
    assert claims.client_id == agent.client_id
    decoded = jwt.decode(body["access_token"], gateway_keys.signing_key)
    assert decoded.header["typ"] == "at+jwt"
    assert decoded.claims["aud"] == "https://gateway.test/v1"
    assert decoded.claims["exp"] - decoded.claims["iat"] == 600
    # Bound to the agency's key (RFC 9449 §6.1) and naming the party it was issued to.
    assert decoded.claims["cnf"] == {"jkt": agent.key.thumbprint()}
    assert decoded.claims["azp"] == agent.client_id
    assert claims.jkt == agent.key.thumbprint()


def test_the_issuer_is_an_accepted_audience(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    response = request_token(client, agent.key, data=token_form(assertion(agent, config, aud=config.issuer)))

    assert response.status_code == 200, response.text


def test_another_audience_is_refused(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    body = _refused(
        request_token(client, agent.key, data=token_form(assertion(agent, config, aud="https://elders.test")))
    )

    assert "aud" in str(body["detail"])


def test_a_jti_is_used_once(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    jti = secrets.token_urlsafe(12)
    first = request_token(client, agent.key, data=token_form(assertion(agent, config, jti=jti)))
    second = request_token(client, agent.key, data=token_form(assertion(agent, config, jti=jti)))

    assert first.status_code == 200
    body = _refused(second)
    assert "jti" in str(body["detail"])


def test_exp_more_than_five_minutes_ahead_is_refused(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    body = _refused(
        request_token(client, agent.key, data=token_form(assertion(agent, config, lifetime=10 * 60)))
    )

    assert "exp" in str(body["detail"])


def test_iat_more_than_a_minute_in_the_future_is_refused(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    body = _refused(
        request_token(
            client, agent.key, data=token_form(assertion(agent, config, iat_offset=120, lifetime=180))
        )
    )

    assert "iat" in str(body["detail"])


def test_an_expired_assertion_is_refused(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)

    _refused(request_token(client, agent.key, data=token_form(assertion(agent, config, now=old))))


def test_a_missing_jti_is_refused(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    text = assertion(agent, config)
    claims = jwt.decode(text, agent.key).claims
    del claims["jti"]
    without = jwt.encode({"alg": "ES256", "kid": agent.key.kid}, claims, agent.key)

    _refused(request_token(client, agent.key, data=token_form(without)))


@pytest.mark.parametrize("algorithm", ["HS256", "none"])
def test_symmetric_and_unsigned_assertions_are_refused(
    client: TestClient, agent: Agent, config: IngestConfig, algorithm: str
) -> None:
    claims = jwt.decode(assertion(agent, config), agent.key).claims
    if algorithm == "none":
        forged = jwt.encode({"alg": "none", "kid": agent.key.kid}, claims, None, algorithms=["none"])
    else:
        secret = OctKey.import_key(secrets.token_bytes(32))
        forged = jwt.encode({"alg": "HS256", "kid": agent.key.kid}, claims, secret, algorithms=["HS256"])

    body = _refused(request_token(client, agent.key, data=token_form(forged)))

    assert "ES256" in str(body["detail"])


def test_a_key_not_registered_for_the_client_is_refused(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    stranger = RSAKey.generate_key(2048, auto_kid=True)

    _refused(
        request_token(client, agent.key, data=token_form(assertion(agent, config, key=stranger, alg="PS256")))
    )


def test_a_registered_ps256_key_works(
    client: TestClient, agent: Agent, config: IngestConfig, session: Session
) -> None:
    rsa = RSAKey.generate_key(2048, parameters={"alg": "PS256"}, auto_kid=True)
    agencies.add_key(
        session=session,
        agency_id=agent.agency.id,
        kid=str(rsa.kid),
        public_jwk=rsa.as_dict(private=False),
        alg="PS256",
    )
    session.flush()

    response = request_token(
        client, agent.key, data=token_form(assertion(agent, config, key=rsa, alg="PS256"))
    )

    assert response.status_code == 200, response.text


def test_an_algorithm_other_than_the_registered_one_is_refused(
    client: TestClient, agent: Agent, config: IngestConfig, session: Session
) -> None:
    rsa = RSAKey.generate_key(2048, auto_kid=True)
    agencies.add_key(
        session=session,
        agency_id=agent.agency.id,
        kid=str(rsa.kid),
        public_jwk=rsa.as_dict(private=False),
        alg="PS256",
    )
    session.flush()
    claims = jwt.decode(assertion(agent, config), agent.key).claims
    rs256 = jwt.encode({"alg": "RS256", "kid": rsa.kid}, claims, rsa, algorithms=["RS256"])

    _refused(request_token(client, agent.key, data=token_form(rs256)))


def test_client_secrets_are_not_a_way_in(client: TestClient, agent: Agent) -> None:
    form = {"grant_type": "client_credentials", "client_id": agent.client_id, "client_secret": "geheim"}

    _refused(request_token(client, agent.key, data=form))


def test_an_unknown_client_is_refused(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    claims = jwt.decode(assertion(agent, config), agent.key).claims
    claims.update(iss="onbekend", sub="onbekend")
    text = jwt.encode({"alg": "ES256", "kid": agent.key.kid}, claims, agent.key)

    _refused(request_token(client, agent.key, data=token_form(text)))


def test_only_the_client_credentials_grant_exists(
    client: TestClient, agent: Agent, config: IngestConfig
) -> None:
    form = token_form(assertion(agent, config), grant_type="password")

    _refused(request_token(client, agent.key, data=form), error="unsupported_grant_type")


def test_an_unknown_scope_is_refused(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    form = token_form(assertion(agent, config), scope="loonstroken:lezen")

    _refused(request_token(client, agent.key, data=form), error="invalid_scope")


def test_a_repeated_parameter_is_refused(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    text = assertion(agent, config)
    body = f"grant_type=client_credentials&grant_type=client_credentials&client_assertion={text}"

    response = client.post(
        TOKEN_URL, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_the_token_request_must_be_a_form(client: TestClient, agent: Agent, config: IngestConfig) -> None:
    response = client.post(TOKEN_URL, json=token_form(assertion(agent, config)))

    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


def test_token_requests_are_rate_limited_per_client_address(
    database: Database, sealer: Sealer, gateway_keys: GatewayKeys, agent: Agent
) -> None:
    config = IngestConfig(issuer=ISSUER, token_rate=0.001, token_burst=3)
    app = create_app(database=database, sealer=sealer, keys=gateway_keys, config=config)
    with TestClient(app, base_url=ISSUER) as client:
        responses = [
            request_token(client, agent.key, data=token_form(assertion(agent, config))) for _ in range(4)
        ]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert int(responses[-1].headers["retry-after"]) >= 1
    assert responses[-1].headers["content-type"] == "application/problem+json"
