"""Agencies belong to the municipality that manages them: only its administrators see and change its keys.

Every municipality may enrol its workers with any agency, so the list shows every agency's id and name.
A key is the power to push pay data for every worker enrolled with the agency, in every municipality, so
an administrator of another municipality (or anyone, for an agency the platform operator manages) is
answered 404, as for another person's data, and the attempt is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import agencies, staff
from gateway.store.models import Agency, AuditEvent, StaffMember
from tests import factories
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World

BASE = "/v1/beheer/uitzendbureaus"
UNKNOWN_ID = "00000000-0000-7000-8000-000000000000"


@dataclass
class Parties:
    """The world's agency (managed by the first municipality) and one of each other kind."""

    other_admin: StaffMember
    foreign: Agency
    platform: Agency


def _public_jwk() -> dict[str, object]:
    return dict(ECKey.generate_key("P-256", auto_kid=True).as_dict(private=False))


def _with_key(session: Session, agency: Agency, kid: str) -> None:
    agencies.add_key(session=session, agency_id=agency.id, kid=kid, public_jwk=_public_jwk(), alg="ES256")


@pytest.fixture
def parties(world: World, session: Session) -> Parties:
    """An administrator of the other municipality, an agency it manages and a platform-managed one."""
    other_admin = staff.create(
        session=session,
        municipality_id=world.other_municipality.id,
        subject="beheerder-zuid",
        display_name="beheerder-zuid",
        roles=("admin",),
    )
    foreign = factories.make_agency(session, name="Flex Zuid", municipality=world.other_municipality)
    platform = factories.make_agency(session, name="Landelijk Payroll")
    _with_key(session, foreign, "zuid-1")
    _with_key(session, platform, "platform-1")
    session.commit()
    return Parties(other_admin=other_admin, foreign=foreign, platform=platform)


def _refusals(session: Session, actor: StaffMember) -> list[tuple[str, str, str | None]]:
    statement = (
        select(AuditEvent)
        .where(AuditEvent.actor == f"staff:{actor.id}", AuditEvent.result != "success")
        .order_by(AuditEvent.sequence)
    )
    return [(e.action, e.result, e.municipality_id) for e in session.scalars(statement)]


def _attempts(client: TestClient, headers: dict[str, str], agency_id: str, kid: str) -> list[int]:
    return [
        client.get(f"{BASE}/{agency_id}", headers=headers).status_code,
        client.post(f"{BASE}/{agency_id}/sleutels", headers=headers, json={"jwk": _public_jwk()}).status_code,
        client.delete(f"{BASE}/{agency_id}/sleutels/{kid}", headers=headers).status_code,
    ]


def test_another_municipalitys_agency_is_not_found_for_key_management_and_the_attempt_is_audited(
    client: TestClient, world: World, parties: Parties, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))

    assert _attempts(client, headers, parties.foreign.id, "zuid-1") == [404, 404, 404]

    session.expire_all()
    assert [key.kid for key in agencies.active_keys(session=session, agency_id=parties.foreign.id)] == [
        "zuid-1"
    ]
    refused = ("agency_not_found", world.municipality.id)
    assert _refusals(session, world.admin) == [
        ("agency.read", *refused),
        ("agency_key.add", *refused),
        ("agency_key.revoke", *refused),
    ]


def test_another_municipalitys_agency_looks_exactly_like_one_that_does_not_exist(
    client: TestClient, world: World, parties: Parties, token: Tokens
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    for method, suffix, body in (
        ("GET", "", None),
        ("POST", "/sleutels", {"jwk": _public_jwk()}),
        ("DELETE", "/sleutels/zuid-1", None),
    ):
        foreign = client.request(method, f"{BASE}/{parties.foreign.id}{suffix}", headers=headers, json=body)
        unknown = client.request(method, f"{BASE}/{UNKNOWN_ID}{suffix}", headers=headers, json=body)
        assert foreign.status_code == unknown.status_code == 404
        assert {**foreign.json(), "instance": None} == {**unknown.json(), "instance": None}
        assert parties.foreign.name not in foreign.text


def test_an_invalid_key_for_another_municipalitys_agency_is_still_a_404(
    client: TestClient, world: World, parties: Parties, token: Tokens
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    private = ECKey.generate_key("P-256", auto_kid=True).as_dict(private=True)
    response = client.post(f"{BASE}/{parties.foreign.id}/sleutels", headers=headers, json={"jwk": private})
    assert (response.status_code, response.json()["code"]) == (404, "agency_not_found")


def test_the_managing_municipality_sees_adds_and_revokes_its_agencys_keys(
    client: TestClient, parties: Parties, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, parties.other_admin.subject))
    url = f"{BASE}/{parties.foreign.id}"

    assert [key["kid"] for key in client.get(url, headers=headers).json()["keys"]] == ["zuid-1"]
    added = client.post(f"{url}/sleutels", headers=headers, json={"jwk": _public_jwk() | {"kid": "zuid-2"}})
    assert added.status_code == 201
    assert client.delete(f"{url}/sleutels/zuid-1", headers=headers).status_code == 204

    session.expire_all()
    assert [key.kid for key in agencies.active_keys(session=session, agency_id=parties.foreign.id)] == [
        "zuid-2"
    ]
    assert _refusals(session, parties.other_admin) == []


def test_a_platform_managed_agencys_keys_cannot_be_changed_through_the_api(
    client: TestClient, world: World, parties: Parties, token: Tokens, session: Session
) -> None:
    for admin in (world.admin, parties.other_admin):
        headers = bearer(token(Role.ADMIN, admin.subject))
        assert _attempts(client, headers, parties.platform.id, "platform-1") == [404, 404, 404]
        assert len(_refusals(session, admin)) == 3

    session.expire_all()
    keys = agencies.active_keys(session=session, agency_id=parties.platform.id)
    assert [key.kid for key in keys] == ["platform-1"]


def test_the_list_shows_every_agency_but_configuration_only_of_those_managed_here(
    client: TestClient, world: World, parties: Parties, token: Tokens
) -> None:
    listed = client.get(
        BASE, headers=bearer(token(Role.ADMIN, world.admin.subject)), params={"pageSize": 100}
    )
    items = {item["id"]: item for item in listed.json()["items"]}

    own = items[world.agency.id]
    assert (own["managedHere"], own["clientId"]) == (True, world.agency.client_id)
    assert own["createdAt"] is not None
    for other in (parties.foreign, parties.platform):
        assert items[other.id] == {
            "id": other.id,
            "name": other.name,
            "managedHere": False,
            "clientId": None,
            "webhookUrl": None,
            "createdAt": None,
        }
    assert parties.foreign.client_id not in listed.text


def test_a_registered_agency_is_managed_by_the_registering_municipality(
    client: TestClient, world: World, parties: Parties, token: Tokens, session: Session
) -> None:
    created = client.post(
        BASE,
        headers=bearer(token(Role.ADMIN, parties.other_admin.subject)),
        json={"name": "Flex Zuid Twee", "clientId": "flex-zuid-twee"},
    )
    assert created.status_code == 201
    agency = agencies.get(session=session, agency_id=created.json()["id"])
    assert agency is not None
    assert agency.managed_by_municipality_id == world.other_municipality.id

    other_admin = bearer(token(Role.ADMIN, world.admin.subject))
    assert client.get(f"{BASE}/{agency.id}", headers=other_admin).status_code == 404


def test_any_municipality_may_enrol_its_workers_with_another_municipalitys_agency(
    client: TestClient, world: World, parties: Parties, token: Tokens
) -> None:
    response = client.post(
        f"/v1/werkenden/{world.worker.id}/inschrijvingen",
        headers=bearer(token(Role.ADMIN, world.admin.subject)),
        json={"agencyId": parties.foreign.id, "validFrom": "2026-03-01"},
    )
    assert response.status_code == 201
