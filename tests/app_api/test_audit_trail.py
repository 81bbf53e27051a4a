"""Every staff read of a person's data writes exactly one audit record; without it no data is returned."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import audit
from gateway.store.models import AuditEvent, BenefitCaseFact, OutboxEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS

STAFF_READS = (
    ("", "worker.read"),
    ("/weken", "weeks.list"),
    ("/weken/2026-W06", "week.read"),
    ("/nog-te-verdienen", "remaining.read"),
    ("/maanden", "months.list"),
    ("/maanden/2026-02", "month.read"),
    ("/maanden/2026-02/versies", "month.versions"),
    ("/maanden/2026-02/versies/1", "month.read"),
    ("/loonstroken", "payslips.list"),
    ("/huishouden", "household.read"),
    ("/voorschotten", "advances.read"),
    ("/inschrijvingen", "enrollments.read"),
)


def _events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)))


@pytest.mark.parametrize(("suffix", "action"), STAFF_READS)
def test_a_staff_read_writes_exactly_one_audit_record(
    client: TestClient, world: World, token: Tokens, session: Session, suffix: str, action: str
) -> None:
    before = len(_events(session))
    response = client.get(
        f"/v1/werkenden/{world.worker.id}{suffix}",
        headers={**bearer(token(Role.CONSULTANT, world.consultant.subject)), "X-Purpose": "klantvraag"},
    )
    assert response.status_code == 200
    events = _events(session)
    assert len(events) == before + 1
    event = events[-1]
    assert (event.actor, event.actor_role, event.subject_worker_id) == (
        f"staff:{world.consultant.id}",
        "consultant",
        world.worker.id,
    )
    assert (event.action, event.purpose, event.result, event.municipality_id) == (
        action,
        "klantvraag",
        "success",
        world.municipality.id,
    )
    assert audit.verify(session=session).intact


def test_the_purpose_defaults_per_route_and_must_be_a_code(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))
    assert client.get(f"/v1/werkenden/{world.worker.id}/huishouden", headers=headers).status_code == 200
    assert _events(session)[-1].purpose == "maandverrekening"
    before = len(_events(session))
    refused = client.get(
        f"/v1/werkenden/{world.worker.id}/huishouden", headers={**headers, "X-Purpose": f"bsn {TEST_BSNS[0]}"}
    )
    assert refused.status_code == 400
    assert TEST_BSNS[0] not in refused.text
    assert len(_events(session)) == before


def test_another_municipalitys_worker_is_404_and_audited(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    response = client.get(
        f"/v1/werkenden/{world.worker.id}/maanden/2026-02",
        headers=bearer(token(Role.CONSULTANT, world.other_consultant.subject)),
    )
    assert response.status_code == 404
    assert response.json()["code"] == "worker_not_found"
    event = _events(session)[-1]
    assert (event.actor, event.subject_worker_id, event.result, event.municipality_id) == (
        f"staff:{world.other_consultant.id}",
        world.worker.id,
        "worker_not_found",
        world.other_municipality.id,
    )


def test_a_worker_asking_for_another_workers_payslip_gets_404_and_is_audited(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    response = client.get(
        f"/v1/mij/loonstroken/{world.pay_records[0].id}", headers=bearer(token(Role.WORKER, TEST_BSNS[1]))
    )
    assert response.status_code == 404
    event = _events(session)[-1]
    assert (event.actor, event.actor_role, event.result) == (
        f"worker:{world.other_worker.id}",
        "worker",
        "payslip_not_found",
    )


def test_a_worker_reading_their_own_data_writes_no_audit_record(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    before = len(_events(session))
    own = client.get(
        f"/v1/mij/loonstroken/{world.pay_records[0].id}", headers=bearer(token(Role.WORKER, TEST_BSNS[0]))
    )
    assert own.status_code == 200
    assert len(_events(session)) == before


def test_the_caseload_writes_one_record_per_person_shown(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    before = len(_events(session))
    response = client.get("/v1/caseload", headers=bearer(token(Role.TEAM_LEAD, world.team_lead.subject)))
    assert response.status_code == 200
    shown = {entry["workerId"] for entry in response.json()["items"]}
    assert shown == {world.worker.id, world.other_worker.id}
    new = _events(session)[before:]
    assert {event.subject_worker_id for event in new} == shown
    assert len(new) == len(shown)
    assert {event.action for event in new} == {"caseload.read"}


@pytest.fixture
def failing_audit(session: Session, db_kind: str) -> None:
    """Make every INSERT into the audit log fail in the database itself (rolled back with the test)."""
    if db_kind == "postgresql":
        session.execute(
            text(
                "CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$"
            )
        )
        session.execute(
            text(
                "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_event"
                " FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()"
            )
        )
    else:
        session.execute(
            text(
                "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_event"
                " BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END"
            )
        )
    session.commit()


def test_no_data_when_the_audit_record_cannot_be_written(
    client: TestClient, world: World, token: Tokens, session: Session, failing_audit: None
) -> None:
    before = len(_events(session))
    response = client.get(
        f"/v1/werkenden/{world.worker.id}/maanden/2026-02",
        headers=bearer(token(Role.CONSULTANT, world.consultant.subject)),
    )
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "audit_unavailable"
    assert "settlement" not in body
    assert "payout" not in response.text
    assert len(_events(session)) == before


def test_a_change_is_not_stored_when_its_audit_record_cannot_be_written(
    client: TestClient, world: World, token: Tokens, session: Session, failing_audit: None
) -> None:
    def counts() -> tuple[int, int]:
        facts = session.scalar(select(func.count()).select_from(BenefitCaseFact))
        events = session.scalar(select(func.count()).select_from(OutboxEvent))
        return int(facts or 0), int(events or 0)

    before = counts()
    response = client.post(
        f"/v1/werkenden/{world.worker.id}/huishouden",
        headers=bearer(token(Role.CONSULTANT, world.consultant.subject)),
        json={
            "validFrom": "2026-02-01",
            "facts": {"benefitStart": "2026-01-01", "householdType": "alleenstaand"},
        },
    )
    assert response.status_code == 503
    assert counts() == before


def test_a_denied_read_also_needs_its_audit_record(
    client: TestClient, world: World, token: Tokens, failing_audit: None
) -> None:
    response = client.get(
        f"/v1/werkenden/{world.worker.id}",
        headers=bearer(token(Role.CONSULTANT, world.other_consultant.subject)),
    )
    assert response.status_code == 503
