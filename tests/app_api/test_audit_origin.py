"""Every audit record names where the request came from and its W3C trace id; refused sign-ins and
role refusals are recorded too (issue 14, point 7)."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jws import JWSRegistry
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from app_api.config import IssuerKind
from app_api.dev_issuer import DevIssuer
from gateway.store import audit
from gateway.store.models import AuditEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def _worker_token(issuer: DevIssuer, bsn: str) -> str:
    """A valid worker token for a BSN Loonbrug does not know (the development tokens refuse to make one)."""
    now = int(time.time())
    claims = {
        "iss": issuer.issuer(IssuerKind.WORKER),
        "aud": issuer.audience,
        "sub": "burger-onbekend",
        "bsn": bsn,
        "iat": now,
        "exp": now + 600,
    }
    key = issuer.signing_key()
    return jwt.encode(
        {"alg": "ES256", "kid": key.kid}, claims, key, registry=JWSRegistry(algorithms=["ES256"])
    )


TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def _new_events(session: Session, after: int) -> list[AuditEvent]:
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.sequence > after).order_by(AuditEvent.sequence))
    )


def _last_sequence(session: Session) -> int:
    events = list(session.scalars(select(AuditEvent.sequence).order_by(AuditEvent.sequence.desc()).limit(1)))
    return events[0] if events else 0


def test_a_record_carries_the_client_address_and_the_incoming_trace_id(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    before = _last_sequence(session)
    headers = {
        **bearer(token(Role.CONSULTANT, world.consultant.subject)),
        "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
    }

    response = client.get(f"/v1/werkenden/{world.worker.id}/weken", headers=headers)

    assert response.status_code == 200
    echoed = TRACEPARENT.match(response.headers["traceparent"])
    assert echoed is not None
    assert echoed.group(1) == TRACE_ID
    [event] = _new_events(session, before)
    assert (event.origin, event.trace_id) == ("testclient", TRACE_ID)
    assert audit.verify(session=session).intact
    auditor = bearer(token(Role.AUDITOR, world.auditor.subject))
    shown = client.get("/v1/auditlog", headers=auditor, params={"workerId": world.worker.id}).json()["items"]
    assert (shown[0]["origin"], shown[0]["traceId"]) == ("testclient", TRACE_ID)


def test_without_a_valid_traceparent_the_trace_starts_here(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    before = _last_sequence(session)

    invalid = client.get(
        f"/v1/werkenden/{world.worker.id}",
        headers={**headers, "traceparent": f"00-{'0' * 32}-00f067aa0ba902b7-01"},
    )
    missing = client.get(f"/v1/werkenden/{world.worker.id}", headers=headers)

    started = [TRACEPARENT.match(answer.headers["traceparent"]) for answer in (invalid, missing)]
    assert all(match is not None for match in started)
    trace_ids = [match.group(1) for match in started if match is not None]
    assert "0" * 32 not in trace_ids
    assert trace_ids[0] != trace_ids[1]
    assert [event.trace_id for event in _new_events(session, before)] == trace_ids


def test_refused_sign_ins_are_recorded_without_naming_a_bsn(
    client: TestClient, world: World, dev_issuer: DevIssuer, session: Session
) -> None:
    before = _last_sequence(session)

    bad_token = client.get("/v1/caseload", headers=bearer("eyJhbGciOiJFUzI1NiJ9.e30.c2ln"))
    unknown_worker = client.get("/v1/mij/weken", headers=bearer(_worker_token(dev_issuer, TEST_BSNS[5])))

    assert (bad_token.status_code, unknown_worker.status_code) == (401, 403)
    events = _new_events(session, before)
    assert [(e.purpose, e.result, e.actor) for e in events] == [
        ("aanmelding", "token_invalid", "onbekend"),
        ("aanmelding", "unknown_person", "burger"),
    ]
    assert [e.action for e in events] == ["GET /v1/caseload", "GET /v1/mij/weken"]
    assert all(e.origin == "testclient" and e.trace_id for e in events)
    assert not any(TEST_BSNS[5] in str(e.__dict__) for e in events)


def test_role_refusals_are_recorded(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    before = _last_sequence(session)

    worker_on_staff_route = client.get("/v1/caseload", headers=bearer(token(Role.WORKER, TEST_BSNS[0])))
    auditor_on_worker_route = client.get(
        "/v1/mij/weken", headers=bearer(token(Role.AUDITOR, world.auditor.subject))
    )

    assert (worker_on_staff_route.status_code, auditor_on_worker_route.status_code) == (403, 403)
    events = _new_events(session, before)
    assert [(e.actor, e.actor_role, e.purpose, e.result) for e in events] == [
        (f"worker:{world.worker.id}", "worker", "autorisatie", "role_not_allowed"),
        (f"staff:{world.auditor.id}", "auditor", "autorisatie", "role_not_allowed"),
    ]
    assert audit.verify(session=session).intact
