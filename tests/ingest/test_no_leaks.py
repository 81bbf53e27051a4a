"""No BSN, amount, token or key in any log line or error body, even for a push full of mistakes."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import outbox
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import (
    Agent,
    BoundToken,
    assertion,
    batch_payload,
    push,
    record,
    request_token,
    seal,
    token_form,
)

AMOUNTS = ("412.80", "371.45", "20.10", "1234.56", "98765.43")
BSNS = ("999900006", "999900018", "999900109", "123456789")


def test_bad_pushes_leak_nothing_into_logs_or_bodies(
    app: object,
    agent: Agent,
    config: IngestConfig,
    gateway_keys: GatewayKeys,
    session: Session,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    # Everything at DEBUG, as an operator hunting a problem would set it (authlib keeps its own floor).
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "httpx", "httpcore", "sqlalchemy.engine"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    bodies: list[str] = []
    secrets_seen: list[str] = []
    with TestClient(app, base_url=ISSUER, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        client_assertion = assertion(agent, config)
        response = request_token(client, agent.key, data=token_form(client_assertion))
        token = BoundToken(response.json()["access_token"])
        token.key = agent.key
        secrets_seen += [client_assertion, token]
        replay = request_token(client, agent.key, data=token_form(client_assertion))  # jti replay
        bodies.append(replay.text)

        mistakes = [
            record("LS-1", bsn="123456789", grossWage="1234.567"),  # invalid BSN, too many decimals
            record("LS-2", bsn="999900109", netWage="98765.43"),  # not enrolled
            record("LS-3", netWage="nul", hours=-4),  # unreadable amount, negative hours
            {"recordId": "LS-4", "bsn": "999900018", "grossWage": 1234.56},  # fields missing
            record("LS-5", periodEnd="2026-01-01"),  # period backwards
        ]
        bodies.append(push(client, token, seal(batch_payload(mistakes), agent, gateway_keys)).text)
        bodies.append(
            push(client, token, seal(b'{"records": [{"bsn": "999900006"', agent, gateway_keys)).text
        )
        envelope = seal(batch_payload([record("LS-6")]), agent, gateway_keys)
        bodies.append(push(client, token, envelope[:-10] + "AAAAAAAAAA").text)
        bodies.append(push(client, token, envelope, content_type="text/plain").text)
        bodies.append(
            client.get("/v1/inzendingen/x", headers={"Authorization": f"DPoP {token[:-4]}xxxx"}).text
        )
        with monkeypatch.context() as patch:
            patch.setattr(outbox, "publish", _crash_with_data)
            bodies.append(
                push(
                    client, token, seal(batch_payload([record("LS-7", bsn="999900018")]), agent, gateway_keys)
                ).text
            )

    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    everything = logged + "\n".join(bodies)
    assert bodies[1].count("geweigerd") == 5
    for value in (*BSNS, *AMOUNTS, *secrets_seen):
        assert value not in everything, _where(value, everything)
    for key in (agent.key, gateway_keys.signing_key, gateway_keys.encryption_key):
        private = str(key.as_dict(private=True)["d"])
        assert private not in everything
    assert "onverwachte fout RuntimeError" in logged


def _crash_with_data(**_: object) -> None:
    # Built at run time, like a database error quoting a row: the text must not reach the log.
    raise RuntimeError(f"kon niet opslaan: bsn {BSNS[1]} bedrag {AMOUNTS[0]}")


def _where(needle: str, haystack: str) -> str:
    at = haystack.find(needle)
    return haystack[max(0, at - 300) : at + 50]
