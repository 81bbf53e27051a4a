"""The partner in the household facts: recorded by BSN, shown only as linked with their worker id."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store.models import OutboxEvent, Worker
from gateway.store.sealing import Sealer
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS, make_worker

PARTNER_BSN, UNREGISTERED_BSN = TEST_BSNS[3], TEST_BSNS[4]


def _partner(session: Session, sealer: Sealer, world: World) -> Worker:
    partner = make_worker(
        session, sealer, municipality=world.municipality, bsn=PARTNER_BSN, name="Petra Testpartner"
    )
    session.commit()
    return partner


def _couple(valid_from: str, **extra: Any) -> dict[str, Any]:
    facts = {
        "benefitStart": "2026-01-01",
        "householdType": "gehuwd_samenwonend",
        "partnerBirthDate": "1991-08-02",
    }
    return {"validFrom": valid_from, "facts": facts | extra}


def _outbox(session: Session) -> int:
    return len(list(session.scalars(select(OutboxEvent))))


def _shown(period: dict[str, Any]) -> tuple[str, bool, str | None]:
    return period["validFrom"], period["partnerLinked"], period["partnerWorkerId"]


def test_a_partner_is_recorded_by_bsn_and_shown_only_as_linked_with_their_worker_id(
    client: TestClient,
    world: World,
    token: Tokens,
    session: Session,
    sealer: Sealer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    partner = _partner(session, sealer, world)
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    url = f"/v1/werkenden/{world.worker.id}/huishouden"

    linked = client.post(url, headers=headers, json=_couple("2026-02-01", partnerBsn=PARTNER_BSN))
    unregistered = client.post(url, headers=headers, json=_couple("2026-03-01", partnerBsn=UNREGISTERED_BSN))
    read = client.get(url, headers=headers)

    assert (linked.status_code, unregistered.status_code, read.status_code) == (201, 201, 200)
    assert [_shown(p) for p in read.json()["periods"]] == [
        ("2026-01-01", False, None),
        ("2026-02-01", True, partner.id),
        ("2026-03-01", True, None),
    ]
    assert all("partnerBsn" not in period["facts"] for period in read.json()["periods"])
    for response in (linked, unregistered, read):
        assert PARTNER_BSN not in response.text
        assert UNREGISTERED_BSN not in response.text
    audit_trail = " ".join(str(row) for row in session.execute(text("SELECT * FROM audit_event")))
    outbox_events = " ".join(str(row) for row in session.execute(text("SELECT * FROM outbox")))
    for bsn in (PARTNER_BSN, UNREGISTERED_BSN):
        assert bsn not in caplog.text
        assert bsn not in audit_trail
        assert bsn not in outbox_events


def test_a_change_that_leaves_the_partner_out_keeps_them_and_null_unlinks(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    partner = _partner(session, sealer, world)
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    url = f"/v1/werkenden/{world.worker.id}/huishouden"

    assert (
        client.post(url, headers=headers, json=_couple("2026-02-01", partnerBsn=PARTNER_BSN)).status_code
        == 201
    )
    # What the portal sends: the facts it shows, which hold no partner BSN.
    assert client.post(url, headers=headers, json=_couple("2026-03-01", costSharers=1)).status_code == 201
    unlinked = client.post(url, headers=headers, json=_couple("2026-04-01", partnerBsn=None))
    # Another partner (another birth date) is not given the earlier partner's BSN.
    assert client.post(url, headers=headers, json=_couple("2026-05-01")).status_code == 201
    relinked = client.post(url, headers=headers, json=_couple("2026-06-01", partnerBsn=PARTNER_BSN))
    someone_else = client.post(
        url, headers=headers, json=_couple("2026-07-01", partnerBirthDate="1988-03-09")
    )

    assert (unlinked.status_code, relinked.status_code, someone_else.status_code) == (201, 201, 201)
    assert [_shown(p) for p in someone_else.json()["periods"]] == [
        ("2026-01-01", False, None),
        ("2026-02-01", True, partner.id),
        ("2026-03-01", True, partner.id),
        ("2026-04-01", False, None),
        ("2026-05-01", False, None),
        ("2026-06-01", True, partner.id),
        ("2026-07-01", False, None),
    ]


@pytest.mark.parametrize(
    ("household", "bsn", "code"),
    [
        ("alleenstaand", PARTNER_BSN, "invalid_input"),
        ("alleenstaande_ouder", PARTNER_BSN, "invalid_input"),
        ("gehuwd_samenwonend", TEST_BSNS[0], "partner_is_worker"),
        ("gehuwd_samenwonend", "999900019", "invalid_input"),
    ],
)
def test_a_partner_bsn_is_refused_without_a_couple_for_the_worker_self_or_failing_the_check(
    client: TestClient,
    world: World,
    token: Tokens,
    session: Session,
    sealer: Sealer,
    household: str,
    bsn: str,
    code: str,
) -> None:
    _partner(session, sealer, world)
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    before = _outbox(session)
    facts = {"benefitStart": "2026-01-01", "householdType": household, "partnerBsn": bsn}
    if household == "gehuwd_samenwonend":
        facts["partnerBirthDate"] = "1991-08-02"
    change = {"validFrom": "2026-02-01", "facts": facts}

    response = client.post(f"/v1/werkenden/{world.worker.id}/huishouden", headers=headers, json=change)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["invalidParams"][0]["name"].startswith("facts")
    assert bsn not in response.text
    assert _outbox(session) == before
