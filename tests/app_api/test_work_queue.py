"""The portal's work queue through the real app: per worker the newest month and what needs doing, the
team lead's review queue, the steps offered to whom (four eyes), staff by name, and handling a signal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.jobs import kinds, missing_data
from gateway.store import signals, staff
from gateway.store.models import OutboxEvent, Signal
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import NOW, World


def _entry(client: TestClient, headers: dict[str, str], worker_id: str) -> Any:
    answer = client.get("/v1/caseload", headers=headers)
    assert answer.status_code == 200, answer.text
    return next(item for item in answer.json()["items"] if item["workerId"] == worker_id)


def _move(client: TestClient, world: World, headers: dict[str, str], month: str, to: str) -> Any:
    version = client.get(f"/v1/werkenden/{world.worker.id}/maanden/{month}", headers=headers).json()[
        "version"
    ]
    answer = client.post(
        f"/v1/werkenden/{world.worker.id}/maanden/{month}/overgangen",
        headers=headers,
        json={"to": to, "version": version},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_the_caseload_shows_the_month_and_what_to_do(client: TestClient, world: World, token: Tokens) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))

    entry = _entry(client, consultant, world.worker.id)

    assert entry["month"]["month"] == "2026-02"
    assert entry["month"]["status"] == "concept"
    assert entry["month"]["complete"] is False
    assert entry["month"]["income"] != "0.00"
    # January is over and complete: it is to be proposed; February still runs. This worker's pay reaches
    # the exit income in both months: two exit forecasts want a look.
    assert entry["toDo"] == [
        {"action": "voorstellen", "month": "2026-01", "count": None},
        {"action": "signalen_bekijken", "month": None, "count": 2},
    ]


def test_the_review_queue_lists_proposed_months_and_who_may_approve(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    staff.create(
        session=session,
        municipality_id=world.municipality.id,
        subject="dubbelrol-noord",
        display_name="Dirk Dubbelrol",
        roles=("consultant", "team_lead"),
    )
    session.commit()
    dual = bearer(token(Role.TEAM_LEAD, "dubbelrol-noord"))
    team_lead = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    assert client.get("/v1/te-beoordelen", headers=team_lead).json()["items"] == []

    proposed = _move(client, world, dual, "2026-01", "voorgesteld")

    assert proposed["transitions"][-1]["actorName"] == "Dirk Dubbelrol"
    assert proposed["transitions"][0]["actorName"] == "Loonbrug (automatisch)"
    assert proposed["steps"] == ["concept"]  # under four eyes the proposer may send back, not approve
    [mine] = client.get("/v1/te-beoordelen", headers=dual).json()["items"]
    assert (mine["month"], mine["proposedByName"], mine["mayApprove"]) == ("2026-01", "Dirk Dubbelrol", False)
    [theirs] = client.get("/v1/te-beoordelen", headers=team_lead).json()["items"]
    assert (theirs["name"], theirs["mayApprove"]) == ("Jan Testpersoon", True)
    month = client.get(f"/v1/werkenden/{world.worker.id}/maanden/2026-01", headers=team_lead).json()
    assert month["steps"] == ["goedgekeurd", "concept"]
    assert _entry(client, team_lead, world.worker.id)["toDo"][0] == {
        "action": "goedkeuren",
        "month": "2026-01",
        "count": None,
    }
    refused = client.get("/v1/te-beoordelen", headers=consultant)
    assert refused.status_code == 403

    _move(client, world, team_lead, "2026-01", "goedgekeurd")
    assert client.get("/v1/te-beoordelen", headers=team_lead).json()["items"] == []


def _missing_signal(session: Session, world: World) -> Signal:
    missing_data.check_worker(
        session=session,
        worker_id=world.worker.id,
        window_start=dt.date(2026, 1, 5),
        due_until=dt.date(2026, 2, 22),
        now=NOW,
    )
    session.commit()
    [signal] = [
        s
        for s in signals.open_for_worker(session=session, worker_id=world.worker.id)
        if s.kind == kinds.MISSING_PERIOD
    ]
    return signal


def test_a_missing_pay_slip_names_the_agency_and_can_be_asked_for_and_dismissed(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    signal = _missing_signal(session, world)
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    url = f"/v1/werkenden/{world.worker.id}/signalen/{signal.id}/afhandeling"

    [shown] = [s for s in _entry(client, consultant, world.worker.id)["openSignals"] if s["id"] == signal.id]
    assert (shown["agencyName"], shown["actions"]) == (
        "Uitzendbureau Test",
        ["uitvragen", "geen_werk", "afwijzen"],
    )

    asked = client.post(url, headers=consultant, json={"action": "uitvragen"})
    assert asked.status_code == 200, asked.text
    assert asked.json()["askedAt"] is not None
    [request] = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.AGENCY_MISSING_DATA))
    assert request.payload["agencyId"] == world.agency.id
    assert request.payload["items"] == [
        {"workerId": world.worker.id, "periodStart": "2026-02-16", "periodEnd": "2026-02-22"}
    ]

    no_reason = client.post(url, headers=consultant, json={"action": "afwijzen"})
    assert (no_reason.status_code, no_reason.json()["invalidParams"][0]["name"]) == (400, "reason")
    closed = client.post(url, headers=consultant, json={"action": "afwijzen", "reason": "geregeld"})
    assert closed.status_code == 200, closed.text
    assert signal.id not in [s["id"] for s in _entry(client, consultant, world.worker.id)["openSignals"]]
    again = client.post(url, headers=consultant, json={"action": "geen_werk"})
    assert (again.status_code, again.json()["code"]) == (409, "signal_closed")
    session.expire_all()
    stored = session.get(Signal, signal.id)
    assert stored is not None
    assert (stored.payload["resolvedBy"], stored.payload["resolution"]) == (
        f"staff:{world.consultant.id}",
        "afwijzen:geregeld",
    )


def test_another_municipality_cannot_handle_the_signal(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    signal = _missing_signal(session, world)
    foreign = bearer(token(Role.CONSULTANT, world.other_consultant.subject))

    answer = client.post(
        f"/v1/werkenden/{world.worker.id}/signalen/{signal.id}/afhandeling",
        headers=foreign,
        json={"action": "geen_werk"},
    )

    assert answer.status_code == 404
