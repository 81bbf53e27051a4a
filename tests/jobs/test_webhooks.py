"""Agency notifications delivered as signed security event tokens, through the outbox."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc.jwk import Key
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.jobs import kinds, missing_data
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import MissingDataDelivery
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import MissingDataPolicy, OutboxPolicy
from gateway.jobs.webhooks import WebhookError, WebhookSender
from gateway.security import jose_envelope
from gateway.security.gateway_keys import GatewayKeys, KeyPurpose
from gateway.store.models import OutboxEvent
from gateway.store.sealing import Sealer
from tests.jobs.scenario import build_scenario

NOW = dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC)
ISSUER = "https://gateway.gemeente.example"
HOOK = "https://hooks.uitzendbureau.example/loonbrug"


class AgencyReceiver:
    """The agency's webhook endpoint: verifies each token with the gateway's published keys."""

    def __init__(self, keys: GatewayKeys, status: int = 202) -> None:
        self.keys = keys
        self.status = status
        self.received: list[tuple[dict[str, Any], dict[str, Any], str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        def resolve(header: dict[str, Any]) -> Key | None:
            return self.keys.find(KeyPurpose.SIGNING, header.get("kid"))

        verified = jose_envelope.verify(request.content, resolve)
        self.received.append((json.loads(verified.payload), verified.header, request.headers["content-type"]))
        return httpx.Response(self.status)


@pytest.fixture
def gateway_keys(tmp_path: Path) -> GatewayKeys:
    """Freshly generated gateway keys."""
    return GatewayKeys(tmp_path / "gateway", generate=True)


def _sender(keys: GatewayKeys, receiver: AgencyReceiver, *, allow_http: bool = False) -> WebhookSender:
    client = httpx.Client(transport=httpx.MockTransport(receiver))
    return WebhookSender(
        issuer=ISSUER, signing_key=lambda: keys.signing_key, client=client, allow_http=allow_http
    )


def _notify(session: Session, sealer: Sealer, context: JobContext, webhook_url: str | None) -> str:
    scenario = build_scenario(
        session,
        sealer,
        benefit_start=dt.date(2026, 2, 1),
        enrolled_from=dt.date(2026, 2, 2),
        webhook_url=webhook_url,
    )
    scenario.push(dt.date(2026, 2, 2))
    missing_data.run(context=context, now=NOW, policy=MissingDataPolicy(grace_days=10, lookback_weeks=13))
    return scenario.agency.client_id


def _deliver(context: JobContext, sender: WebhookSender) -> dict[str, int]:
    table = {kinds.AGENCY_MISSING_DATA: MissingDataDelivery(sender)}
    policy = OutboxPolicy(batch_size=10, retry_base_seconds=60, retry_max_seconds=3600)
    return process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=policy).counts


def test_the_notification_is_posted_as_a_signed_token_naming_no_person(
    session: Session, sealer: Sealer, context: JobContext, gateway_keys: GatewayKeys
) -> None:
    client_id = _notify(session, sealer, context, HOOK)
    receiver = AgencyReceiver(gateway_keys)

    assert _deliver(context, _sender(gateway_keys, receiver)) == {"processed": 1}

    [(claims, header, content_type)] = receiver.received
    [event] = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.AGENCY_MISSING_DATA))
    assert (header["alg"], header["typ"], content_type) == (
        "ES256",
        "secevent+jwt",
        "application/secevent+jwt",
    )
    assert claims == {
        "iss": ISSUER,
        "aud": client_id,
        "iat": int(NOW.timestamp()),
        "jti": event.id,
        "events": {
            "https://loonbrug.nl/events/ontbrekende-loonstroken": {
                "week": "2026-W12",
                "aantalWerknemers": 1,
                "aantalTijdvakken": 3,
                "details": f"{ISSUER}/v1/meldingen/{event.id}",
            }
        },
    }
    assert "999900006" not in json.dumps(claims)


def test_a_refused_delivery_is_retried_later(
    session: Session, sealer: Sealer, context: JobContext, gateway_keys: GatewayKeys
) -> None:
    _notify(session, sealer, context, HOOK)

    assert _deliver(context, _sender(gateway_keys, AgencyReceiver(gateway_keys, status=503))) == {"failed": 1}

    [event] = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.AGENCY_MISSING_DATA))
    session.refresh(event)
    assert (event.attempts, event.last_error, event.processed_at) == (1, "WebhookError:http_503", None)


def test_without_a_webhook_url_the_notification_is_only_stored(
    session: Session, sealer: Sealer, context: JobContext, gateway_keys: GatewayKeys
) -> None:
    _notify(session, sealer, context, None)
    receiver = AgencyReceiver(gateway_keys)

    assert _deliver(context, _sender(gateway_keys, receiver)) == {"processed": 1}
    assert receiver.received == []


def test_plain_http_is_refused_outside_development(gateway_keys: GatewayKeys) -> None:
    receiver = AgencyReceiver(gateway_keys)
    arguments: dict[str, Any] = {
        "url": "http://hooks.uitzendbureau.example/",
        "audience": "agency-1",
        "event_id": "e-1",
        "event": "test",
        "body": {},
        "now": NOW,
    }
    with pytest.raises(WebhookError, match="url_scheme_refused"):
        _sender(gateway_keys, receiver).deliver(**arguments)
    _sender(gateway_keys, receiver, allow_http=True).deliver(**arguments)
    assert len(receiver.received) == 1
