"""Published parameter values through the admin API: add, confirm as a second administrator (four eyes),
every bad field named, every read and change audited, the unconfirmed values in use listed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.jobs import kinds
from gateway.params.provider import LayeredParameters
from gateway.store import staff
from gateway.store.models import AuditEvent, OutboxEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.params.kit import release_with_july

SOURCE = "https://wetten.overheid.nl/BWBR0015703/2026-07-01"
VALUE = {
    "key": "norm.single",
    "validFrom": "2026-07-01",
    "value": "1430.24",
    "source": SOURCE,
    "article": "art. 21 onderdeel a Participatiewet",
}


def _second_admin(session: Session, world: World) -> str:
    member = staff.create(
        session=session,
        municipality_id=world.municipality.id,
        subject="beheerder-noord-2",
        display_name="beheerder-noord-2",
        roles=["admin"],
    )
    session.commit()
    return member.subject


def _audit(session: Session) -> list[tuple[str, str, str]]:
    session.expire_all()
    return [
        (event.action, event.result, event.actor)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.sequence))
        if event.action.startswith("parameters.")
    ]


def _norm(listing: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = [p for p in listing["parameters"] if p["key"] == "norm.single"]
    (norm,) = found
    return norm


def test_a_value_is_added_confirmed_by_a_second_administrator_and_recomputed(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    first = bearer(token(Role.ADMIN, world.admin.subject))
    second = bearer(token(Role.ADMIN, _second_admin(session, world)))
    added = client.post("/v1/beheer/parameters", headers=first, json=VALUE)
    assert added.status_code == 201
    proposal = added.json()
    assert (proposal["status"], proposal["validTo"], proposal["display"]) == (
        "voorgesteld",
        "2026-12-31",
        "1.430,24",
    )
    assert proposal["proposedBy"] == f"staff:{world.admin.id}"
    waiting = client.get("/v1/beheer/parameters", headers=first).json()
    assert [item["id"] for item in waiting["waiting"]] == [proposal["id"]]
    assert not any(value["added"] for value in _norm(waiting)["values"])  # not used before confirmation

    confirm = f"/v1/beheer/parameters/{proposal['id']}/bevestiging"
    refused = client.post(confirm, headers=first)
    assert refused.status_code == 403
    assert refused.json()["code"] == "four_eyes_required"
    assert refused.headers["content-type"] == "application/problem+json"

    confirmed = client.post(confirm, headers=second)
    assert confirmed.status_code == 201
    assert confirmed.json()["status"] == "in_gebruik"
    assert confirmed.json()["confirmedBy"].startswith("staff:")
    assert client.post(confirm, headers=second).json()["code"] == "already_confirmed"

    # National law: every worker with a case, in every municipality, is recomputed from the start.
    event = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(1)).one()
    assert event.topic == kinds.RECOMPUTE_REQUESTED
    assert event.payload["full"] is True
    assert {world.worker.id, world.other_worker.id, world.foreign_worker.id} <= set(
        event.payload["workerIds"]
    )

    shown = client.get("/v1/beheer/parameters/norm.single", headers=second).json()
    july = [value for value in shown["values"] if value["validFrom"] == "2026-07-01"]
    assert july == [
        {
            "validFrom": "2026-07-01",
            "validTo": "2026-12-31",
            "value": "1430.24",
            "display": "1.430,24",
            "confirmed": True,
            "added": True,
            "source": SOURCE,
            "article": "art. 21 onderdeel a Participatiewet",
            "note": None,
        }
    ]
    unconfirmed = client.get(
        "/v1/beheer/parameters/onbevestigd", headers=first, params={"vanaf": "2026-07-01"}
    )
    keys = {(value["key"], value["validFrom"]) for value in unconfirmed.json()["values"]}
    assert ("norm.single", "2026-07-01") not in keys
    assert ("norm.single", "2027-01-01") in keys
    assert ("norm.couple", "2026-07-01") in keys

    admin, other = f"staff:{world.admin.id}", confirmed.json()["confirmedBy"]
    assert _audit(session) == [
        ("parameters.add", "success", admin),
        ("parameters.list", "success", admin),
        ("parameters.confirm", "four_eyes_required", admin),
        ("parameters.confirm", "success", other),
        ("parameters.confirm", "already_confirmed", other),
        ("parameters.show", "success", other),
        ("parameters.unconfirmed", "success", admin),
    ]


def test_bad_input_names_each_field_and_stores_nothing(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    cases: list[tuple[dict[str, Any], set[str]]] = [
        (
            {
                **VALUE,
                "key": "norm.nergens",
                "validFrom": "2026-07-15",
                "source": "http://x.nl",
                "article": " ",
            },
            {"key", "validFrom", "source", "article"},
        ),
        ({**VALUE, "value": "14,30"}, {"value"}),
        ({**VALUE, "value": 1430.24}, {"value"}),  # a float is never a legal amount
        ({**VALUE, "key": "advance.minimum_rate", "value": "95"}, {"value"}),  # a rate is a fraction
        ({**VALUE, "validTo": "2026-12-15"}, {"validTo"}),
        ({**VALUE, "validFrom": "2026-01-01"}, {"validFrom"}),  # the shipped files settle January
        ({**VALUE, "validFrom": "1 juli"}, {"validFrom"}),
        ({**VALUE, "validFrom": "2020-01-01"}, {"validFrom"}),  # before the engine's first values
    ]
    for body, fields in cases:
        response = client.post("/v1/beheer/parameters", headers=headers, json=body)
        assert response.status_code == 400, body
        assert response.headers["content-type"] == "application/problem+json"
        assert {param["name"] for param in response.json()["invalidParams"]} == fields, body
    assert client.get("/v1/beheer/parameters", headers=headers).json()["waiting"] == []
    assert client.get("/v1/beheer/parameters/norm.nergens", headers=headers).status_code == 404
    assert ("parameters.add", "invalid_input", f"staff:{world.admin.id}") in _audit(session)


def test_a_later_release_that_differs_is_a_warning_and_the_added_value_stays(
    app: FastAPI, client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    first = bearer(token(Role.ADMIN, world.admin.subject))
    second = bearer(token(Role.ADMIN, _second_admin(session, world)))
    proposal = client.post("/v1/beheer/parameters", headers=first, json=VALUE).json()
    client.post(f"/v1/beheer/parameters/{proposal['id']}/bevestiging", headers=second)
    # The installation is upgraded to a release that ships another value for July.
    app.state.context = replace(app.state.context, parameters=LayeredParameters(release_with_july("1431.00")))
    listing = client.get("/v1/beheer/parameters", headers=first).json()
    assert [(w["key"], w["validFrom"], w["proposalId"]) for w in listing["warnings"]] == [
        ("norm.single", "2026-07-01", proposal["id"])
    ]
    july = [v for v in _norm(listing)["values"] if v["validFrom"] == "2026-07-01"]
    assert [(v["value"], v["added"]) for v in july] == [("1430.24", True)]
    assert _norm(listing)["warnings"] == listing["warnings"]
