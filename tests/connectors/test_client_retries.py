"""The client rides out an outage of the gateway's database: 503s are retried with exponential backoff and
jitter, never sooner than Retry-After, for long enough to cover a fail-over, with the same Idempotency-Key."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from connectors.client import AgencyClient
from tests.connectors import test_client as client_fixtures
from tests.connectors.test_client import ScriptedTransport, _records

agent = client_fixtures.agent
app = client_fixtures.app
client = client_fixtures.client
clock = client_fixtures.clock
config = client_fixtures.config
gateway_key_dir = client_fixtures.gateway_key_dir
gateway_keys = client_fixtures.gateway_keys
sleeps = client_fixtures.sleeps
transport = client_fixtures.transport

Forward = Callable[[], httpx.Response]


def test_a_database_outage_of_half_a_minute_is_ridden_out_with_the_same_idempotency_key(
    client: AgencyClient, transport: ScriptedTransport, sleeps: list[float]
) -> None:
    keys: list[str] = []

    def unavailable(request: httpx.Request, forward: Forward) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        problem = {"title": "Tijdelijk niet beschikbaar", "status": 503, "code": "database_unavailable"}
        return httpx.Response(503, headers={"Retry-After": "2"}, json=problem)

    def recovered(request: httpx.Request, forward: Forward) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        return forward()

    transport.rules["/v1/loonstroken"] = [unavailable] * 7 + [recovered]

    receipt = client.push_batch(_records(1))

    assert receipt.counts.stored == 1
    assert len(keys) == 8
    assert len(set(keys)) == 1
    assert all(delay >= 2 for delay in sleeps)
    # Backing off beyond the asked 2 s once the outage lasts: 0.5 s doubling, half to full, at most 30 s.
    assert 8 <= sleeps[5] <= 16
    assert 15 <= sleeps[6] <= 30
    assert sum(sleeps) >= 30
