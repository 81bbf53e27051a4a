"""The monthly overview, the half-year remainder statement and the municipal Flextensie policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import AuditEvent
from tests.app_api.placements.conftest import Api


def test_month_overview_per_placement_worker_and_client(api: Api, session: Session) -> None:
    bakery = api.create_placement()
    pharmacy = api.create_placement(
        clientName="Apotheek", startDate="2026-04-06", expectedHoursPerWeek="8.00"
    )
    api.enter(bakery["id"], dt.date(2026, 4, 6), "8", "8")
    api.enter(pharmacy["id"], dt.date(2026, 4, 6), "0", "0", "4")
    api.enter(pharmacy["id"], dt.date(2026, 4, 13), "0", "0", "4", approved=False)
    response = api.client.get("/v1/flextensie/maandoverzichten/2026-04", headers=api.consultant)
    assert response.status_code == 200
    overview = response.json()
    assert overview["hours"] == "20.00"
    assert [(p["clientName"], p["hours"], p["unapprovedHours"]) for p in overview["placements"]] == [
        ("Apotheek", "4.00", "4.00"),
        ("Bakkerij De Korst", "16.00", "0.00"),
    ]
    assert [(w["placements"], w["hours"]) for w in overview["workers"]] == [(2, "20.00")]
    assert [(c["clientName"], c["workers"]) for c in overview["clients"]] == [
        ("Apotheek", 1),
        ("Bakkerij De Korst", 1),
    ]
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "flextensie-overview.read")).all()
    assert [e.subject_worker_id for e in events] == [api.town.worker.id]


def test_half_year_remainder_adds_up_the_issued_invoices(api: Api) -> None:
    placement = api.create_placement()
    for monday in (dt.date(2026, 3, 23), dt.date(2026, 3, 30), dt.date(2026, 4, 6)):
        api.enter(placement["id"], monday, "6", "0", "5", "0", "5")
    for month in ("2026-03", "2026-04"):
        assert (
            api.client.post("/v1/facturen", json={"month": month}, headers=api.consultant).status_code == 201
        )
    response = api.client.get("/v1/flextensie/restantoverzichten/2026-H1", headers=api.consultant)
    assert response.status_code == 200, response.text
    statement = response.json()
    assert (statement["firstMonth"], statement["lastMonth"]) == ("2026-01", "2026-06")
    assert [m["invoices"] for m in statement["months"]] == [0, 0, 1, 1, 0, 0]
    total = statement["total"]
    parts = sum(Decimal(total[k]) for k in ("premium", "travel", "backOffice", "remainder"))
    assert Decimal(total["netAmount"]) == parts
    assert (total["invoices"], total["hours"]) == (2, "48.00")
    assert [line["code"] for line in statement["lines"]] == ["HALFJAAR", "RESTANT"]
    assert api.client.get(
        "/v1/flextensie/restantoverzichten/2026-H3", headers=api.consultant
    ).status_code in (
        400,
        422,
    )


def test_the_municipality_sets_its_own_policy_from_a_date(api: Api) -> None:
    before = api.client.get("/v1/beheer/flextensiebeleid", headers=api.admin).json()
    assert [v["confirmed"] for v in before["versions"]] == [False]
    change = {
        "validFrom": "2026-04-01",
        "source": "Beleidsregel Flextensie 2026",
        "premiumPerHour": "1.50",
        "backOfficeRate": "0.075",
        "vatApplies": True,
    }
    response = api.client.post("/v1/beheer/flextensiebeleid", json=change, headers=api.admin)
    assert response.status_code == 201, response.text
    versions = response.json()["versions"]
    assert [(v["validFrom"], v["confirmed"], v["policy"]["premiumPerHour"]) for v in versions] == [
        ("2025-01-01", False, "2.00"),
        ("2026-04-01", True, "1.50"),
    ]
    march = api.create_placement()
    april = api.create_placement(startDate="2026-04-06", clientName="Apotheek")
    assert (march["premiumPerHour"], april["premiumPerHour"]) == ("2.00", "1.50")
    assert (march["unconfirmed"], april["unconfirmed"]) == (True, False)  # standard policy, then its own
    refused = api.client.post("/v1/beheer/flextensiebeleid", json=change, headers=api.consultant)
    assert refused.status_code == 403
    wrong = api.client.post(
        "/v1/beheer/flextensiebeleid", json={**change, "validFrom": "2026-04-02"}, headers=api.admin
    )
    assert wrong.status_code == 400
