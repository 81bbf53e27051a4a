"""The settlement workflow: concept → voorgesteld → goedgekeurd (four eyes) → geexporteerd, step by step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import pay_records, staff
from gateway.store.models import AuditEvent, SettlementTransition
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api import world as worlds
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS


def _move(client: TestClient, world: World, headers: dict[str, str], month: str, **body: Any) -> Any:
    return client.post(
        f"/v1/werkenden/{world.worker.id}/maanden/{month}/overgangen", headers=headers, json=body
    )


def _dual(session: Session, world: World) -> str:
    """A staff member who is both consultant and team lead (the four-eyes case)."""
    member = staff.create(
        session=session,
        municipality_id=world.municipality.id,
        subject="dubbelrol-noord",
        display_name="Dubbelrol",
        roles=("consultant", "team_lead"),
    )
    session.commit()
    return member.id


def test_the_workflow_with_four_eyes(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    dual_id = _dual(session, world)
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    dual = bearer(token(Role.TEAM_LEAD, "dubbelrol-noord"))
    team_lead = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))

    month = client.get(f"/v1/werkenden/{world.worker.id}/maanden/2026-02", headers=consultant).json()
    assert (month["version"], month["status"]) == (1, "concept")
    assert [(t["fromStatus"], t["toStatus"], t["actor"]) for t in month["transitions"]] == [
        (None, "concept", "system:jobs")
    ]

    skipped = _move(client, world, team_lead, "2026-02", to="goedgekeurd", version=1)
    assert (skipped.status_code, skipped.json()["code"]) == (409, "transition_refused")
    stale = _move(client, world, consultant, "2026-02", to="voorgesteld", version=2)
    assert (stale.status_code, stale.json()["code"]) == (409, "version_changed")

    proposed = _move(
        client, world, consultant, "2026-02", to="voorgesteld", version=1, note="Loonstroken compleet"
    )
    assert proposed.status_code == 201
    assert proposed.json()["status"] == "voorgesteld"
    assert proposed.json()["transitions"][-1]["note"] == "Loonstroken compleet"

    by_consultant = _move(client, world, consultant, "2026-02", to="goedgekeurd", version=1)
    assert (by_consultant.status_code, by_consultant.json()["code"]) == (403, "team_lead_required")

    assert _move(client, world, dual, "2026-02", to="concept", version=1).status_code == 201
    assert _move(client, world, dual, "2026-02", to="voorgesteld", version=1).status_code == 201
    own = _move(client, world, dual, "2026-02", to="goedgekeurd", version=1)
    assert (own.status_code, own.json()["code"]) == (403, "four_eyes_required")

    approved = _move(client, world, team_lead, "2026-02", to="goedgekeurd", version=1)
    assert approved.status_code == 201
    assert approved.json()["status"] == "goedgekeurd"
    back = _move(client, world, team_lead, "2026-02", to="concept", version=1)
    assert (back.status_code, back.json()["code"]) == (409, "transition_refused")

    exported = _move(client, world, consultant, "2026-02", to="geexporteerd", version=1)
    assert exported.status_code == 201
    assert exported.json()["status"] == "geexporteerd"

    steps = [
        (step.from_status, step.to_status, step.actor)
        for step in session.scalars(
            select(SettlementTransition)
            .where(
                SettlementTransition.settlement_id
                == session.scalars(
                    select(SettlementTransition.settlement_id).where(
                        SettlementTransition.to_status == "exported"
                    )
                ).one()
            )
            # Ids are time-ordered; `at` of the export step is the app's (frozen) clock in these tests.
            .order_by(SettlementTransition.id)
        )
    ]
    assert steps == [
        (None, "draft", "system:jobs"),
        ("draft", "proposed", f"staff:{world.consultant.id}"),
        ("proposed", "draft", f"staff:{dual_id}"),
        ("draft", "proposed", f"staff:{dual_id}"),
        ("proposed", "approved", f"staff:{world.team_lead.id}"),
        ("approved", "exported", f"staff:{world.consultant.id}"),
    ]
    audited = [
        (event.action, event.actor_role, event.result)
        for event in session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("settlement.%")).order_by(AuditEvent.sequence)
        )
    ]
    assert audited == [
        ("settlement.approved", "team_lead", "transition_refused"),
        ("settlement.proposed", "consultant", "version_changed"),
        ("settlement.proposed", "consultant", "success"),
        ("settlement.approved", "consultant", "team_lead_required"),
        ("settlement.draft", "team_lead", "success"),
        ("settlement.proposed", "team_lead", "success"),
        ("settlement.approved", "team_lead", "four_eyes_required"),
        ("settlement.approved", "team_lead", "success"),
        ("settlement.draft", "team_lead", "transition_refused"),
        ("settlement.exported", "consultant", "success"),
    ]

    export = client.get("/v1/exporten/2026-02", headers=team_lead, params={"format": "csv"})
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert export.headers["content-disposition"].endswith('-2026-02.csv"')
    lines = export.text.splitlines()
    assert len(lines) == 2
    assert TEST_BSNS[0] in lines[1]
    assert exported.json()["settlement"]["payout"] in lines[1]

    seen_by_worker = client.get(
        "/v1/mij/maanden/2026-02", headers=bearer(token(Role.WORKER, TEST_BSNS[0]))
    ).json()
    assert seen_by_worker["status"] == "geexporteerd"
    assert "transitions" not in seen_by_worker


def test_without_four_eyes_one_team_lead_proposes_and_approves(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    _dual(session, world)
    admin = bearer(token(Role.ADMIN, world.admin.subject))
    assert client.patch("/v1/beheer/beleid", headers=admin, json={"fourEyes": False}).status_code == 200
    dual = bearer(token(Role.TEAM_LEAD, "dubbelrol-noord"))
    assert _move(client, world, dual, "2026-01", to="voorgesteld", version=1).status_code == 201
    approved = _move(client, world, dual, "2026-01", to="goedgekeurd", version=1)
    assert approved.status_code == 201


def test_a_recomputation_of_an_approved_month_is_not_settled_itself(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    team_lead = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))
    assert _move(client, world, consultant, "2026-01", to="voorgesteld", version=1).status_code == 201
    assert _move(client, world, team_lead, "2026-01", to="goedgekeurd", version=1).status_code == 201

    first = world.pay_records[0]
    correction = factories.new_pay_record(
        agency=world.agency,
        worker=world.worker,
        submission=factories.make_submission(session, sealer, agency=world.agency),
        period_start=first.period_start,
        content=factories.pay_content(hours="1.00", gross="12.00", net="10.00"),
    )
    pay_records.append_correction(session=session, sealer=sealer, previous=first, record=correction)
    worlds.recompute(session, sealer, world.worker, now=worlds.NOW + dt.timedelta(hours=1))
    session.commit()

    month = client.get(f"/v1/werkenden/{world.worker.id}/maanden/2026-01", headers=consultant).json()
    assert (month["version"], month["settlement"]["kind"]) == (2, "herberekening")
    refused = _move(client, world, consultant, "2026-01", to="voorgesteld", version=2)
    assert (refused.status_code, refused.json()["code"]) == (409, "recomputation_not_settled")
    versions = client.get(
        f"/v1/werkenden/{world.worker.id}/maanden/2026-01/versies", headers=consultant
    ).json()
    assert [(v["version"], v["status"], v["kind"]) for v in versions] == [
        (2, "concept", "herberekening"),
        (1, "goedgekeurd", "verrekening"),
    ]
    caseload = client.get("/v1/caseload", headers=consultant).json()["items"]
    kinds = {signal["kind"] for entry in caseload for signal in entry["openSignals"]}
    assert "figures_changed_after_approval" in kinds


def test_a_months_approved_settlements_are_exported_together(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    team_lead = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))
    for worker_id in (world.worker.id, world.other_worker.id):
        url = f"/v1/werkenden/{worker_id}/maanden/2026-01/overgangen"
        assert (
            client.post(url, headers=consultant, json={"to": "voorgesteld", "version": 1}).status_code == 201
        )
        assert (
            client.post(url, headers=team_lead, json={"to": "goedgekeurd", "version": 1}).status_code == 201
        )

    before = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    created = client.post("/v1/exporten", headers=team_lead, json={"month": "2026-01", "format": "json"})
    assert created.status_code == 201
    document = created.json()
    assert [row["bsn"] for row in document["verrekeningen"]] == sorted([TEST_BSNS[0], TEST_BSNS[1]])
    new = list(session.scalars(select(AuditEvent).order_by(AuditEvent.sequence).offset(before)))
    assert sorted(event.subject_worker_id or "" for event in new) == sorted(
        [world.worker.id, world.other_worker.id]
    )
    assert {event.action for event in new} == {"export.create"}

    again = client.post("/v1/exporten", headers=team_lead, json={"month": "2026-01", "format": "json"})
    assert (again.status_code, again.json()["code"]) == (404, "nothing_to_export")
    remade = client.get("/v1/exporten/2026-01", headers=team_lead, params={"format": "json"})
    assert remade.status_code == 200
    assert [row["bsn"] for row in remade.json()["verrekeningen"]] == [
        row["bsn"] for row in document["verrekeningen"]
    ]
    elsewhere = client.get(
        "/v1/exporten/2026-01", headers=bearer(token(Role.TEAM_LEAD, world.other_team_lead.subject))
    )
    assert elsewhere.status_code == 404
    month = client.get(f"/v1/werkenden/{world.worker.id}/maanden/2026-01", headers=consultant).json()
    assert month["status"] == "geexporteerd"
