"""Messages refused as a whole: replays, stale or future messages, algorithms, tampering, size, auth.

Every test also checks that nothing was stored.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets

import pytest
from joserfc import jwe, jws
from joserfc.jwk import ECKey, OctKey, RSAKey
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security import jose_envelope
from gateway.security.gateway_keys import GatewayKeys
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest.conftest import ISSUER, Clock, make_agent
from tests.ingest.kit import (
    Agent,
    BoundToken,
    access_token,
    authorization,
    batch_payload,
    push,
    record,
    seal,
    stored_counts,
)


def _refusal(response: object, status: int, code: str) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    assert response.json()["code"] == code  # type: ignore[attr-defined]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_replayed_message_id_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    payload = batch_payload([record("LS-1")], message_id="bericht-0001")
    assert push(client, token, seal(payload, agent, gateway_keys)).status_code == 201

    again = batch_payload([record("LS-2", week_start=dt.date(2026, 2, 9))], message_id="bericht-0001")
    _refusal(push(client, token, seal(again, agent, gateway_keys)), 422, "message_replayed")
    assert stored_counts(session, agent) == (1, 1)


def test_a_stale_message_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)

    _refusal(
        push(client, token, seal(batch_payload([record("LS-1")], created_at=old), agent, gateway_keys)),
        422,
        "message_stale",
    )
    assert stored_counts(session, agent) == (0, 0)


def test_a_message_from_the_future_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)

    _refusal(
        push(client, token, seal(batch_payload([record("LS-1")], created_at=later), agent, gateway_keys)),
        422,
        "message_from_future",
    )
    assert stored_counts(session, agent) == (0, 0)


def test_a_tampered_ciphertext_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    header, key, iv, ciphertext, tag = seal(batch_payload([record("LS-1")]), agent, gateway_keys).split(".")
    flipped = bytearray(base64.urlsafe_b64decode(ciphertext + "=" * (-len(ciphertext) % 4)))
    flipped[10] ^= 0x01

    _refusal(
        push(client, token, ".".join((header, key, iv, _b64(bytes(flipped)), tag))), 400, "decryption_failed"
    )
    assert stored_counts(session, agent) == (0, 0)


def test_a_tampered_signature_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    signed = jose_envelope.sign(batch_payload([record("LS-1")]), agent.key)
    header, payload, _ = signed.split(".")
    other = jose_envelope.sign(batch_payload([record("LS-1", hours="99.00")]), agent.key).split(".")[2]
    envelope = jose_envelope.encrypt(f"{header}.{payload}.{other}".encode(), gateway_keys.encryption_key)

    _refusal(push(client, token, envelope), 400, "signature_invalid")
    assert stored_counts(session, agent) == (0, 0)


def test_a_tampered_payload_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    header, _, signature = jose_envelope.sign(batch_payload([record("LS-1")]), agent.key).split(".")
    forged_payload = _b64(batch_payload([record("LS-1", netWage="9999.00")]))
    envelope = jose_envelope.encrypt(
        f"{header}.{forged_payload}.{signature}".encode(), gateway_keys.encryption_key
    )

    _refusal(push(client, token, envelope), 400, "signature_invalid")
    assert stored_counts(session, agent) == (0, 0)


@pytest.mark.parametrize("algorithm", ["HS256", "none", "RS256"])
def test_a_signature_algorithm_outside_the_allow_list_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, algorithm: str
) -> None:
    payload = batch_payload([record("LS-1")])
    if algorithm == "none":
        signed = f"{_b64(json.dumps({'alg': 'none'}).encode())}.{_b64(payload)}."
    elif algorithm == "HS256":
        secret = OctKey.import_key(secrets.token_bytes(32))
        signed = jws.serialize_compact(
            {"alg": "HS256", "kid": agent.key.kid}, payload, secret, algorithms=["HS256"]
        )
    else:
        rsa = RSAKey.generate_key(2048, auto_kid=True)
        signed = jws.serialize_compact({"alg": "RS256", "kid": rsa.kid}, payload, rsa, algorithms=["RS256"])
    envelope = jose_envelope.encrypt(signed.encode(), gateway_keys.encryption_key)

    _refusal(push(client, token, envelope), 400, "algorithm_not_allowed")
    assert stored_counts(session, agent) == (0, 0)


@pytest.mark.parametrize(
    ("alg", "enc"), [("RSA1_5", "A256GCM"), ("RSA-OAEP", "A256GCM"), ("RSA-OAEP-256", "A128CBC-HS256")]
)
def test_an_encryption_algorithm_outside_the_allow_list_is_refused(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    session: Session,
    alg: str,
    enc: str,
) -> None:
    signed = jose_envelope.sign(batch_payload([record("LS-1")]), agent.key)
    public = RSAKey.import_key(gateway_keys.encryption_key.as_dict(private=False))
    header = {"alg": alg, "enc": enc, "kid": public.kid, "cty": "JWS"}
    registry = jwe.JWERegistry(algorithms=[alg, enc])
    envelope = jwe.encrypt_compact(header, signed.encode(), public, registry=registry)

    _refusal(push(client, token, envelope), 400, "algorithm_not_allowed")
    assert stored_counts(session, agent) == (0, 0)


def test_direct_encryption_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    signed = jose_envelope.sign(batch_payload([record("LS-1")]), agent.key)
    shared = OctKey.generate_key(256)
    envelope = jwe.encrypt_compact(
        {"alg": "dir", "enc": "A256GCM"}, signed.encode(), shared, algorithms=["dir", "A256GCM"]
    )

    _refusal(push(client, token, envelope), 400, "algorithm_not_allowed")
    assert stored_counts(session, agent) == (0, 0)


def test_a_message_signed_with_another_agencys_key_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    other = make_agent(session, sealer, bsns=("999900092",))

    _refusal(
        push(client, token, seal(batch_payload([record("LS-1")]), other, gateway_keys)),
        400,
        "unknown_signing_key",
    )
    assert stored_counts(session, agent) == (0, 0)


def test_a_message_encrypted_to_an_unknown_key_is_refused(
    client: TestClient, agent: Agent, token: str, session: Session
) -> None:
    stranger = RSAKey.generate_key(2048, auto_kid=True)
    envelope = jose_envelope.seal(
        batch_payload([record("LS-1")]), signing_key=agent.key, encryption_key=stranger
    )

    _refusal(push(client, token, envelope), 400, "unknown_encryption_key")
    assert stored_counts(session, agent) == (0, 0)


def test_a_body_that_is_not_jose_is_refused(client: TestClient, token: str) -> None:
    _refusal(push(client, token, "dit is geen JWE"), 400, "envelope_malformed")


def test_another_content_type_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys
) -> None:
    envelope = seal(batch_payload([record("LS-1")]), agent, gateway_keys)

    _refusal(push(client, token, envelope, content_type="application/json"), 415, "unsupported_media_type")


def test_an_idempotency_key_is_required(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    envelope = seal(batch_payload([record("LS-1")]), agent, gateway_keys)
    response = client.post(
        "/v1/loonstroken",
        content=envelope,
        headers={
            **authorization(client, token, "POST", "/v1/loonstroken"),
            "Content-Type": "application/jose",
        },
    )

    _refusal(response, 400, "idempotency_key_invalid")
    assert stored_counts(session, agent) == (0, 0)


def test_a_body_above_the_limit_is_refused_with_413(
    database: Database, sealer: Sealer, gateway_keys: GatewayKeys, agent: Agent, session: Session
) -> None:
    config = IngestConfig(issuer=ISSUER, max_body_bytes=4096)
    app = create_app(database=database, sealer=sealer, keys=gateway_keys, config=config)
    with TestClient(app, base_url=ISSUER) as small:
        token = access_token(small, agent, config)
        records = [
            record(f"LS-{i}", week_start=dt.date(2026, 1, 5) + dt.timedelta(weeks=i)) for i in range(20)
        ]

        _refusal(
            push(small, token, seal(batch_payload(records), agent, gateway_keys)), 413, "payload_too_large"
        )
    assert stored_counts(session, agent) == (0, 0)


def test_a_push_without_a_token_is_refused(
    client: TestClient, agent: Agent, gateway_keys: GatewayKeys
) -> None:
    response = client.post(
        "/v1/loonstroken",
        content=seal(batch_payload([record("LS-1")]), agent, gateway_keys),
        headers={"Content-Type": "application/jose", "Idempotency-Key": "sleutel-0001"},
    )

    _refusal(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("DPoP")


def test_a_token_in_the_query_string_is_not_accepted(client: TestClient, token: str) -> None:
    response = client.get(f"/v1/inzendingen/iets?access_token={token}")

    _refusal(response, 401, "unauthorized")


def test_an_expired_token_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, clock: Clock, session: Session
) -> None:
    clock.offset = dt.timedelta(minutes=11)

    _refusal(
        push(client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys)), 401, "unauthorized"
    )
    assert stored_counts(session, agent) == (0, 0)


def test_a_token_signed_by_another_key_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys
) -> None:
    header, claims, _ = token.split(".")
    stranger = ECKey.generate_key("P-256")
    forged = BoundToken(
        jws.serialize_compact(
            json.loads(base64.urlsafe_b64decode(header + "==")),
            base64.urlsafe_b64decode(claims + "=="),
            stranger,
        )
    )
    forged.key = agent.key

    response = push(client, forged, seal(batch_payload([record("LS-1")]), agent, gateway_keys))

    _refusal(response, 401, "unauthorized")
