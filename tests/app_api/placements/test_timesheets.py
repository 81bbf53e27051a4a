"""Timesheets through the API: entered per week, replaced until approved, approved by the client."""

from __future__ import annotations

import datetime as dt

from tests.app_api.placements.conftest import Api, week_entry


def test_enter_replace_approve_and_then_final(api: Api) -> None:
    placement = api.create_placement()
    first = api.enter(placement["id"], dt.date(2026, 3, 2), "4", "0", "4", approved=False)
    assert (first["version"], first["hours"], first["status"], first["source"]) == (
        1,
        "8.00",
        "ingediend",
        "consulent",
    )
    second = api.enter(placement["id"], dt.date(2026, 3, 2), "4", "0", "5", approved=False)
    assert (second["version"], second["hours"]) == (2, "9.00")
    url = f"/v1/plaatsingen/{placement['id']}/urenstaten/2026-W10"
    approval = {"name": "P. Tekenaar", "approvedOn": "2026-03-09"}
    approved = api.client.post(f"{url}/goedkeuring", json=approval, headers=api.consultant)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "goedgekeurd"
    assert approved.json()["approval"] == approval
    again = api.client.post(f"{url}/goedkeuring", json=approval, headers=api.consultant)
    assert again.status_code == 409
    changed = api.client.put(url, json=week_entry(dt.date(2026, 3, 2), "8"), headers=api.consultant)
    assert (changed.status_code, changed.json()["code"]) == (409, "timesheet_approved")
    ledger = api.client.get(
        f"/v1/werkenden/{api.town.worker.id}/premie?jaar=2026", headers=api.consultant
    ).json()
    assert (ledger["hoursInYear"], ledger["accruedInYear"]) == ("9.00", "18.00")
    listed = api.client.get(f"/v1/plaatsingen/{placement['id']}/urenstaten", headers=api.consultant).json()
    assert [(t["week"], t["version"]) for t in listed] == [("2026-W10", 2)]


def test_days_outside_the_week_in_the_path_are_refused(api: Api) -> None:
    placement = api.create_placement()
    response = api.client.put(
        f"/v1/plaatsingen/{placement['id']}/urenstaten/2026-W10",
        json={"days": [{"date": "2026-03-09", "hours": "4"}]},
        headers=api.consultant,
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "days_not_in_week"


def test_more_than_a_day_of_hours_is_refused(api: Api) -> None:
    placement = api.create_placement()
    response = api.client.put(
        f"/v1/plaatsingen/{placement['id']}/urenstaten/2026-W10",
        json={"days": [{"date": "2026-03-02", "hours": "24.25"}]},
        headers=api.consultant,
    )
    assert response.status_code == 400


def test_approving_a_week_without_a_timesheet_is_not_found(api: Api) -> None:
    placement = api.create_placement()
    response = api.client.post(
        f"/v1/plaatsingen/{placement['id']}/urenstaten/2026-W12/goedkeuring",
        json={"name": "P. Tekenaar", "approvedOn": "2026-03-23"},
        headers=api.consultant,
    )
    assert response.status_code == 404
