"""Test helpers for the agency API: an agency with a real ES256 key, assertions, sealed batches."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, Key
from starlette.testclient import TestClient

from gateway.ingest.config import IngestConfig
from gateway.security import dpop, jose_envelope
from gateway.security.gateway_keys import GatewayKeys
from gateway.store.models import Agency, Worker

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class Agent:
    """An agency as the tests drive it: its row, its private signing key and its enrolled workers."""

    agency: Agency
    key: Key
    workers: dict[str, Worker]

    @property
    def client_id(self) -> str:
        """The OAuth client id."""
        return self.agency.client_id


def new_signing_key() -> ECKey:
    """A fresh ES256 key pair with a thumbprint key id."""
    return ECKey.generate_key("P-256", parameters={"alg": "ES256"}, auto_kid=True)


def assertion(
    agent: Agent,
    config: IngestConfig,
    *,
    now: dt.datetime | None = None,
    aud: str | None = None,
    lifetime: int = 60,
    iat_offset: int = 0,
    jti: str | None = None,
    key: Key | None = None,
    alg: str = "ES256",
    claims: dict[str, Any] | None = None,
) -> str:
    """A private_key_jwt client assertion for `agent`."""
    moment = int((now or dt.datetime.now(dt.UTC)).timestamp())
    signing = key or agent.key
    body = {
        "iss": agent.client_id,
        "sub": agent.client_id,
        "aud": aud or config.token_url,
        "iat": moment + iat_offset,
        "exp": moment + lifetime,
        "jti": jti or secrets.token_urlsafe(16),
        **(claims or {}),
    }
    return jwt.encode({"alg": alg, "kid": signing.kid}, body, signing, algorithms=[alg])


def token_form(assertion_text: str, **extra: str) -> dict[str, str]:
    """The form of a client-credentials token request."""
    return {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion_text,
        **extra,
    }


def _real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class BoundToken(str):
    """An access token, with the DPoP key it is bound to and the clock its proofs are dated by."""

    key: Key
    clock: Callable[[], dt.datetime] | None = None


def request_token(
    client: TestClient,
    key: Key,
    *,
    data: dict[str, str] | None = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> httpx.Response:
    """POST to the token endpoint with a DPoP proof signed by `key` (made at `now`)."""
    moment = (now or dt.datetime.now(dt.UTC)).timestamp()
    proof = dpop.make(key, method="POST", url=f"{client.base_url}/v1/oauth/token", now=moment)
    return client.post(
        "/v1/oauth/token", data=data, content=content, headers={"DPoP": proof, **(headers or {})}
    )


def access_token(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    *,
    now: dt.datetime | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    **form: str,
) -> BoundToken:
    """A fresh access token for `agent` (assertion and DPoP proof made at `now`, or by `clock`, which
    then also dates the proofs of requests with the token), bound to the agent's key."""
    moment = now or (clock() if clock else None)
    data = token_form(assertion(agent, config, now=moment), **form)
    response = request_token(client, agent.key, data=data, now=moment)
    assert response.status_code == 200, response.text
    token = BoundToken(response.json()["access_token"])
    token.key = agent.key
    token.clock = clock
    return token


def authorization(
    client: TestClient, token: str, method: str, path: str, *, now: dt.datetime | None = None
) -> dict[str, str]:
    """The Authorization and DPoP headers of one request with a bound token."""
    if not isinstance(token, BoundToken):
        raise TypeError("a DPoP request needs the token's key: use kit.access_token")
    moment = (now or (token.clock or _real_now)()).timestamp()
    url = f"{client.base_url}{path}"
    return {
        "Authorization": f"DPoP {token}",
        "DPoP": dpop.make(token.key, method=method, url=url, now=moment, access_token=token),
    }


def record(
    record_id: str, *, bsn: str = "999900006", week_start: dt.date = dt.date(2026, 2, 2), **extra: Any
) -> dict[str, Any]:
    """A weekly pay record as an agency sends it (JSON form)."""
    return {
        "recordId": record_id,
        "bsn": bsn,
        "periodType": "week",
        "periodStart": week_start.isoformat(),
        "periodEnd": (week_start + dt.timedelta(days=6)).isoformat(),
        "payDate": (week_start + dt.timedelta(days=11)).isoformat(),
        "hours": "24.00",
        "grossWage": "412.80",
        "wageTax": "20.10",
        "netWage": "371.45",
        **extra,
    }


def batch_payload(
    records: list[dict[str, Any]], *, message_id: str | None = None, created_at: dt.datetime | None = None
) -> bytes:
    """A PayBatch as JSON bytes."""
    return json.dumps(
        {
            "messageId": message_id or f"msg-{secrets.token_hex(8)}",
            "createdAt": (created_at or dt.datetime.now(dt.UTC)).isoformat(),
            "records": records,
        }
    ).encode()


def seal(payload: bytes, agent: Agent, keys: GatewayKeys) -> str:
    """Sign with the agency's key, encrypt to the gateway's key."""
    return jose_envelope.seal(payload, signing_key=agent.key, encryption_key=keys.encryption_key)


def push(
    client: TestClient,
    token: str,
    envelope: str | bytes,
    *,
    key: str | None = None,
    content_type: str = "application/jose",
    now: dt.datetime | None = None,
) -> Any:
    """POST /v1/loonstroken with an Idempotency-Key (a fresh one unless given) and a DPoP proof made at
    `now` (default: the real time)."""
    headers = {
        **authorization(client, token, "POST", "/v1/loonstroken", now=now),
        "Content-Type": content_type,
        "Idempotency-Key": key or f"key-{secrets.token_hex(8)}",
    }
    return client.post("/v1/loonstroken", content=envelope, headers=headers)


def stored_counts(session: Any, agent: Agent) -> tuple[int, int]:
    """(submissions, pay records) stored for the agent's agency."""
    from sqlalchemy import func, select

    from gateway.store.models import PayRecord, Submission

    submissions = session.scalar(
        select(func.count()).select_from(Submission).where(Submission.agency_id == agent.agency.id)
    )
    records = session.scalar(
        select(func.count()).select_from(PayRecord).where(PayRecord.agency_id == agent.agency.id)
    )
    return int(submissions or 0), int(records or 0)
