"""Idempotency-Key: the same answer for the same content, refusal for other content, 409 while running,
and a safe retry after a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.ingest import idempotency
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import outbox
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest.conftest import Clock, make_agent
from tests.ingest.kit import Agent, access_token, batch_payload, push, record, seal, stored_counts


def test_the_same_key_and_content_give_the_stored_receipt(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    envelope = seal(batch_payload([record("LS-1")]), agent, gateway_keys)
    first = push(client, token, envelope, key="sleutel-0001")
    second = push(client, token, envelope, key="sleutel-0001")

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert stored_counts(session, agent) == (1, 1)


def test_a_rebuilt_message_with_the_same_records_gets_the_stored_receipt(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    records = [record("LS-1"), record("LS-2", bsn="999900018")]
    first = push(
        client,
        token,
        seal(batch_payload(records, message_id="bericht-a1"), agent, gateway_keys),
        key="sleutel-0002",
    )
    rebuilt = seal(batch_payload(records, message_id="bericht-a2"), agent, gateway_keys)
    second = push(client, token, rebuilt, key="sleutel-0002")

    assert second.status_code == 201
    assert second.json()["submissionId"] == first.json()["submissionId"]
    assert stored_counts(session, agent) == (1, 2)


def test_the_same_key_with_other_content_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    push(client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys), key="sleutel-0003")
    other = push(
        client,
        token,
        seal(batch_payload([record("LS-1", hours="30.00")]), agent, gateway_keys),
        key="sleutel-0003",
    )

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert stored_counts(session, agent) == (1, 1)


def test_the_same_key_while_the_first_request_runs_gets_409(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    session: Session,
    database: Database,
) -> None:
    payload = batch_payload([record("LS-1")])
    envelope = seal(payload, agent, gateway_keys)
    # Another request with this key and content is still being processed: its claim is in place.
    context = client.app.state.context  # type: ignore[attr-defined]
    first_response = push(client, token, envelope, key="sleutel-probe")
    digest = _digest_of(session, agent, "sleutel-probe")
    idempotency.claim(
        database=database,
        sealer=context.sealer,
        agency_id=agent.agency.id,
        key="sleutel-0004",
        digest=digest,
        now=dt.datetime.now(dt.UTC),
        lease=context.config.idempotency_lease,
    )

    response = push(client, token, envelope, key="sleutel-0004")

    assert first_response.status_code == 201
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_progress"
    assert 1 <= int(response.headers["retry-after"]) <= 120


def test_keys_are_scoped_per_agency(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    other = make_agent(session, sealer, bsns=("999900092",))
    other_token = access_token(client, other, client.app.state.context.config)  # type: ignore[attr-defined]

    mine = push(
        client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys), key="gedeelde-sleutel"
    )
    theirs = push(
        client,
        other_token,
        seal(batch_payload([record("LS-1", bsn="999900092")]), other, gateway_keys),
        key="gedeelde-sleutel",
    )

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["submissionId"] != theirs.json()["submissionId"]


def test_a_crash_mid_push_stores_nothing_and_the_retry_succeeds_once(
    app: object,
    agent: Agent,
    config: IngestConfig,
    gateway_keys: GatewayKeys,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(**_: object) -> None:
        raise RuntimeError("stroom uitgevallen")

    envelope = seal(batch_payload([record("LS-1"), record("LS-2", bsn="999900018")]), agent, gateway_keys)
    with TestClient(app, base_url="https://gateway.test", raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        token = access_token(client, agent, config)
        with monkeypatch.context() as patch:
            # The pay records are written by now; the outbox event is the last write of the transaction.
            patch.setattr(outbox, "publish", crash)
            crashed = push(client, token, envelope, key="sleutel-0005")
        assert crashed.status_code == 500
        assert crashed.json()["code"] == "internal_error"
        assert stored_counts(session, agent) == (0, 0)

        retried = push(client, token, envelope, key="sleutel-0005")
        again = push(client, token, envelope, key="sleutel-0005")

    assert retried.status_code == 201
    assert retried.json()["counts"]["stored"] == 2
    assert again.content == retried.content
    assert stored_counts(session, agent) == (1, 2)


def test_after_a_hard_crash_the_key_is_free_again_when_its_lease_ends(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    session: Session,
    database: Database,
    clock: Clock,
) -> None:
    context = client.app.state.context  # type: ignore[attr-defined]
    payload = batch_payload([record("LS-1")])
    envelope = seal(payload, agent, gateway_keys)
    probe = push(
        client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys), key="sleutel-probe2"
    )
    digest = _digest_of(session, agent, "sleutel-probe2")
    # A process claimed the key and died before committing: the claim stays behind.
    idempotency.claim(
        database=database,
        sealer=context.sealer,
        agency_id=agent.agency.id,
        key="sleutel-0006",
        digest=digest,
        now=clock(),
        lease=context.config.idempotency_lease,
    )
    waiting = push(client, token, envelope, key="sleutel-0006")
    clock.offset = context.config.idempotency_lease + dt.timedelta(seconds=1)
    token = access_token(client, agent, context.config, clock=clock)
    fresh = seal(batch_payload([record("LS-1")], created_at=clock()), agent, gateway_keys)
    taken_over = push(client, token, fresh, key="sleutel-0006")

    assert probe.status_code == 201
    assert waiting.status_code == 409
    assert taken_over.status_code == 201
    assert taken_over.json()["records"][0]["outcome"] == "dubbel"


def _digest_of(session: Session, agent: Agent, key: str) -> str:
    from gateway.store import idempotency as stored

    record_ = stored.get(session=session, agency_id=agent.agency.id, key=key)
    assert record_ is not None
    return record_.request_digest
