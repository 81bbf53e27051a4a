"""Leaving the benefit through the app API: ending a case, the final settlement, the hold and the
bufferbudget (DESIGN §4 rules 12-13), with one audit event per staff read or decision.

The test world's worker (single, benefit from 1 January 2026, advances of 900.00 for January and
February, about 451.37 net a week) earns above the norm in January (overpaid 900.00) and, ended on
15 February, gets a February norm pro rata of 1401.50 × 15 / 28 = 750.80 against 902.74 income: no
bijstand, the February advance of 900.00 overpaid too. The final settlement (March) has no reserved
holiday allowance to set off against, so 900.00 + 900.00 = 1800.00 is not offset.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.jobs import kinds
from gateway.store import case_ends
from gateway.store.models import AuditEvent, OutboxEvent
from gateway.store.sealing import Sealer
from tests.app_api import world as worlds
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS


def _audited(session: Session, *prefixes: str) -> list[tuple[str, str]]:
    """(action, result) of the audit events whose action starts with one of `prefixes`, oldest first."""
    return [
        (event.action, event.result)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.sequence))
        if event.action.startswith(prefixes)
    ]


def _last_outbox(session: Session) -> tuple[str, dict[str, Any]]:
    event = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(1)).one()
    return event.topic, dict(event.payload)


def _recompute(session: Session, sealer: Sealer, world: World) -> None:
    """What the outbox job does for the worker; the policy may have changed through the API since."""
    session.expire_all()
    worlds.recompute(session, sealer, world.worker)
    session.commit()


def _invalid_names(response: Any) -> list[str]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [param["name"] for param in response.json()["invalidParams"]]


def test_ending_a_case_reading_its_final_settlement_and_withdrawing_it(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    path = f"/v1/werkenden/{world.worker.id}/beeindiging"
    final = f"/v1/werkenden/{world.worker.id}/eindafrekening"

    missing = client.get(path, headers=headers)
    assert (missing.status_code, missing.json()["code"]) == (404, "case_not_ended")
    assert client.get(final, headers=headers).json()["code"] == "case_not_ended"

    ended = client.post(
        path, headers=headers, json={"endDate": "2026-02-15", "reason": "werk", "note": "Vaste baan"}
    )
    assert ended.status_code == 201, ended.text
    view = ended.json()
    assert {key: view[key] for key in ("endDate", "reason", "recordedBy", "finalMonth")} == {
        "endDate": "2026-02-15",
        "reason": "werk",
        "recordedBy": f"staff:{world.consultant.id}",
        "finalMonth": "2026-03",
    }
    assert _last_outbox(session) == (kinds.CASE_CHANGED, {"workerId": world.worker.id})
    assert client.get(path, headers=headers).json() == view

    waiting = client.get(final, headers=headers)
    assert (waiting.status_code, waiting.json()["code"]) == (404, "not_computed")

    _recompute(session, sealer, world)
    detail = client.get(final, headers=headers)
    assert detail.status_code == 200, detail.text
    settlement = detail.json()["settlement"]
    assert (detail.json()["status"], settlement["kind"], settlement["month"]) == (
        "concept",
        "eindafrekening",
        "2026-03",
    )
    assert settlement["end"] == {"endDate": "2026-02-15", "reason": "werk"}
    assert (settlement["toPay"], settlement["notOffset"]) == ("0.00", "1800.00")
    february = client.get(f"/v1/werkenden/{world.worker.id}/maanden/2026-02", headers=headers).json()
    assert february["settlement"]["proRata"] == {"days": 15, "ofDays": 28}
    assert (february["settlement"]["norm"], february["settlement"]["overpaid"]) == ("750.80", "900.00")

    withdrawn = client.delete(path, headers=headers)
    assert (withdrawn.status_code, withdrawn.content) == (204, b"")
    assert _last_outbox(session) == (kinds.CASE_CHANGED, {"workerId": world.worker.id})
    entry = case_ends.current(session=session, worker_id=world.worker.id)
    assert entry is not None
    assert (entry.end_date, entry.reason) == (None, None)
    assert client.get(path, headers=headers).json()["code"] == "case_not_ended"
    assert client.delete(path, headers=headers).json()["code"] == "case_not_ended"
    assert client.get(final, headers=headers).json()["code"] == "case_not_ended"

    assert _audited(session, "case_end.", "final_settlement.") == [
        ("case_end.read", "case_not_ended"),
        ("final_settlement.read", "case_not_ended"),
        ("case_end.record", "success"),
        ("case_end.read", "success"),
        ("final_settlement.read", "not_computed"),
        ("final_settlement.read", "success"),
        ("case_end.withdraw", "success"),
        ("case_end.read", "case_not_ended"),
        ("case_end.withdraw", "case_not_ended"),
        ("final_settlement.read", "case_not_ended"),
    ]


def test_bad_input_names_the_field_and_records_nothing(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    path = f"/v1/werkenden/{world.worker.id}/beeindiging"

    before_start = client.post(path, headers=headers, json={"endDate": "2025-12-31", "reason": "werk"})
    assert _invalid_names(before_start) == ["endDate"]
    # The app's clock stands on 20 February 2026: three months ahead is 20 May.
    too_far = client.post(path, headers=headers, json={"endDate": "2026-05-21", "reason": "verhuizing"})
    assert _invalid_names(too_far) == ["endDate"]
    assert (
        client.post(path, headers=headers, json={"endDate": "2026-05-20", "reason": "overig"}).status_code
        == 201
    )
    assert client.delete(path, headers=headers).status_code == 204
    assert _invalid_names(client.post(path, headers=headers, json={"endDate": "2026-02-15"})) == ["reason"]
    unknown = client.post(path, headers=headers, json={"endDate": "15-02-2026", "reason": "pensioen"})
    assert sorted(_invalid_names(unknown)) == ["endDate", "reason"]
    assert "pensioen" not in unknown.text

    buffer = f"/v1/werkenden/{world.worker.id}/bufferbudget"
    for amount in ("0.00", "12.345", "-5.00"):
        body = {"month": "2026-02", "kind": "kwijtschelding", "amount": amount}
        assert _invalid_names(client.post(buffer, headers=headers, json=body)) == ["amount"]
    assert _invalid_names(client.post(buffer, headers=headers, json={"month": "2026-13", "kind": "x"})) == [
        "month",
        "kind",
        "amount",
    ]
    assert _audited(session, "case_end.", "bufferbudget.") == [
        ("case_end.record", "invalid_input"),
        ("case_end.record", "invalid_input"),
        ("case_end.record", "success"),
        ("case_end.withdraw", "success"),
        ("bufferbudget.decide", "invalid_input"),  # 0.00 passes the type, not the rule
    ]


def test_an_end_before_an_approved_month_is_refused(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    team_lead = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))
    steps = f"/v1/werkenden/{world.worker.id}/maanden/2026-02/overgangen"
    assert client.post(steps, headers=consultant, json={"to": "voorgesteld", "version": 1}).status_code == 201
    assert client.post(steps, headers=team_lead, json={"to": "goedgekeurd", "version": 1}).status_code == 201

    path = f"/v1/werkenden/{world.worker.id}/beeindiging"
    early = client.post(path, headers=consultant, json={"endDate": "2026-01-31", "reason": "werk"})
    assert _invalid_names(early) == ["endDate"]
    assert early.json()["invalidParams"][0]["code"] == "month_settled"
    assert (
        client.post(path, headers=consultant, json={"endDate": "2026-02-28", "reason": "werk"}).status_code
        == 201
    )


def test_another_municipalitys_worker_is_not_found_and_the_attempt_audited(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.CONSULTANT, world.other_consultant.subject))
    base = f"/v1/werkenden/{world.worker.id}"
    attempts = [
        client.get(f"{base}/beeindiging", headers=headers),
        client.post(f"{base}/beeindiging", headers=headers, json={"endDate": "2026-02-15", "reason": "werk"}),
        client.delete(f"{base}/beeindiging", headers=headers),
        client.get(f"{base}/eindafrekening", headers=headers),
        client.get(f"{base}/bufferbudget", headers=headers),
        client.post(
            f"{base}/bufferbudget",
            headers=headers,
            json={"month": "2026-02", "kind": "aanvulling", "amount": "1.00"},
        ),
    ]
    assert [(r.status_code, r.json()["code"]) for r in attempts] == [(404, "worker_not_found")] * 6
    assert case_ends.current(session=session, worker_id=world.worker.id) is None
    assert _audited(session, "case_end.", "final_settlement.", "bufferbudget.") == [
        ("case_end.read", "worker_not_found"),
        ("case_end.record", "worker_not_found"),
        ("case_end.withdraw", "worker_not_found"),
        ("final_settlement.read", "worker_not_found"),
        ("bufferbudget.read", "worker_not_found"),
        ("bufferbudget.decide", "worker_not_found"),
    ]
    events = session.scalars(select(AuditEvent).where(AuditEvent.action.like("bufferbudget.%"))).all()
    assert {(e.actor, e.subject_worker_id) for e in events} == {
        (f"staff:{world.other_consultant.id}", world.worker.id)
    }

    worker = bearer(token(Role.WORKER, TEST_BSNS[0]))
    assert client.get(f"{base}/bufferbudget", headers=worker).status_code == 403


def test_the_bufferbudget_needs_the_opt_in_and_the_worker_sees_what_was_used(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    worker = bearer(token(Role.WORKER, TEST_BSNS[0]))
    path = f"/v1/werkenden/{world.worker.id}/bufferbudget"
    assert client.get(path, headers=consultant).json() == {
        "optedInFrom": None,
        "years": [],
        "decisions": [],
        "proposals": [],
    }
    end = {"endDate": "2026-02-15", "reason": "werk"}
    assert (
        client.post(f"/v1/werkenden/{world.worker.id}/beeindiging", headers=consultant, json=end).status_code
        == 201
    )
    _recompute(session, sealer, world)

    use = {"month": "2026-03", "kind": "kwijtschelding", "amount": "1000.00", "note": "Geen terugvordering"}
    refused = client.post(path, headers=consultant, json=use)
    assert (refused.status_code, refused.json()["code"]) == (409, "bufferbudget_not_used")

    admin = bearer(token(Role.ADMIN, world.admin.subject))
    opt_in = client.patch("/v1/beheer/beleid", headers=admin, json={"bufferbudgetFrom": "2026-01"})
    assert opt_in.status_code == 200, opt_in.text
    _recompute(session, sealer, world)
    # Not offset at the end: 1800.00; the year's maximum is 1000.00 (not confirmed: art. 34b is a bill).
    assert client.get(path, headers=consultant).json() == {
        "optedInFrom": "2026-01",
        "years": [
            {"year": 2026, "maximum": "1000.00", "used": "0.00", "left": "1000.00", "confirmed": False}
        ],
        "decisions": [],
        "proposals": [
            {"month": "2026-03", "kind": "kwijtschelding", "amount": "1000.00", "yearLeft": "1000.00"}
        ],
    }
    after_final = client.post(path, headers=consultant, json={**use, "month": "2026-04"})
    assert _invalid_names(after_final) == ["month"]
    # The final settlement pays no month of its own: nothing to top up.
    top_up = client.post(path, headers=consultant, json={**use, "kind": "aanvulling"})
    assert _invalid_names(top_up) == ["kind"]

    decided = client.post(path, headers=consultant, json=use)
    assert decided.status_code == 201, decided.text
    decision = decided.json()
    assert {key: decision[key] for key in ("month", "kind", "amount", "decidedBy")} == {
        "month": "2026-03",
        "kind": "kwijtschelding",
        "amount": "1000.00",
        "decidedBy": f"staff:{world.consultant.id}",
    }
    assert _last_outbox(session) == (kinds.CASE_CHANGED, {"workerId": world.worker.id})
    _recompute(session, sealer, world)

    ledger = client.get(path, headers=consultant).json()
    assert ledger["years"] == [
        {"year": 2026, "maximum": "1000.00", "used": "1000.00", "left": "0.00", "confirmed": False}
    ]
    assert [d["id"] for d in ledger["decisions"]] == [decision["id"]]
    assert ledger["proposals"] == []
    final = client.get(f"/v1/werkenden/{world.worker.id}/eindafrekening", headers=consultant).json()[
        "settlement"
    ]
    # What the year's maximum cannot take stays not offset, for the municipality to decide on.
    assert (final["bufferUsed"], final["notOffset"], final["bufferProposal"]) == ("1000.00", "800.00", None)

    own = client.get("/v1/mij/bufferbudget", headers=worker)
    assert own.status_code == 200
    assert own.json() == {
        "uses": [{"month": "2026-03", "kind": "kwijtschelding", "amount": "1000.00"}],
        "years": [{"year": 2026, "used": "1000.00"}],
    }
    assert client.get("/v1/mij/bufferbudget", headers=bearer(token(Role.WORKER, TEST_BSNS[1]))).json() == {
        "uses": [],
        "years": [],
    }
    assert _audited(session, "bufferbudget.") == [
        ("bufferbudget.read", "success"),
        ("bufferbudget.decide", "bufferbudget_not_used"),
        ("bufferbudget.read", "success"),
        ("bufferbudget.decide", "invalid_input"),
        ("bufferbudget.decide", "invalid_input"),
        ("bufferbudget.decide", "success"),
        ("bufferbudget.read", "success"),
    ]


def test_a_held_payout_is_shown_to_the_worker_and_cannot_be_approved(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    # The other municipality keeps the default policy: hold until complete. On 20 February the weeks so far
    # (two of 451.37) at that pace bring February to 1741.00, above the exit income of 1401.50, so the
    # payout waits until the pay data is complete or until 10 working days after 28 February: 13 March.
    worker = bearer(token(Role.WORKER, TEST_BSNS[2]))
    summary = client.get("/v1/mij/maanden", headers=worker).json()["items"][0]
    assert (summary["month"], summary["kind"]) == ("2026-02", "verrekening")
    assert summary["hold"] == {"reason": "uitstroomsignaal", "status": "vastgehouden", "until": "2026-03-13"}
    month = client.get("/v1/mij/maanden/2026-02", headers=worker).json()["settlement"]
    assert month["hold"]["status"] == "vastgehouden"
    assert (month["exitForecast"]["basis"], month["exitForecast"]["projected"]) == ("prognose", "1741.00")
    assert month["exitForecast"]["weeks"] == ["2026-W06", "2026-W07"]
    assert (month["end"], month["bufferUsed"], month["bufferProposal"]) == (None, None, None)

    consultant = bearer(token(Role.CONSULTANT, world.other_consultant.subject))
    team_lead = bearer(token(Role.TEAM_LEAD, world.other_team_lead.subject))
    steps = f"/v1/werkenden/{world.foreign_worker.id}/maanden/2026-02/overgangen"
    assert client.post(steps, headers=consultant, json={"to": "voorgesteld", "version": 1}).status_code == 201
    held = client.post(steps, headers=team_lead, json={"to": "goedgekeurd", "version": 1})
    assert (held.status_code, held.json()["code"]) == (409, "payout_held")
    assert "februari 2026 wacht" in held.json()["detail"]
    assert "13 maart 2026" in held.json()["detail"]
    assert _audited(session, "settlement.approved") == [("settlement.approved", "payout_held")]

    # The test world's own municipality switched the hold off: the same figures are not held there.
    own_policy = client.get("/v1/mij/maanden", headers=bearer(token(Role.WORKER, TEST_BSNS[0]))).json()
    assert own_policy["items"][0]["hold"] is None


def test_once_the_final_settlement_is_approved_the_end_stands(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    team_lead = bearer(token(Role.TEAM_LEAD, world.team_lead.subject))
    path = f"/v1/werkenden/{world.worker.id}/beeindiging"
    assert (
        client.post(path, headers=consultant, json={"endDate": "2026-02-15", "reason": "werk"}).status_code
        == 201
    )
    _recompute(session, sealer, world)
    version = client.get(f"/v1/werkenden/{world.worker.id}/eindafrekening", headers=consultant).json()[
        "version"
    ]
    steps = f"/v1/werkenden/{world.worker.id}/maanden/2026-03/overgangen"
    assert (
        client.post(steps, headers=consultant, json={"to": "voorgesteld", "version": version}).status_code
        == 201
    )
    assert (
        client.post(steps, headers=team_lead, json={"to": "goedgekeurd", "version": version}).status_code
        == 201
    )

    withdrawn = client.delete(path, headers=consultant)
    assert (withdrawn.status_code, withdrawn.json()["code"]) == (409, "final_settled")
    moved = client.post(path, headers=consultant, json={"endDate": "2026-02-20", "reason": "overig"})
    assert _invalid_names(moved) == ["endDate"]
    assert client.get(path, headers=consultant).json()["endDate"] == "2026-02-15"


def test_weeks_after_the_end_are_not_shown_even_before_the_jobs_ran(
    client: TestClient, world: World, token: Tokens
) -> None:
    """Rule 12: ended on 31 January (a Saturday, week 5): the weeks of February that were computed before
    the end was known no longer count, for the worker and for staff; the months run to the final
    settlement (February)."""
    staff = bearer(token(Role.CONSULTANT, world.consultant.subject))
    worker = bearer(token(Role.WORKER, TEST_BSNS[0]))
    before = client.get("/v1/mij/weken", headers=worker).json()["items"]
    assert max(item["week"] for item in before) > "2026-W05"
    ended = client.post(
        f"/v1/werkenden/{world.worker.id}/beeindiging",
        headers=staff,
        json={"endDate": "2026-01-31", "reason": "werk"},
    )
    assert ended.status_code == 201, ended.text
    for path, headers in (
        ("/v1/mij/weken", worker),
        (f"/v1/werkenden/{world.worker.id}/weken", staff),
    ):
        weeks = [item["week"] for item in client.get(path, headers=headers).json()["items"]]
        assert weeks
        assert max(weeks) == "2026-W05"
    months = [item["month"] for item in client.get("/v1/mij/maanden", headers=worker).json()["items"]]
    assert max(months) <= "2026-02"
