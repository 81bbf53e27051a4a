"""GET /v1/meldingen: an agency reads its missing-data notifications with its own token; nobody else can.

Everything goes through the real app with real tokens; the notifications are stored by the real weekly
missing-data check and announced by the real webhook sender.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import httpx
import pytest
from joserfc.jwk import Key
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from gateway.ingest.config import IngestConfig
from gateway.jobs import kinds
from gateway.jobs.handlers import MissingDataDelivery
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import OutboxPolicy
from gateway.jobs.webhooks import WebhookSender
from gateway.security import jose_envelope
from gateway.security.gateway_keys import GatewayKeys, KeyPurpose
from gateway.store import enrollments
from gateway.store.models import Enrollment, OutboxEvent
from gateway.store.sealing import Sealer
from tests.ingest.conftest import ISSUER, Clock, make_agent
from tests.ingest.kit import (
    Agent,
    BoundToken,
    access_token,
    assertion,
    authorization,
    batch_payload,
    push,
    record,
    request_token,
    seal,
    token_form,
)
from tests.ingest.meldingen import CHECKED_AT, MISSING_WEEKS, run_check, set_clock

READ_AT = CHECKED_AT + dt.timedelta(hours=3)
"""When the agency reads: the morning of the check."""

OTHER_BSN = "999900043"


@pytest.fixture
def reading(clock: Clock) -> None:
    """The app's clock at `READ_AT`."""
    set_clock(clock, READ_AT)


def _token(client: TestClient, agent: Agent, config: IngestConfig, clock: Clock, **form: str) -> BoundToken:
    return access_token(client, agent, config, clock=clock, **form)


def _get(client: TestClient, path: str, token: str | None, **params: Any) -> httpx.Response:
    headers: dict[str, str] = {}
    if isinstance(token, BoundToken):
        headers = authorization(client, token, "GET", path)
    elif token:
        headers = {"Authorization": f"DPoP {token}"}
    response: httpx.Response = client.get(path, headers=headers, params=params)
    return response


def _notification_ids(session: Session, agent: Agent) -> list[str]:
    events = session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.topic == kinds.AGENCY_MISSING_DATA)
        .order_by(OutboxEvent.created_at.desc())
    )
    return [event.id for event in events if event.payload["agencyId"] == agent.agency.id]


def _periods(bsn: str, weeks: list[tuple[dt.date, dt.date]]) -> list[dict[str, str]]:
    return [
        {"bsn": bsn, "periodStart": s.isoformat(), "periodEnd": e.isoformat(), "reason": "geen_loonstrook"}
        for s, e in weeks
    ]


@pytest.mark.usefixtures("reading")
def test_the_agency_reads_the_missing_periods_of_the_workers_enrolled_with_it_today(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    clock: Clock,
    gateway_keys: GatewayKeys,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
) -> None:
    token = _token(client, agent, config, clock)
    # One week delivered for the first worker; the third worker left the agency after the missing weeks.
    pushed = push(
        client,
        token,
        seal(
            batch_payload([record("LS-1", week_start=dt.date(2026, 2, 2))], created_at=clock()),
            agent,
            gateway_keys,
        ),
    )
    assert pushed.status_code == 201, pushed.text
    [leaver] = session.scalars(
        select(Enrollment).where(Enrollment.worker_id == agent.workers["999900031"].id)
    )
    enrollments.end(session=session, enrollment=leaver, valid_to=dt.date(2026, 3, 10))
    run_check(session_factory, sealer)
    [notification_id] = _notification_ids(session, agent)

    response = _get(client, f"/v1/meldingen/{notification_id}", token)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    without_delivered_week = [week for week in MISSING_WEEKS if week[0] != dt.date(2026, 2, 2)]
    assert body == {
        "id": notification_id,
        "week": "2026-W12",
        "createdAt": "2026-03-16T05:00:00Z",
        "workerCount": 2,
        "periodCount": 17,
        "missingPeriods": _periods("999900006", without_delivered_week)
        + _periods("999900018", MISSING_WEEKS),
    }
    listed = _get(client, "/v1/meldingen", token).json()
    assert listed == {
        "items": [{key: body[key] for key in ("id", "week", "createdAt", "workerCount", "periodCount")}],
        "page": 1,
        "pageSize": 20,
        "nextPage": None,
    }


@pytest.mark.usefixtures("reading")
def test_another_agency_sees_only_its_own_notifications(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    clock: Clock,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
) -> None:
    other = make_agent(session, sealer, bsns=(OTHER_BSN,))
    run_check(session_factory, sealer)
    [mine] = _notification_ids(session, agent)
    [theirs] = _notification_ids(session, other)
    token = _token(client, other, config, clock)

    refused = _get(client, f"/v1/meldingen/{mine}", token)
    listed = _get(client, "/v1/meldingen", token).json()
    own = _get(client, f"/v1/meldingen/{theirs}", token).json()

    assert refused.status_code == 404
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "not_found"
    assert "999900006" not in refused.text
    assert [item["id"] for item in listed["items"]] == [theirs]
    assert {period["bsn"] for period in own["missingPeriods"]} == {OTHER_BSN}


@pytest.mark.usefixtures("reading")
def test_ids_that_are_no_notification_are_not_found(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    clock: Clock,
    gateway_keys: GatewayKeys,
    session: Session,
) -> None:
    token = _token(client, agent, config, clock)
    pushed = push(
        client, token, seal(batch_payload([record("LS-1")], created_at=clock()), agent, gateway_keys)
    )
    assert pushed.status_code == 201, pushed.text
    [received] = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.PAY_RECORDS_RECEIVED))

    never_made = "01a249aa-0000-7000-8000-000000000000"
    unknown = [_get(client, f"/v1/meldingen/{name}", token) for name in (received.id, never_made)]
    too_long = _get(client, f"/v1/meldingen/{'x' * 65}", token)

    assert [(r.status_code, r.json()["code"]) for r in unknown] == [(404, "not_found")] * 2
    assert (too_long.status_code, too_long.json()["code"]) == (400, "invalid_input")


@pytest.mark.usefixtures("reading")
def test_the_list_is_paginated_newest_first(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    clock: Clock,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
) -> None:
    for weeks_later in (0, 1, 2):
        run_check(session_factory, sealer, now=CHECKED_AT + dt.timedelta(weeks=weeks_later))
    token = _token(client, agent, config, clock)

    first = _get(client, "/v1/meldingen", token, pageSize=2).json()
    second = _get(client, "/v1/meldingen", token, page=2, pageSize=2).json()
    too_large = _get(client, "/v1/meldingen", token, pageSize=101)

    assert [item["week"] for item in first["items"] + second["items"]] == ["2026-W14", "2026-W13", "2026-W12"]
    assert [item["id"] for item in first["items"] + second["items"]] == _notification_ids(session, agent)
    assert (first["nextPage"], second["nextPage"]) == (2, None)
    assert [item["periodCount"] for item in first["items"] + second["items"]] == [33, 30, 27]
    assert too_large.status_code == 400
    assert too_large.json()["invalidParams"][0]["name"] == "pageSize"


def test_without_a_valid_token_nothing_is_shown(
    client: TestClient, agent: Agent, session: Session, session_factory: sessionmaker[Session], sealer: Sealer
) -> None:
    run_check(session_factory, sealer)
    [notification_id] = _notification_ids(session, agent)

    for path in ("/v1/meldingen", f"/v1/meldingen/{notification_id}"):
        for token in (None, "geen.geldig.token"):
            response = _get(client, path, token)
            assert response.status_code == 401, (path, token)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"].startswith("DPoP error=")
            # No BSN of the agency's workers (a bare "9999" matched the problem's random instance id).
            assert not [bsn for bsn in agent.workers if bsn in response.text]
            assert "missingPeriods" not in response.text


@pytest.mark.usefixtures("reading")
def test_a_token_for_pushing_only_may_not_read_notifications(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    clock: Clock,
    gateway_keys: GatewayKeys,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
) -> None:
    run_check(session_factory, sealer)
    [notification_id] = _notification_ids(session, agent)
    # What clients written before meldingen:lezen existed ask for: they keep pushing as before.
    write_only = _token(client, agent, config, clock, scope="loonstroken:schrijven")

    refused = _get(client, f"/v1/meldingen/{notification_id}", write_only)
    pushed = push(
        client,
        write_only,
        seal(batch_payload([record("LS-1")], created_at=clock()), agent, gateway_keys),
        now=clock(),
    )

    assert (refused.status_code, refused.json()["code"]) == (403, "insufficient_scope")
    assert "meldingen:lezen" in refused.json()["detail"]
    assert pushed.status_code == 201, pushed.text


@pytest.mark.usefixtures("reading")
def test_the_token_grants_what_is_asked_and_both_scopes_by_default(
    client: TestClient, agent: Agent, config: IngestConfig, clock: Clock
) -> None:
    def granted(**form: str) -> str:
        response = request_token(
            client, agent.key, data=token_form(assertion(agent, config, now=clock()), **form), now=clock()
        )
        assert response.status_code == 200, response.text
        return str(response.json()["scope"])

    assert granted() == "loonstroken:schrijven meldingen:lezen"
    assert granted(scope="meldingen:lezen") == "meldingen:lezen"
    assert granted(scope="meldingen:lezen loonstroken:schrijven") == "loonstroken:schrijven meldingen:lezen"


class _Receiver:
    """The agency's webhook endpoint: keeps the verified claims of every token posted to it."""

    def __init__(self, keys: GatewayKeys) -> None:
        self.keys = keys
        self.claims: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        def resolve(header: dict[str, Any]) -> Key | None:
            return self.keys.find(KeyPurpose.SIGNING, header.get("kid"))

        self.claims.append(json.loads(jose_envelope.verify(request.content, resolve).payload))
        return httpx.Response(202)


@pytest.mark.usefixtures("reading")
def test_the_webhook_link_leads_to_the_bsns_which_reach_no_log_nor_the_webhook(
    client: TestClient,
    agent: Agent,
    config: IngestConfig,
    clock: Clock,
    gateway_keys: GatewayKeys,
    session: Session,
    session_factory: sessionmaker[Session],
    sealer: Sealer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Everything at DEBUG, as an operator hunting a problem would set it.
    for name in (None, "httpx", "httpcore", "sqlalchemy.engine", "loonbrug"):
        caplog.set_level(logging.DEBUG, logger=name)
    agent.agency.webhook_url = "https://hooks.uitzendbureau.example/loonbrug"
    session.flush()
    run_check(session_factory, sealer)
    receiver = _Receiver(gateway_keys)
    sender = WebhookSender(
        issuer=ISSUER,
        signing_key=lambda: gateway_keys.signing_key,
        client=httpx.Client(transport=httpx.MockTransport(receiver)),
    )
    report = process_outbox(
        sessions=session_factory,
        handlers={kinds.AGENCY_MISSING_DATA: MissingDataDelivery(sender)},
        now=CHECKED_AT,
        policy=OutboxPolicy(batch_size=10, retry_base_seconds=5, retry_max_seconds=3600),
    )
    assert report.counts == {"processed": 1}
    [claims] = receiver.claims
    [event] = claims["events"].values()
    token = _token(client, agent, config, clock)

    listed = _get(client, "/v1/meldingen", token)
    details_path = event["details"].removeprefix(str(client.base_url))
    details = client.get(event["details"], headers=authorization(client, token, "GET", details_path))

    assert details.status_code == 200, details.text
    assert {period["bsn"] for period in details.json()["missingPeriods"]} == set(agent.workers)
    assert details.json()["periodCount"] == event["aantalTijdvakken"] == 27
    assert "melding" in caplog.text, "the read was logged"
    for bsn in agent.workers:
        assert bsn not in json.dumps(claims)
        assert bsn not in listed.text
        assert bsn not in details.request.url.path
        assert bsn not in caplog.text


def test_the_openapi_document_describes_notifications_in_dutch_with_no_bsn_in_any_url(
    client: TestClient,
) -> None:
    document = client.get("/v1/openapi.json").json()

    paths = {path: document["paths"][path]["get"] for path in ("/meldingen", "/meldingen/{notification_id}")}
    schemas = document["components"]["schemas"]
    fields = {**schemas["MissingPeriod"]["properties"], **schemas["Notification"]["properties"]}
    assert all(operation["tags"] == ["meldingen"] for operation in paths.values())
    assert fields["bsn"]["description"] == "BSN van de werkende (dat u zelf al in uw administratie hebt)."
    assert all(field["description"] for field in fields.values())
    assert [p["name"] for op in paths.values() for p in op["parameters"]] == [
        "page",
        "pageSize",
        "notification_id",
    ]
