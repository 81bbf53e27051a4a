"""Administration: the municipality's policy, agencies with their keys, and the auditor's audit log."""

from __future__ import annotations

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey, RSAKey
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.jobs import kinds
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.models import AuditEvent, OutboxEvent
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World


def test_the_policy_is_the_default_until_the_municipality_chooses(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    initial = client.get("/v1/beheer/beleid", headers=headers).json()
    assert initial["policy"]["fourEyes"] is True
    assert initial["policy"]["attribution"] == "working_days"
    assert initial["chosen"] == ["holdUntilComplete"]  # the only choice the test world makes
    changed = client.patch(
        "/v1/beheer/beleid", headers=headers, json={"attribution": "calendar_days", "balansOptIn": "2026-07"}
    )
    assert changed.status_code == 200
    assert changed.json()["policy"]["attribution"] == "calendar_days"
    assert changed.json()["chosen"] == ["attribution", "balansOptIn", "holdUntilComplete"]
    event = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(1)).one()
    assert event.topic == kinds.RECOMPUTE_REQUESTED
    assert set(event.payload["workerIds"]) == {world.worker.id, world.other_worker.id}


def test_invalid_policy_values_are_refused(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    for body, field in (
        ({"payoutDay": 31}, "payoutDay"),
        ({"attribution": "maanlicht"}, "attribution"),
        ({"fourEyes": None}, "fourEyes"),
        ({"nietBestaand": True}, "nietBestaand"),
    ):
        response = client.patch("/v1/beheer/beleid", headers=headers, json=body)
        assert response.status_code == 400, body
        assert field in {param["name"] for param in response.json()["invalidParams"]}
    assert client.get("/v1/beheer/beleid", headers=headers).json()["chosen"] == ["holdUntilComplete"]


def test_agencies_and_their_keys(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    created = client.post(
        "/v1/beheer/uitzendbureaus",
        headers=headers,
        json={
            "name": "Flex Noord",
            "clientId": "flex-noord",
            "webhookUrl": "https://flex-noord.example/loonbrug",
        },
    )
    assert created.status_code == 201
    agency = created.json()["id"]
    duplicate = client.post(
        "/v1/beheer/uitzendbureaus", headers=headers, json={"name": "x", "clientId": "flex-noord"}
    )
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "client_id_taken")
    plain_http = client.post(
        "/v1/beheer/uitzendbureaus",
        headers=headers,
        json={"name": "x", "clientId": "x-bureau", "webhookUrl": "http://bureau.example/hook"},
    )
    assert plain_http.status_code == 400

    ec = ECKey.generate_key("P-256", auto_kid=True)
    added = client.post(
        f"/v1/beheer/uitzendbureaus/{agency}/sleutels", headers=headers, json={"jwk": ec.as_dict()}
    )
    assert added.status_code == 201
    assert (added.json()["kid"], added.json()["alg"]) == (ec.kid, "ES256")
    assert "d" not in added.json()["publicJwk"]
    again = client.post(
        f"/v1/beheer/uitzendbureaus/{agency}/sleutels", headers=headers, json={"jwk": ec.as_dict()}
    )
    assert (again.status_code, again.json()["code"]) == (409, "kid_taken")

    rsa = RSAKey.generate_key(2048, auto_kid=True)
    rsa_added = client.post(
        f"/v1/beheer/uitzendbureaus/{agency}/sleutels",
        headers=headers,
        json={"jwk": rsa.as_dict(private=False)},
    )
    assert (rsa_added.status_code, rsa_added.json()["alg"]) == (201, "PS256")

    detail = client.get(f"/v1/beheer/uitzendbureaus/{agency}", headers=headers).json()
    assert [key["kid"] for key in detail["keys"]] == [ec.kid, rsa.kid]
    assert (
        client.delete(f"/v1/beheer/uitzendbureaus/{agency}/sleutels/{ec.kid}", headers=headers).status_code
        == 204
    )
    revoked = client.get(f"/v1/beheer/uitzendbureaus/{agency}", headers=headers).json()["keys"][0]
    assert revoked["revokedAt"] is not None
    twice = client.delete(f"/v1/beheer/uitzendbureaus/{agency}/sleutels/{ec.kid}", headers=headers)
    assert (twice.status_code, twice.json()["code"]) == (404, "key_not_found")
    listed = client.get("/v1/beheer/uitzendbureaus", headers=headers).json()["items"]
    assert {item["clientId"] for item in listed} >= {"flex-noord", world.agency.client_id}


def test_private_weak_or_odd_keys_are_refused_without_echoing_them(
    client: TestClient, world: World, token: Tokens
) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    url = f"/v1/beheer/uitzendbureaus/{world.agency.id}/sleutels"
    private = ECKey.generate_key("P-256", auto_kid=True).as_dict(private=True)
    refused = client.post(url, headers=headers, json={"jwk": private})
    assert (refused.status_code, refused.json()["invalidParams"][0]["code"]) == (400, "private_key")
    assert str(private["d"]) not in refused.text
    weak = RSAKey.generate_key(1024, auto_kid=True).as_dict(private=False)
    assert (
        client.post(url, headers=headers, json={"jwk": weak}).json()["invalidParams"][0]["code"]
        == "key_too_weak"
    )
    p384 = ECKey.generate_key("P-384", auto_kid=True).as_dict(private=False)
    assert (
        client.post(url, headers=headers, json={"jwk": p384}).json()["invalidParams"][0]["code"] == "key_type"
    )
    garbage = client.post(
        url, headers=headers, json={"jwk": {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}}
    )
    assert garbage.json()["invalidParams"][0]["code"] == "jwk_invalid"
    mismatch = ECKey.generate_key("P-256", auto_kid=True).as_dict(private=False) | {"alg": "PS256"}
    assert (
        client.post(url, headers=headers, json={"jwk": mismatch}).json()["invalidParams"][0]["code"]
        == "alg_mismatch"
    )


def test_the_auditor_reads_the_municipalitys_log_and_verifies_the_chain(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    consultant = bearer(token(Role.CONSULTANT, world.consultant.subject))
    client.get(f"/v1/werkenden/{world.worker.id}/weken", headers=consultant)
    client.get(
        f"/v1/werkenden/{world.worker.id}",
        headers=bearer(token(Role.CONSULTANT, world.other_consultant.subject)),
    )
    auditor = bearer(token(Role.AUDITOR, world.auditor.subject))
    page = client.get("/v1/auditlog", headers=auditor, params={"workerId": world.worker.id}).json()
    assert [(e["action"], e["result"]) for e in page["items"]] == [("weeks.list", "success")]
    read = session.scalars(select(AuditEvent).order_by(AuditEvent.sequence.desc()).limit(1)).one()
    assert (read.action, read.purpose, read.actor) == (
        "auditlog.read",
        "controle",
        f"staff:{world.auditor.id}",
    )

    intact = client.get("/v1/auditlog/verificatie", headers=auditor).json()
    assert intact["intact"] is True
    assert intact["firstBreak"] is None

    second = session.scalars(select(AuditEvent).where(AuditEvent.sequence == 2)).one()
    with maintenance(session, MaintenanceMode.PURGE):
        session.execute(delete(AuditEvent).where(AuditEvent.id == second.id))
    session.commit()
    broken = client.get(
        "/v1/auditlog/verificatie", headers=bearer(token(Role.ADMIN, world.admin.subject))
    ).json()
    assert broken["intact"] is False
    assert broken["checked"] == 1
    assert broken["firstBreak"]["reason"] == "sequence_gap"
