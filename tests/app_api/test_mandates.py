"""Mandates through the app API: the worker gives their bookkeeper a mandate (or the consultant records
one), both audited; another municipality's worker is out of reach; the mandate is what the gateway checks
when the bookkeeper pushes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import agencies, bookkeepers
from gateway.store.models import AuditEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS


def _bookkeeper(session: Session) -> str:
    bookkeeper = bookkeepers.create(
        session=session, name="Administratiekantoor Test", client_id="boekhouder-test"
    )
    session.commit()
    return bookkeeper.id


def test_the_worker_gives_and_ends_a_mandate_audited(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    bookkeeper_id = _bookkeeper(session)
    own = bearer(token(Role.WORKER, TEST_BSNS[0]))
    listed = client.get("/v1/mij/boekhouders", headers=own)
    assert listed.status_code == 200, listed.text
    # Only bookkeepers to choose from: the world's agency is not one.
    assert listed.json() == [{"id": bookkeeper_id, "name": "Administratiekantoor Test"}]

    given = client.post(
        "/v1/mij/machtigingen", headers=own, json={"bookkeeperId": bookkeeper_id, "validFrom": "2026-02-01"}
    )
    assert given.status_code == 201, given.text
    mandate = given.json()
    assert (mandate["bookkeeperName"], mandate["validFrom"], mandate["validTo"]) == (
        "Administratiekantoor Test",
        "2026-02-01",
        None,
    )
    assert [m["id"] for m in client.get("/v1/mij/machtigingen", headers=own).json()] == [mandate["id"]]
    # The other worker of the municipality neither sees nor ends it.
    other = bearer(token(Role.WORKER, TEST_BSNS[1]))
    assert client.get("/v1/mij/machtigingen", headers=other).json() == []
    path = f"/v1/mij/machtigingen/{mandate['id']}"
    assert client.patch(path, headers=other, json={"validTo": "2026-06-30"}).status_code == 404

    too_early = client.patch(path, headers=own, json={"validTo": "2026-01-31"})
    assert (too_early.status_code, too_early.json()["invalidParams"][0]["name"]) == (400, "validTo")
    ended = client.patch(path, headers=own, json={"validTo": "2026-06-30"})
    assert (ended.status_code, ended.json()["validTo"]) == (200, "2026-06-30")
    an_agency = client.post(
        "/v1/mij/machtigingen", headers=own, json={"bookkeeperId": world.agency.id, "validFrom": "2026-02-01"}
    )
    assert (an_agency.status_code, an_agency.json()["invalidParams"][0]["code"]) == (
        400,
        "bookkeeper_unknown",
    )

    session.expire_all()
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_worker_id == world.worker.id, AuditEvent.action.like("mandate.%")
        )
    ).all()
    assert [(e.action, e.actor_role, e.result) for e in events] == [
        ("mandate.grant", "worker", "success"),
        ("mandate.end", "worker", "invalid_input"),
        ("mandate.end", "worker", "success"),
        ("mandate.grant", "worker", "invalid_input"),
    ]


def test_the_consultant_records_a_mandate_for_a_worker_of_their_municipality_only(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    bookkeeper_id = _bookkeeper(session)
    staff = bearer(token(Role.CONSULTANT, world.consultant.subject))
    assert client.get("/v1/boekhouders", headers=staff).json() == [
        {"id": bookkeeper_id, "name": "Administratiekantoor Test"}
    ]
    body = {"bookkeeperId": bookkeeper_id, "validFrom": "2026-01-01", "validTo": "2026-12-31"}
    recorded = client.post(f"/v1/werkenden/{world.worker.id}/machtigingen", headers=staff, json=body)
    assert recorded.status_code == 201, recorded.text
    read = client.get(f"/v1/werkenden/{world.worker.id}/machtigingen", headers=staff)
    assert [m["validTo"] for m in read.json()] == ["2026-12-31"]
    foreign = client.post(f"/v1/werkenden/{world.foreign_worker.id}/machtigingen", headers=staff, json=body)
    assert foreign.status_code == 404

    session.expire_all()
    stored = bookkeepers.for_worker(session=session, worker_id=world.worker.id)
    recorded_by = f"staff:{world.consultant.id}"
    assert [(m.bookkeeper_id, m.recorded_by) for m in stored] == [(bookkeeper_id, recorded_by)]
    assert bookkeepers.for_worker(session=session, worker_id=world.foreign_worker.id) == []
    # An agency is not a bookkeeper, and a bookkeeper is not listed among the world's agency's keys.
    assert agencies.get(session=session, agency_id=bookkeeper_id) is not None
    assert bookkeepers.by_id(session=session, bookkeeper_id=world.agency.id) is None


def test_a_bookkeeper_is_no_agency_to_enrol_a_worker_with(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    bookkeeper_id = _bookkeeper(session)
    staff = bearer(token(Role.CONSULTANT, world.consultant.subject))
    enrolled = client.post(
        f"/v1/werkenden/{world.worker.id}/inschrijvingen",
        headers=staff,
        json={"agencyId": bookkeeper_id, "validFrom": "2026-03-01"},
    )
    assert (enrolled.status_code, enrolled.json()["invalidParams"][0]["code"]) == (400, "agency_unknown")
