"""Consultant changes to a case: household facts, advances, enrollments, registering a worker.

Each change is stored with its audit record and an outbox event for the recompute, in one transaction.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.jobs import kinds
from gateway.store import audit
from gateway.store.models import AuditEvent, OutboxEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS


def _outbox(session: Session) -> list[tuple[str, dict[str, Any]]]:
    return [
        (event.topic, dict(event.payload))
        for event in session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))
    ]


def _last_action(session: Session) -> tuple[str, str]:
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.sequence.desc()).limit(1)).one()
    return event.action, event.result


def test_a_household_change_is_a_new_validity_period_and_triggers_a_recompute(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    before = client.get(f"/v1/werkenden/{world.worker.id}/huishouden", headers=headers).json()["periods"]
    assert [(p["validFrom"], p["validTo"]) for p in before] == [("2026-01-01", None)]
    change = {
        "validFrom": "2026-02-01",
        "facts": {"benefitStart": "2026-01-01", "householdType": "alleenstaand", "costSharers": 1},
    }
    response = client.post(f"/v1/werkenden/{world.worker.id}/huishouden", headers=headers, json=change)
    assert response.status_code == 201
    periods = response.json()["periods"]
    assert [(p["validFrom"], p["validTo"], p["facts"]["costSharers"]) for p in periods] == [
        ("2026-01-01", "2026-01-31", 0),
        ("2026-02-01", None, 1),
    ]
    assert _outbox(session)[-1] == (kinds.CASE_CHANGED, {"workerId": world.worker.id})
    assert _last_action(session) == ("household.change", "success")


def test_household_input_is_validated_and_not_echoed(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    before = _outbox(session)
    response = client.post(
        f"/v1/werkenden/{world.worker.id}/huishouden",
        headers=headers,
        json={
            "validFrom": "2026-03-01",
            "validTo": "2026-02-01",
            "facts": {"benefitStart": "2026-01-01", "householdType": "gehuwd_samenwonend", "costSharers": -1},
        },
    )
    assert response.status_code == 400
    assert {param["name"] for param in response.json()["invalidParams"]} == {"facts.costSharers"}
    assert _outbox(session) == before


def test_an_advance_is_recorded_and_the_last_one_counts(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    url = f"/v1/werkenden/{world.worker.id}/voorschotten"
    assert client.post(url, headers=headers, json={"month": "2026-02", "amount": "850.00"}).status_code == 201
    advances = {
        entry["month"]: entry["amount"] for entry in client.get(url, headers=headers).json()["advances"]
    }
    assert advances == {"2026-01": "900.00", "2026-02": "850.00"}
    assert _outbox(session)[-1] == (kinds.CASE_CHANGED, {"workerId": world.worker.id})
    # Amounts travel as text: a binary float could already have lost a cent on the client's side.
    as_number = client.post(url, headers=headers, json={"month": "2026-02", "amount": 850.5})
    assert (as_number.status_code, as_number.json()["invalidParams"][0]["code"]) == (400, "float_not_allowed")
    negative = client.post(url, headers=headers, json={"month": "2026-02", "amount": "-1.00"})
    assert negative.status_code == 400
    assert "-1.00" not in negative.text


def test_enrolling_and_ending_an_enrollment(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    url = f"/v1/werkenden/{world.worker.id}/inschrijvingen"
    created = client.post(url, headers=headers, json={"agencyId": world.agency.id, "validFrom": "2026-03-01"})
    assert created.status_code == 201
    assert created.json()["agencyName"] == "Uitzendbureau Test"
    ended = client.patch(f"{url}/{created.json()['id']}", headers=headers, json={"validTo": "2026-03-31"})
    assert ended.status_code == 200
    assert ended.json()["validTo"] == "2026-03-31"
    too_early = client.patch(f"{url}/{created.json()['id']}", headers=headers, json={"validTo": "2026-02-01"})
    assert too_early.status_code == 400
    unknown_agency = client.post(
        url, headers=headers, json={"agencyId": world.worker.id, "validFrom": "2026-03-01"}
    )
    assert (unknown_agency.status_code, unknown_agency.json()["invalidParams"][0]["code"]) == (
        400,
        "agency_unknown",
    )
    others = client.patch(
        f"/v1/werkenden/{world.other_worker.id}/inschrijvingen/{created.json()['id']}",
        headers=headers,
        json={"validTo": "2026-03-31"},
    )
    assert (others.status_code, others.json()["code"]) == (404, "enrollment_not_found")
    topics = [topic for topic, _ in _outbox(session)]
    assert topics[-2:] == [kinds.CASE_CHANGED, kinds.CASE_CHANGED]
    mine = client.get("/v1/mij/uitzendbureaus", headers=bearer(token(Role.WORKER, TEST_BSNS[0]))).json()
    assert [(e["validFrom"], e["validTo"]) for e in mine] == [
        ("2026-01-05", None),
        ("2026-03-01", "2026-03-31"),
    ]


def test_registering_a_worker_never_repeats_the_bsn(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    body = {
        "bsn": TEST_BSNS[5],
        "name": "Anna Testpersoon",
        "birthDate": "1988-08-08",
        "consultantId": world.consultant.id,
    }
    created = client.post("/v1/werkenden", headers=headers, json=body)
    assert created.status_code == 201
    assert TEST_BSNS[5] not in created.text
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.sequence.desc()).limit(1)).one()
    assert (event.action, event.subject_worker_id) == ("worker.register", created.json()["id"])
    again = client.post("/v1/werkenden", headers=headers, json=body)
    assert (again.status_code, again.json()["code"]) == (409, "worker_exists")
    assert TEST_BSNS[5] not in again.text
    invalid = client.post("/v1/werkenden", headers=headers, json={**body, "bsn": "123456789"})
    assert invalid.status_code == 400
    assert "123456789" not in invalid.text
    caseload = client.get("/v1/caseload", headers=headers).json()["items"]
    assert created.json()["id"] in {entry["workerId"] for entry in caseload}
    assert audit.verify(session=session).intact
