"""POST /v1/urenstaten: timesheets pushed through the gateway with the security of pay records."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.engine.flextensie.placement import plaatsing_toetsen
from gateway.engine.parameters.loader import load_parameters
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import flextensie, flextensie_ledger
from gateway.store.models import Placement, Submission, Timesheet, Worker
from gateway.store.sealing import Sealer
from schemas.flextensie import NewPlacement
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, Receipt
from tests import factories
from tests.ingest.conftest import make_agent
from tests.ingest.kit import Agent, BoundToken, authorization, seal

PARAMETERS = load_parameters()
MONDAY = dt.date(2026, 3, 2)


def _placement(session: Session, sealer: Sealer, worker: Worker, agency_id: str | None) -> Placement:
    version = flextensie.policy_history(session=session, municipality_id=worker.municipality_id).at(MONDAY)
    new = NewPlacement(
        worker_id=worker.id,
        client_name="Bakkerij De Korst",
        agency_id=agency_id,
        start_date=MONDAY,
        expected_hours_per_week=Decimal("16.00"),
        hourly_tariff=Decimal("19.50"),
    )
    plan = plaatsing_toetsen(
        start_date=MONDAY,
        planned_end_date=None,
        ended_on=None,
        expected_hours=new.expected_hours_per_week,
        hourly_tariff=new.hourly_tariff,
        version=version,
        parameters=PARAMETERS,
    )
    row = flextensie.create_placement(
        session=session,
        sealer=sealer,
        municipality_id=worker.municipality_id,
        new=new,
        plan=plan,
        premium_per_hour=version.policy.premium_per_hour,
        policy_valid_from=version.valid_from,
        created_by="test",
    )
    session.flush()
    return row


@pytest.fixture
def placement(session: Session, sealer: Sealer, agent: Agent) -> Placement:
    """A placement of the agent's first worker whose timesheets the agent may push."""
    return _placement(session, sealer, agent.workers["999900006"], agent.agency.id)


def timesheet(
    timesheet_id: str,
    placement: Placement,
    *hours: str,
    bsn: str = "999900006",
    monday: dt.date = MONDAY,
    **extra: Any,
) -> dict[str, Any]:
    """A timesheet as a back office sends it."""
    iso = monday.isocalendar()
    return {
        "timesheetId": timesheet_id,
        "placementId": placement.id,
        "bsn": bsn,
        "week": f"{iso.year}-W{iso.week:02d}",
        "days": [
            {"date": (monday + dt.timedelta(days=i)).isoformat(), "hours": h} for i, h in enumerate(hours)
        ],
        **extra,
    }


def _message(timesheets: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "messageId": f"msg-{secrets.token_hex(8)}",
            "createdAt": dt.datetime.now(dt.UTC).isoformat(),
            "timesheets": timesheets,
        }
    ).encode()


def _send(client: TestClient, token: str, envelope: str, *, key: str | None = None) -> Any:
    credentials = (
        authorization(client, token, "POST", "/v1/urenstaten")
        if isinstance(token, BoundToken)
        else {"Authorization": f"DPoP {token}"}
    )
    headers = {
        **credentials,
        "Content-Type": "application/jose",
        "Idempotency-Key": key or f"key-{secrets.token_hex(8)}",
    }
    return client.post("/v1/urenstaten", content=envelope, headers=headers)


def _push(
    client: TestClient, token: str, agent: Agent, keys: GatewayKeys, timesheets: list[dict[str, Any]]
) -> dict[str, Any]:
    response = _send(client, token, seal(_message(timesheets), agent, keys))
    assert response.status_code == 201, response.text
    assert response.headers[RECEIPT_SIGNATURE_HEADER].count(".") == 2
    body: dict[str, Any] = response.json()
    Receipt.model_validate(body)
    return body


def _outcomes(receipt: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [
        (r["outcome"], r.get("version") or (r.get("problems") or [{}])[0].get("code"))
        for r in receipt["records"]
    ]


def test_a_pushed_timesheet_is_stored_encrypted_with_its_submission(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    placement: Placement,
    session: Session,
) -> None:
    receipt = _push(client, token, agent, gateway_keys, [timesheet("US-1", placement, "4", "0", "4")])
    assert receipt["counts"] == {"received": 1, "stored": 1, "corrections": 0, "duplicates": 0, "refused": 0}
    assert receipt["records"][0]["recordId"] == "US-1"
    row = session.scalars(select(Timesheet).where(Timesheet.placement_id == placement.id)).one()
    assert (row.source, row.external_id, row.submission_id, row.status) == (
        "aanlevering",
        "US-1",
        receipt["submissionId"],
        "ingediend",
    )
    assert row.days_encrypted.startswith("v1.")
    assert "4.00" not in row.days_encrypted
    path = f"/v1/inzendingen/{receipt['submissionId']}"
    again = client.get(path, headers=authorization(client, token, "GET", path))
    assert again.json() == receipt


def test_a_signed_timesheet_is_approved_and_its_premium_accrues(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    placement: Placement,
    session: Session,
    sealer: Sealer,
) -> None:
    approval = {"name": "P. Tekenaar", "approvedOn": "2026-03-09"}
    _push(
        client, token, agent, gateway_keys, [timesheet("US-1", placement, "8", "8", clientApproval=approval)]
    )
    entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=placement.worker_id)
    assert [(e.hours, e.amount) for e in entries] == [(Decimal("16.00"), Decimal("32.00"))]
    [sheet] = flextensie.current_timesheets(session=session, sealer=sealer, placement_id=placement.id)
    assert sheet.approved
    assert sheet.row.approved_by == f"agency:{agent.agency.id}"


def test_the_same_hours_again_are_a_duplicate_and_changed_hours_a_new_version(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, placement: Placement
) -> None:
    _push(client, token, agent, gateway_keys, [timesheet("US-1", placement, "4", "4")])
    same = _push(client, token, agent, gateway_keys, [timesheet("US-1b", placement, "4", "4", "0")])
    changed = _push(client, token, agent, gateway_keys, [timesheet("US-2", placement, "4", "5")])
    assert _outcomes(same) == [("dubbel", 1)]
    assert _outcomes(changed) == [("opgeslagen", 2)]
    assert changed["counts"]["corrections"] == 1


def test_each_timesheet_is_judged_alone_and_refusals_name_their_reason(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    placement: Placement,
    session: Session,
    sealer: Sealer,
) -> None:
    not_ours = _placement(session, sealer, agent.workers["999900018"], None)
    other_agent = make_agent(session, sealer, bsns=(factories.TEST_BSNS[4],))
    foreign = _placement(session, sealer, other_agent.workers[factories.TEST_BSNS[4]], other_agent.agency.id)
    late = dt.date(2026, 9, 1)  # the placement's last day is 1 September 2026; Wednesday 2nd is after it
    receipt = _push(
        client,
        token,
        agent,
        gateway_keys,
        [
            timesheet("US-OK", placement, "4"),
            timesheet("US-NOT-OURS", not_ours, "4", bsn="999900018"),
            timesheet("US-FOREIGN", foreign, "4", bsn=factories.TEST_BSNS[4]),
            timesheet("US-BSN", placement, "4", bsn="999900018", monday=dt.date(2026, 3, 9)),
            timesheet("US-LATE", placement, "4", "4", "4", monday=dt.date(2026, 8, 31)),
            {**timesheet("US-BAD", placement, "4"), "week": "2026-W11"},
        ],
    )
    assert _outcomes(receipt) == [
        ("opgeslagen", 1),
        ("geweigerd", "placement_unknown"),
        ("geweigerd", "placement_unknown"),
        ("geweigerd", "bsn_mismatch"),
        ("geweigerd", "hours_outside_placement"),
        ("geweigerd", "value_error"),
    ]
    assert receipt["records"][5]["problems"][0]["name"].startswith("timesheets[5]")
    assert late.isoformat() not in json.dumps(receipt)
    assert "999900018" not in json.dumps(receipt)


def test_an_idempotency_key_replays_the_receipt_and_refuses_other_content(
    client: TestClient,
    agent: Agent,
    token: str,
    gateway_keys: GatewayKeys,
    placement: Placement,
    session: Session,
) -> None:
    key = "urenstaten-week-10"
    first = _send(
        client, token, seal(_message([timesheet("US-1", placement, "4")]), agent, gateway_keys), key=key
    )
    # The sender rebuilt the same message after a crash: new message id and time, same timesheets and key.
    again = _send(
        client, token, seal(_message([timesheet("US-1", placement, "4")]), agent, gateway_keys), key=key
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    other = _send(
        client, token, seal(_message([timesheet("US-1", placement, "5")]), agent, gateway_keys), key=key
    )
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    count = session.scalars(select(Submission).where(Submission.agency_id == agent.agency.id)).all()
    assert len(count) == 1


def test_without_a_token_or_envelope_nothing_is_read(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, placement: Placement
) -> None:
    envelope = seal(_message([timesheet("US-1", placement, "4")]), agent, gateway_keys)
    assert _send(client, "not-a-token", envelope).status_code == 401
    plain = client.post(
        "/v1/urenstaten",
        content=_message([timesheet("US-1", placement, "4")]),
        headers={
            **authorization(client, token, "POST", "/v1/urenstaten"),
            "Content-Type": "application/json",
            "Idempotency-Key": "k-12345678",
        },
    )
    assert plain.status_code == 415
    assert _send(client, token, "eyJub3QiOiJqd2UifQ").status_code == 400
