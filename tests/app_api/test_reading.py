"""What the worker and the consultant read: weeks, months, the remaining-to-exit, pay slips, and paging."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import pay_records
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import WEEKS, World
from tests.factories import TEST_BSNS


def test_weeks_are_paged_latest_first(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.WORKER, TEST_BSNS[0]))
    first = client.get("/v1/mij/weken", headers=headers, params={"pageSize": 3}).json()
    assert [item["week"] for item in first["items"]] == ["2026-W08", "2026-W07", "2026-W06"]
    assert (first["page"], first["pageSize"], first["nextPage"]) == (1, 3, 2)
    everything = client.get("/v1/mij/weken", headers=headers, params={"pageSize": 100}).json()
    assert everything["pageSize"] == 100
    assert everything["nextPage"] is None
    weeks = [item["week"] for item in everything["items"]]
    assert weeks == sorted(weeks, reverse=True)
    last = client.get("/v1/mij/weken", headers=headers, params={"pageSize": 3, "page": 3}).json()
    assert [item["week"] for item in last["items"]] == weeks[6:9]
    assert last["nextPage"] is None
    bad = client.get("/v1/mij/weken", headers=headers, params={"page": 0})
    assert (bad.status_code, bad.json()["invalidParams"][0]["name"]) == (400, "page")


def test_one_week_names_the_pay_slips_it_came_from(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.WORKER, TEST_BSNS[0]))
    week = client.get("/v1/mij/weken/2026-W03", headers=headers).json()
    figures = week["figures"]
    assert (figures["week"], figures["hours"], figures["net"]) == ("2026-W03", "32.00", "451.37")
    assert figures["lines"], "every figure comes with its explanation"
    # The week's own slip and those of earlier weeks of the month, which its month position counts.
    assert [slip["id"] for slip in week["paySlips"]] == [world.pay_records[0].id, world.pay_records[1].id]
    assert sorted((r["recordId"], r["version"]) for r in figures["records"]) == sorted(
        (slip["recordId"], slip["version"]) for slip in week["paySlips"]
    )
    missing = client.get("/v1/mij/weken/2025-W40", headers=headers)
    assert (missing.status_code, missing.json()["code"]) == (404, "week_not_found")
    impossible = client.get("/v1/mij/weken/2025-W53", headers=headers)
    assert impossible.status_code == 400


def test_the_remaining_to_exit_now(client: TestClient, world: World, token: Tokens) -> None:
    remaining = client.get(
        "/v1/mij/nog-te-verdienen", headers=bearer(token(Role.WORKER, TEST_BSNS[0]))
    ).json()
    assert (remaining["week"], remaining["month"]) == ("2026-W08", "2026-02")
    assert set(remaining["remaining"]) >= {"net", "gross", "hours", "weeklyNet", "weeklyExitIncome"}
    same = client.get(
        f"/v1/werkenden/{world.worker.id}/nog-te-verdienen",
        headers=bearer(token(Role.CONSULTANT, world.consultant.subject)),
    ).json()
    assert same == remaining


def test_months_show_payout_date_and_explanation(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.WORKER, TEST_BSNS[0]))
    months = client.get("/v1/mij/maanden", headers=headers).json()["items"]
    assert [(m["month"], m["status"]) for m in months] == [("2026-02", "concept"), ("2026-01", "concept")]
    february = client.get("/v1/mij/maanden/2026-02", headers=headers).json()
    settlement = february["settlement"]
    assert settlement["payoutDate"] == months[0]["payoutDate"]
    assert settlement["payout"] == months[0]["payout"]
    assert {line["code"] for line in settlement["lines"]}
    assert client.get("/v1/mij/maanden/2025-12", headers=headers).status_code == 404
    assert client.get("/v1/mij/maanden/2026-13", headers=headers).status_code == 400


def test_pay_slips_and_their_versions(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    first = world.pay_records[0]
    correction = factories.new_pay_record(
        agency=world.agency,
        worker=world.worker,
        submission=factories.make_submission(session, sealer, agency=world.agency),
        period_start=first.period_start,
        content=factories.pay_content(net="400.00"),
    )
    corrected = pay_records.append_correction(
        session=session, sealer=sealer, previous=first, record=correction
    )
    session.commit()
    headers = bearer(token(Role.WORKER, TEST_BSNS[0]))
    slips = client.get("/v1/mij/loonstroken", headers=headers).json()["items"]
    assert len(slips) == WEEKS
    assert slips[0]["periodStart"] > slips[-1]["periodStart"]
    oldest = slips[-1]
    assert (oldest["id"], oldest["version"], oldest["netWage"], oldest["current"]) == (
        corrected.id,
        2,
        "400.00",
        True,
    )
    assert oldest["agencyName"] == "Uitzendbureau Test"
    replaced = client.get(f"/v1/mij/loonstroken/{first.id}", headers=headers).json()
    assert (replaced["version"], replaced["current"], replaced["netWage"]) == (1, False, "451.37")
    assert replaced["wageTax"] == "41.60"
    assert replaced["holidayPayPaid"] == "0.00"


def test_every_answer_carries_the_api_design_rules_headers(
    client: TestClient, world: World, token: Tokens
) -> None:
    ok = client.get("/v1/mij/weken", headers=bearer(token(Role.WORKER, TEST_BSNS[0])))
    for response in (ok, client.get("/v1/mij/weken"), client.get("/v1/bestaat-niet")):
        assert response.headers["API-Version"] == "1.0.0"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/v1/mij/weken/").status_code == 404
    openapi = client.get("/v1/openapi.json")
    assert openapi.status_code == 200
    assert openapi.json()["info"]["title"] == "Loonbrug app-API"
