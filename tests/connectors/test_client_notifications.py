"""The agency client reads its notifications from the real agency API (in process, real keys and tokens)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from connectors.client import AgencyClient, GatewayRefused
from gateway.jobs import kinds
from gateway.store.models import OutboxEvent
from gateway.store.sealing import Sealer
from schemas.notifications import MissingReason
from tests.ingest import conftest as gateway_fixtures
from tests.ingest.conftest import ISSUER, Clock, make_agent
from tests.ingest.kit import Agent
from tests.ingest.meldingen import CHECKED_AT, MISSING_WEEKS, run_check, set_clock

# The gateway tests' fixtures (the real app, its keys, an enrolled agency), used here under their names.
agent = gateway_fixtures.agent
app = gateway_fixtures.app
clock = gateway_fixtures.clock
config = gateway_fixtures.config
gateway_key_dir = gateway_fixtures.gateway_key_dir
gateway_keys = gateway_fixtures.gateway_keys


@pytest.fixture
def http(app: FastAPI) -> Iterator[httpx.Client]:
    """An HTTP client whose transport runs the app in process."""
    with TestClient(app, base_url=ISSUER) as test_client:
        yield test_client


def _client(http: httpx.Client, agent: Agent, clock: Clock) -> AgencyClient:
    # The client's clock follows the app's, so its assertions are fresh by the gateway's time.
    return AgencyClient(
        base_url=ISSUER,
        client_id=agent.client_id,
        signing_key=agent.key,
        http=http,
        clock=lambda: clock().timestamp(),
        sleep=lambda seconds: None,
    )


def test_the_client_lists_and_reads_its_notifications(
    http: httpx.Client,
    agent: Agent,
    clock: Clock,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
) -> None:
    set_clock(clock, CHECKED_AT + dt.timedelta(weeks=1, hours=1))
    run_check(session_factory, sealer)
    run_check(session_factory, sealer, now=CHECKED_AT + dt.timedelta(weeks=1))
    client = _client(http, agent, clock)

    listed = client.notifications()
    newest = client.notification(listed[0].id)

    assert [(str(item.week), item.worker_count, item.period_count) for item in listed] == [
        ("2026-W13", 3, 30),
        ("2026-W12", 3, 27),
    ]
    assert newest.id == listed[0].id
    assert {period.bsn for period in newest.missing_periods} == set(agent.workers)
    first_worker = [p for p in newest.missing_periods if p.bsn == "999900006"]
    assert [(p.period_start, p.period_end) for p in first_worker] == [
        *MISSING_WEEKS,
        (dt.date(2026, 3, 2), dt.date(2026, 3, 8)),
    ]
    assert {p.reason for p in newest.missing_periods} == {MissingReason.NO_PAY_RECORD}


def test_the_client_pages_through_every_notification(
    http: httpx.Client,
    agent: Agent,
    clock: Clock,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_clock(clock, CHECKED_AT + dt.timedelta(weeks=2, hours=1))
    for weeks_later in (0, 1, 2):
        run_check(session_factory, sealer, now=CHECKED_AT + dt.timedelta(weeks=weeks_later))
    monkeypatch.setattr("connectors.client.NOTIFICATIONS_PAGE_SIZE", 2)

    listed = _client(http, agent, clock).notifications()

    assert [str(item.week) for item in listed] == ["2026-W14", "2026-W13", "2026-W12"]


def test_another_agencys_notification_is_refused_as_not_found(
    http: httpx.Client,
    agent: Agent,
    clock: Clock,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
) -> None:
    other = make_agent(session, sealer, bsns=("999900043",))
    set_clock(clock, CHECKED_AT + dt.timedelta(hours=1))
    run_check(session_factory, sealer)
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.AGENCY_MISSING_DATA))
    [theirs] = [event.id for event in events if event.payload["agencyId"] == other.agency.id]

    with pytest.raises(GatewayRefused) as refused:
        _client(http, agent, clock).notification(theirs)

    assert refused.value.status == 404
    assert refused.value.problem is not None
    assert refused.value.problem.code == "not_found"
