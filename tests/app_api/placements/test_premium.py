"""The premium through the API: the ledger, payout moments (at most two a year), paying, the worker's view."""

from __future__ import annotations

import datetime as dt

from tests.app_api.placements.conftest import Api


def _payouts(api: Api) -> str:
    return f"/v1/werkenden/{api.town.worker.id}/premie/uitbetaalmomenten"


def test_a_third_payout_moment_in_a_year_is_refused(api: Api) -> None:
    for day in ("2026-06-30", "2026-12-31"):
        response = api.client.post(_payouts(api), json={"date": day}, headers=api.consultant)
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "gepland"
    third = api.client.post(_payouts(api), json={"date": "2026-09-30"}, headers=api.consultant)
    assert third.status_code == 409
    assert third.json()["code"] == "payout_limit"
    assert (
        api.client.post(_payouts(api), json={"date": "2027-06-30"}, headers=api.consultant).status_code == 201
    )


def test_a_cancelled_moment_makes_room_and_a_paid_one_cannot_be_cancelled(api: Api) -> None:
    placement = api.create_placement()
    api.enter(placement["id"], dt.date(2026, 3, 2), "8", "8")
    june = api.client.post(_payouts(api), json={"date": "2026-06-12"}, headers=api.consultant).json()
    december = api.client.post(_payouts(api), json={"date": "2026-12-31"}, headers=api.consultant).json()
    deleted = api.client.delete(f"{_payouts(api)}/{december['id']}", headers=api.consultant)
    assert deleted.status_code == 204
    assert (
        api.client.post(_payouts(api), json={"date": "2026-11-30"}, headers=api.consultant).status_code == 201
    )
    early = api.client.post(f"{_payouts(api)}/{december['id']}/uitbetaling", headers=api.consultant)
    assert early.status_code == 404
    paid = api.client.post(f"{_payouts(api)}/{june['id']}/uitbetaling", headers=api.consultant)
    assert paid.status_code == 200, paid.text
    assert (paid.json()["status"], paid.json()["amount"]) == ("uitbetaald", "32.00")
    refused = api.client.delete(f"{_payouts(api)}/{june['id']}", headers=api.consultant)
    assert (refused.status_code, refused.json()["code"]) == (409, "payout_paid")


def test_a_payout_is_recorded_on_or_after_its_date_only(api: Api) -> None:
    future = api.client.post(_payouts(api), json={"date": "2026-06-30"}, headers=api.consultant).json()
    response = api.client.post(f"{_payouts(api)}/{future['id']}/uitbetaling", headers=api.consultant)
    assert response.status_code == 400
    assert response.json()["code"] == "payout_in_future"


def test_the_worker_sees_hours_premium_and_the_next_payout(api: Api) -> None:
    placement = api.create_placement()
    api.enter(placement["id"], dt.date(2026, 3, 2), "6", "0", "5", "0", "5")
    api.enter(placement["id"], dt.date(2026, 3, 9), "6", "0", "5", "0", "5")
    api.enter(placement["id"], dt.date(2026, 3, 16), "6", "0", "5", approved=False)
    api.client.post(_payouts(api), json={"date": "2026-06-30"}, headers=api.consultant)
    response = api.client.get("/v1/mij/flextensie", headers=api.worker)
    assert response.status_code == 200, response.text
    mine = response.json()
    assert (mine["year"], mine["hoursInYear"], mine["premiumAccruedInYear"], mine["balance"]) == (
        2026,
        "32.00",
        "64.00",
        "64.00",
    )
    assert mine["premiumCap"] == "3398.00"
    assert (mine["nextPayout"]["date"], mine["nextPayout"]["amount"]) == ("2026-06-30", "64.00")
    assert [(p["clientName"], p["hours"]) for p in mine["placements"]] == [("Bakkerij De Korst", "32.00")]
    assert api.client.get("/v1/mij/flextensie", headers=api.consultant).status_code == 403


def test_the_staff_ledger_lists_accruals_and_payouts_of_the_year(api: Api) -> None:
    placement = api.create_placement()
    api.enter(placement["id"], dt.date(2026, 3, 30), "4", "4", "4", "4", "4")
    ledger = api.client.get(f"/v1/werkenden/{api.town.worker.id}/premie", headers=api.consultant)
    assert ledger.status_code == 200
    entries = ledger.json()["entries"]
    assert [(e["kind"], e["month"], e["hours"], e["amount"]) for e in entries] == [
        ("opbouw", "2026-03", "8.00", "16.00"),
        ("opbouw", "2026-04", "12.00", "24.00"),
    ]
    assert entries[0]["lines"][0]["code"] == "PREMIE_OPBOUW"
