"""Placements through the API: made within the rules, refused outside them, read, listed, ended, audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store.models import AuditEvent
from gateway.store.sealing import Sealer
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.placements.conftest import Api, make_town, placement_body
from tests.factories import TEST_BSNS


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence))
    )


def test_a_placement_within_the_rules_is_made_with_its_limits_explained(api: Api, session: Session) -> None:
    placement = api.create_placement()
    assert placement["maxEndDate"] == "2026-09-01"
    assert placement["alertDate"] == "2026-08-17"
    assert placement["minimumTariff"] == "19.13"
    assert placement["premiumPerHour"] == "2.00"
    assert placement["status"] == "actief"
    assert placement["unconfirmed"] is True  # the standard policy, not yet set by the municipality
    assert [line["code"] for line in placement["lines"]] == [  # type: ignore[union-attr,index]
        "MINIMUMTARIEF",
        "MAXIMALE_DUUR",
        "LAATSTE_DAG",
        "SIGNAALDATUM",
    ]
    [event] = _events(session, "placement.create")
    assert (event.subject_worker_id, event.result) == (api.town.worker.id, "success")


def test_below_the_minimum_tariff_and_beyond_the_maximum_duration_are_refused_together(api: Api) -> None:
    body = placement_body(
        api.town, hourlyTariff="19.12", expectedHoursPerWeek="28.00", plannedEndDate="2026-06-02"
    )
    response = api.client.post("/v1/plaatsingen", json=body, headers=api.consultant)
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "placement_refused"
    assert [(p["name"], p["code"]) for p in problem["invalidParams"]] == [
        ("hourlyTariff", "tariff_below_minimum"),
        ("plannedEndDate", "beyond_maximum_duration"),
    ]
    assert "19" not in response.text.replace("2026", "")  # no amount is repeated in the problem


def test_thirty_hours_a_week_may_last_three_months(api: Api) -> None:
    placement = api.create_placement(expectedHoursPerWeek="30.00", plannedEndDate="2026-06-01")
    assert (placement["maxEndDate"], placement["lastDay"], placement["alertDate"]) == (
        "2026-06-01",
        "2026-06-01",
        "2026-05-17",
    )


def test_a_worker_of_another_municipality_is_not_found_and_the_attempt_audited(
    api: Api, session: Session, sealer: Sealer
) -> None:
    other = make_town(session, sealer, bsn=TEST_BSNS[1])
    response = api.client.post("/v1/plaatsingen", json=placement_body(other), headers=api.consultant)
    assert response.status_code == 404
    [event] = _events(session, "placement.create")
    assert (event.subject_worker_id, event.result) == (other.worker.id, "worker_not_found")


def test_listing_filters_and_audits_each_worker_shown(api: Api, session: Session) -> None:
    first = api.create_placement()
    api.create_placement(clientName="Apotheek", startDate="2026-04-06")
    response = api.client.get(
        f"/v1/plaatsingen?werkende={api.town.worker.id}&pageSize=1", headers=api.consultant
    )
    assert response.status_code == 200
    page = response.json()
    assert [item["clientName"] for item in page["items"]] == ["Apotheek"]
    assert page["nextPage"] == 2
    assert [e.subject_worker_id for e in _events(session, "placements.list")] == [api.town.worker.id]
    read = api.client.get(f"/v1/plaatsingen/{first['id']}", headers=api.consultant)
    assert read.json()["clientName"] == "Bakkerij De Korst"


def test_another_municipality_s_placement_is_not_found(
    api: Api, session: Session, sealer: Sealer, token: Tokens
) -> None:
    placement = api.create_placement()
    other = make_town(session, sealer, bsn=TEST_BSNS[1])
    stranger = bearer(token(Role.CONSULTANT, other.consultant.subject))
    response = api.client.get(f"/v1/plaatsingen/{placement['id']}", headers=stranger)
    assert response.status_code == 404
    assert response.json()["code"] == "placement_not_found"


def test_ending_early_stops_the_hours_after_the_end(api: Api) -> None:
    placement = api.create_placement()
    api.enter(placement["id"], dt.date(2026, 3, 2), "4", "4", approved=False)
    response = api.client.post(
        f"/v1/plaatsingen/{placement['id']}/beeindiging",
        json={"endDate": "2026-03-02", "reason": "Contract aangeboden"},
        headers=api.consultant,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "hours_after_end"
    ended = api.client.post(
        f"/v1/plaatsingen/{placement['id']}/beeindiging",
        json={"endDate": "2026-03-03", "reason": "Contract aangeboden"},
        headers=api.consultant,
    )
    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["lastDay"]) == ("beeindigd", "2026-03-03")
    late = api.client.put(
        f"/v1/plaatsingen/{placement['id']}/urenstaten/2026-W11",
        json={"days": [{"date": "2026-03-09", "hours": "4"}]},
        headers=api.consultant,
    )
    assert late.status_code == 400
    assert late.json()["invalidParams"][0]["code"] == "hours_outside_placement"


def test_a_worker_cannot_use_the_consultant_routes(api: Api) -> None:
    response = api.client.get("/v1/plaatsingen", headers=api.worker)
    assert response.status_code == 403
