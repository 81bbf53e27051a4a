"""Each agency push writes one audit record: stored, answered again, or refused (issue 14, point 7)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.security.gateway_keys import GatewayKeys
from gateway.store import audit
from gateway.store.models import AuditEvent
from tests.ingest.kit import Agent, batch_payload, push, record, seal


def _pushes(session: Session) -> list[AuditEvent]:
    statement = select(AuditEvent).where(AuditEvent.action == "loonstroken.aanlevering")
    return list(session.scalars(statement.order_by(AuditEvent.sequence)))


def test_every_push_writes_one_audit_record(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    envelope = seal(batch_payload([record("LS-1")]), agent, gateway_keys)

    stored = push(client, token, envelope, key="sleutel-1")
    replayed = push(client, token, envelope, key="sleutel-1")
    refused = push(client, token, "geen.geldige.jwe.tekst.hier")

    assert (stored.status_code, replayed.status_code, refused.status_code) == (201, 201, 400)
    events = _pushes(session)
    assert [(e.actor, e.actor_role, e.purpose) for e in events] == [
        (agent.client_id, "agency", "aanlevering")
    ] * 3
    assert [e.result for e in events][:2] == ["stored", "replayed"]
    assert events[2].result == refused.json()["code"]
    assert all(e.origin == "testclient" and e.trace_id for e in events)
    assert audit.verify(session=session).intact
