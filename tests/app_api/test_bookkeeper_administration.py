"""Bookkeepers registered and keyed by a municipality's administrator, as agencies are.

A bookkeeper is kept with the agencies (it signs in and signs its messages the same way), so these
tests also hold the line between the two: each has its own routes, and an id of one kind on the other's
route is answered like an unknown id. Another municipality's administrator sees the name only.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import agencies, bookkeepers, staff
from gateway.store.models import AuditEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World

BASE = "/v1/beheer/boekhouders"
AGENCIES = "/v1/beheer/uitzendbureaus"


def _public_jwk(kid: str) -> dict[str, object]:
    return dict(ECKey.generate_key("P-256", auto_kid=True).as_dict(private=False)) | {"kid": kid}


def _actions(session: Session) -> list[tuple[str, str]]:
    statement = select(AuditEvent.action, AuditEvent.result).order_by(AuditEvent.sequence)
    return [(action, result) for action, result in session.execute(statement)]


def test_an_administrator_registers_a_bookkeeper_and_manages_its_keys(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    created = client.post(
        BASE, headers=headers, json={"name": "  Boekhouding Jansen  ", "clientId": "boekhouding-jansen"}
    )
    assert created.status_code == 201
    detail = created.json()
    assert (detail["name"], detail["clientId"], detail["keys"]) == (
        "Boekhouding Jansen",
        "boekhouding-jansen",
        [],
    )
    bookkeeper_id = detail["id"]

    # Stored as a bookkeeper: its token may carry the bookkeeping scope only, and workers may mandate it.
    session.expire_all()
    stored = bookkeepers.by_client_id(session=session, client_id="boekhouding-jansen")
    assert stored is not None
    assert stored.managed_by_municipality_id == world.municipality.id

    added = client.post(
        f"{BASE}/{bookkeeper_id}/sleutels", headers=headers, json={"jwk": _public_jwk("bh-1")}
    )
    assert (added.status_code, added.json()["kid"], added.json()["alg"]) == (201, "bh-1", "ES256")
    again = client.post(
        f"{BASE}/{bookkeeper_id}/sleutels", headers=headers, json={"jwk": _public_jwk("bh-1")}
    )
    assert (again.status_code, again.json()["code"]) == (409, "kid_taken")
    assert [key["kid"] for key in client.get(f"{BASE}/{bookkeeper_id}", headers=headers).json()["keys"]] == [
        "bh-1"
    ]
    assert client.delete(f"{BASE}/{bookkeeper_id}/sleutels/bh-1", headers=headers).status_code == 204
    twice = client.delete(f"{BASE}/{bookkeeper_id}/sleutels/bh-1", headers=headers)
    assert (twice.status_code, twice.json()["code"]) == (404, "key_not_found")
    session.expire_all()
    assert agencies.active_keys(session=session, agency_id=bookkeeper_id) == []

    listed = client.get(BASE, headers=headers).json()["items"]
    assert [(item["name"], item["managedHere"], item["clientId"]) for item in listed] == [
        ("Boekhouding Jansen", True, "boekhouding-jansen")
    ]
    # The agencies' list is for enrolling workers: a bookkeeper is not among them, nor the reverse.
    assert bookkeeper_id not in {item["id"] for item in client.get(AGENCIES, headers=headers).json()["items"]}
    assert world.agency.id not in {item["id"] for item in listed}

    assert _actions(session) == [
        ("bookkeeper.create", "success"),
        ("bookkeeper_key.add", "success"),
        ("bookkeeper_key.add", "kid_taken"),
        ("bookkeeper_key.revoke", "success"),
        ("bookkeeper_key.revoke", "key_not_found"),
    ]


def test_a_client_id_is_one_agencys_or_one_bookkeepers(
    client: TestClient, world: World, token: Tokens
) -> None:
    """Agencies and bookkeepers sign in at one token endpoint, so they share the client ids."""
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    taken = client.post(BASE, headers=headers, json={"name": "Dubbel", "clientId": world.agency.client_id})
    assert (taken.status_code, taken.json()["code"]) == (409, "client_id_taken")
    assert taken.headers["content-type"] == "application/problem+json"
    assert (
        client.post(BASE, headers=headers, json={"name": "Eerste", "clientId": "bh-eerste"}).status_code
        == 201
    )
    reverse = client.post(AGENCIES, headers=headers, json={"name": "Bureau", "clientId": "bh-eerste"})
    assert (reverse.status_code, reverse.json()["code"]) == (409, "client_id_taken")


def test_bad_input_names_each_field(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    response = client.post(BASE, headers=headers, json={"name": "   ", "clientId": "met spatie", "extra": 1})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert {param["name"] for param in response.json()["invalidParams"]} == {"name", "clientId", "extra"}
    assert client.get(BASE, headers=headers).json()["items"] == []


def test_an_agency_on_a_bookkeepers_route_and_the_reverse_are_not_found(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    bookkeeper_id = client.post(
        BASE, headers=headers, json={"name": "Boekhouding", "clientId": "bh-x"}
    ).json()["id"]
    for method, suffix, body in (
        ("GET", "", None),
        ("POST", "/sleutels", {"jwk": _public_jwk("k-1")}),
        ("DELETE", "/sleutels/k-1", None),
    ):
        agency = client.request(method, f"{BASE}/{world.agency.id}{suffix}", headers=headers, json=body)
        assert (agency.status_code, agency.json()["code"]) == (404, "bookkeeper_not_found"), (method, suffix)
        reverse = client.request(method, f"{AGENCIES}/{bookkeeper_id}{suffix}", headers=headers, json=body)
        assert (reverse.status_code, reverse.json()["code"]) == (404, "agency_not_found"), (method, suffix)
    session.expire_all()
    assert agencies.active_keys(session=session, agency_id=world.agency.id) == []
    assert agencies.active_keys(session=session, agency_id=bookkeeper_id) == []


def test_another_municipalitys_administrator_sees_the_name_only(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    bookkeeper_id = client.post(
        BASE, headers=headers, json={"name": "Boekhouding", "clientId": "bh-y"}
    ).json()["id"]
    other = staff.create(
        session=session,
        municipality_id=world.other_municipality.id,
        subject="beheerder-zuid",
        display_name="beheerder-zuid",
        roles=("admin",),
    )
    session.commit()
    other_headers = bearer(token(Role.ADMIN, other.subject))
    [item] = client.get(BASE, headers=other_headers).json()["items"]
    assert item == {
        "id": bookkeeper_id,
        "name": "Boekhouding",
        "managedHere": False,
        "clientId": None,
        "createdAt": None,
    }
    refused = client.post(
        f"{BASE}/{bookkeeper_id}/sleutels", headers=other_headers, json={"jwk": _public_jwk("z")}
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "bookkeeper_not_found")
    assert client.get(f"{BASE}/{bookkeeper_id}", headers=other_headers).status_code == 404
