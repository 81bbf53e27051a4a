"""The agency client against the real agency API (in process, real keys): tokens, batches, retries,
idempotent retries after a lost answer, and receipt verification."""

from __future__ import annotations

import datetime as dt
import email.utils
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from joserfc.jwk import ECKey
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from connectors.client import (
    AgencyClient,
    GatewayRefused,
    GatewayUnreachable,
    ReceiptInvalid,
    _retry_after_seconds,
    idempotency_key,
)
from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys, KeyPurpose
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.pay_record import PayRecord
from tests.ingest import conftest as gateway_fixtures
from tests.ingest.conftest import ISSUER
from tests.ingest.kit import Agent, record, stored_counts

# The gateway tests' fixtures (the real app, its keys, an enrolled agency), used here under their names.
agent = gateway_fixtures.agent
app = gateway_fixtures.app
clock = gateway_fixtures.clock
config = gateway_fixtures.config
gateway_key_dir = gateway_fixtures.gateway_key_dir
gateway_keys = gateway_fixtures.gateway_keys

Rule = Callable[[httpx.Request, Callable[[], httpx.Response]], httpx.Response]


class ScriptedTransport(httpx.BaseTransport):
    """Passes requests to the app, except where a rule for the path decides otherwise (once each)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.rules: dict[str, list[Rule]] = {}
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Apply the next rule for this path, if any."""
        self.paths.append(request.url.path)
        rules = self.rules.get(request.url.path)
        if rules:
            return rules.pop(0)(request, lambda: self.inner.handle_request(request))
        return self.inner.handle_request(request)


@pytest.fixture
def transport(app: FastAPI) -> Iterator[ScriptedTransport]:
    """The in-process transport of Starlette's test client, wrapped."""
    with TestClient(app, base_url=ISSUER) as test_client:
        # The test client is an httpx.Client whose transport runs the ASGI app; reuse that transport.
        yield ScriptedTransport(test_client._transport)


@pytest.fixture
def sleeps() -> list[float]:
    """The delays the client asked to sleep."""
    return []


@pytest.fixture
def client(transport: ScriptedTransport, agent: Agent, sleeps: list[float]) -> Iterator[AgencyClient]:
    """An agency client speaking to the app."""
    http = httpx.Client(transport=transport, base_url=ISSUER)
    with AgencyClient(
        base_url=ISSUER,
        client_id=agent.client_id,
        signing_key=agent.key,
        http=http,
        batch_size=2,
        sleep=sleeps.append,
    ) as agency_client:
        yield agency_client
    http.close()


def _records(count: int) -> list[dict[str, Any]]:
    return [record(f"LS-{i}", week_start=dt.date(2026, 1, 5) + dt.timedelta(weeks=i)) for i in range(count)]


def test_records_are_pushed_in_batches_with_verified_receipts(
    client: AgencyClient, transport: ScriptedTransport, agent: Agent, session: Session
) -> None:
    seen: list[tuple[int, int]] = []

    pushed = client.push(_records(3), progress=lambda done, total: seen.append((done, total)))

    assert [batch.offset for batch in pushed] == [0, 2]
    assert [batch.receipt.counts.stored for batch in pushed] == [2, 1]
    assert seen == [(2, 3), (3, 3)]
    assert stored_counts(session, agent) == (2, 3)
    assert transport.paths.count("/v1/oauth/token") == 1
    assert transport.paths.count("/v1/.well-known/jwks.json") == 1


def test_pay_record_models_are_accepted_too(client: AgencyClient) -> None:
    model = PayRecord.model_validate(record("LS-1"))

    receipt = client.push_batch([model])

    assert receipt.records[0].record_id == "LS-1"


def test_the_idempotency_key_follows_the_records() -> None:
    records = _records(2)

    assert idempotency_key(records) == idempotency_key([dict(r) for r in records])
    assert idempotency_key(records) != idempotency_key(records[:1])
    assert idempotency_key(records).startswith("lb1-")


def test_a_lost_answer_is_retried_and_the_records_are_stored_once(
    client: AgencyClient, transport: ScriptedTransport, agent: Agent, session: Session
) -> None:
    def lose_answer(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        forward()
        raise httpx.ReadTimeout("antwoord kwijt", request=request)

    transport.rules["/v1/loonstroken"] = [lose_answer]

    receipt = client.push_batch(_records(2))

    assert receipt.counts.stored == 2
    assert stored_counts(session, agent) == (1, 2)


@pytest.mark.parametrize("status", [429, 503])
def test_busy_answers_are_retried_after_retry_after(
    client: AgencyClient, transport: ScriptedTransport, sleeps: list[float], status: int
) -> None:
    def busy(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        return httpx.Response(status, headers={"Retry-After": "3"}, json={"title": "druk", "status": status})

    transport.rules["/v1/loonstroken"] = [busy, busy]

    receipt = client.push_batch(_records(1))

    assert receipt.counts.stored == 1
    assert sleeps == [3.0, 3.0]


def test_network_errors_are_retried_with_backoff(
    client: AgencyClient, transport: ScriptedTransport, sleeps: list[float]
) -> None:
    def unreachable(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        raise httpx.ConnectError("verbinding geweigerd", request=request)

    transport.rules["/v1/loonstroken"] = [unreachable, unreachable]

    client.push_batch(_records(1))

    assert len(sleeps) == 2
    assert 0.25 <= sleeps[0] <= 0.5
    assert 0.5 <= sleeps[1] <= 1.0


def test_giving_up_after_the_last_attempt(client: AgencyClient, transport: ScriptedTransport) -> None:
    def unreachable(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        raise httpx.ConnectError("weg", request=request)

    transport.rules["/v1/loonstroken"] = [unreachable] * client.max_attempts

    with pytest.raises(GatewayUnreachable):
        client.push_batch(_records(1))


def test_a_refusal_is_not_retried(transport: ScriptedTransport, agent: Agent, sleeps: list[float]) -> None:
    stranger = ECKey.generate_key("P-256", auto_kid=True)
    http = httpx.Client(transport=transport, base_url=ISSUER)
    client = AgencyClient(
        base_url=ISSUER, client_id=agent.client_id, signing_key=stranger, http=http, sleep=sleeps.append
    )

    with pytest.raises(GatewayRefused) as refused:
        client.push_batch(_records(1))

    assert refused.value.status == 400
    assert refused.value.problem is not None
    assert refused.value.problem.code == "invalid_client"
    assert sleeps == []


def test_an_expired_token_is_replaced_once(
    client: AgencyClient, transport: ScriptedTransport, agent: Agent
) -> None:
    client.push_batch(_records(1))

    def expired(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        return httpx.Response(401, json={"title": "verlopen", "status": 401, "code": "unauthorized"})

    transport.rules["/v1/loonstroken"] = [expired]
    client.push_batch(_records(2)[1:])

    assert transport.paths.count("/v1/oauth/token") == 2


def test_a_receipt_that_does_not_match_its_signature_is_refused(
    client: AgencyClient, transport: ScriptedTransport
) -> None:
    def altered(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        response = forward()
        body = response.read().replace(b'"refused":0', b'"refused":1')
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    transport.rules["/v1/loonstroken"] = [altered]

    with pytest.raises(ReceiptInvalid):
        client.push_batch(_records(1))


def test_an_unsigned_receipt_is_refused(client: AgencyClient, transport: ScriptedTransport) -> None:
    def unsigned(request: httpx.Request, forward: Callable[[], httpx.Response]) -> httpx.Response:
        response = forward()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "jws-signature"}
        return httpx.Response(response.status_code, headers=headers, content=response.read())

    transport.rules["/v1/loonstroken"] = [unsigned]

    with pytest.raises(ReceiptInvalid):
        client.push_batch(_records(1))


def test_a_receipt_can_be_fetched_and_verified_again(client: AgencyClient) -> None:
    first = client.push_batch(_records(1))

    assert client.receipt(first.submission_id) == first


def test_receipts_signed_after_a_key_rotation_still_verify(
    database: Database,
    sealer: Sealer,
    gateway_key_dir: Path,
    config: IngestConfig,
    agent: Agent,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "gateway"
    shutil.copytree(gateway_key_dir, folder)
    keys = GatewayKeys(folder)
    rotating_app = create_app(database=database, sealer=sealer, keys=keys, config=config)
    with TestClient(rotating_app, base_url=ISSUER) as test_client:
        client = AgencyClient(
            base_url=ISSUER, client_id=agent.client_id, signing_key=agent.key, http=test_client
        )
        client.push_batch(_records(1))
        keys.rotate(KeyPurpose.SIGNING)
        receipt = client.push_batch(_records(2)[1:])

    assert receipt.counts.stored == 1


def test_retry_after_may_be_an_http_date() -> None:
    now = 1_800_000_000.0
    moment = email.utils.formatdate(now + 30, usegmt=True)

    assert _retry_after_seconds(moment, now) == pytest.approx(30.0)
    assert _retry_after_seconds("12", now) == 12.0
    assert _retry_after_seconds("morgen", now) is None
