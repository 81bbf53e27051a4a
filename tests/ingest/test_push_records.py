"""Each record judged on its own: stored, duplicate, refused with all its problems, or a correction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.jobs.outbox_consumer import claim_due
from gateway.security import jose_envelope
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import enrollments, pay_records, submissions
from gateway.store.base import utcnow
from gateway.store.models import OutboxEvent, PayRecord, Submission
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, Receipt
from tests import factories
from tests.ingest.conftest import ISSUER, make_agent
from tests.ingest.kit import (
    Agent,
    access_token,
    authorization,
    batch_payload,
    push,
    record,
    seal,
    stored_counts,
)

WEEK_1 = dt.date(2026, 2, 2)
WEEK_2 = dt.date(2026, 2, 9)


def _push(
    client: TestClient, token: str, agent: Agent, keys: GatewayKeys, records: list[dict[str, Any]]
) -> dict[str, Any]:
    response = push(client, token, seal(batch_payload(records), agent, keys))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    Receipt.model_validate(body)
    return body


def _outcomes(receipt: dict[str, Any]) -> list[str]:
    return [entry["outcome"] for entry in receipt["records"]]


def _rows(session: Session, agent: Agent) -> list[PayRecord]:
    statement = select(PayRecord).where(PayRecord.agency_id == agent.agency.id).order_by(PayRecord.record_id)
    return list(session.scalars(statement))


def test_valid_records_are_stored_encrypted_with_their_worker(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1"), record("LS-2", bsn="999900018")])

    assert receipt["counts"] == {"received": 2, "stored": 2, "corrections": 0, "duplicates": 0, "refused": 0}
    assert [(r["recordId"], r["outcome"], r["version"]) for r in receipt["records"]] == [
        ("LS-1", "opgeslagen", 1),
        ("LS-2", "opgeslagen", 1),
    ]
    rows = _rows(session, agent)
    assert [row.worker_id for row in rows] == [agent.workers["999900006"].id, agent.workers["999900018"].id]
    first = rows[0]
    assert (first.version, first.lineage_id, first.supersedes_id) == (1, first.id, None)
    assert first.submission_id == receipt["submissionId"]
    assert "412.80" not in first.content_encrypted
    content = pay_records.content(sealer=sealer, record=first)
    assert (content["gross_wage"], content["net_wage"], content["hours"]) == ("412.80", "371.45", "24.00")


def test_the_receipt_is_signed_by_the_gateway(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys
) -> None:
    response = push(client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys))
    jwks = client.get("/v1/.well-known/jwks.json").json()
    keys = {key["kid"]: key for key in jwks["keys"] if key["use"] == "sig"}

    def resolve(header: dict[str, Any]) -> Any:
        from joserfc.jwk import ECKey

        return ECKey.import_key(keys[header["kid"]])

    header = jose_envelope.verify_detached(
        response.headers[RECEIPT_SIGNATURE_HEADER], response.content, resolve
    )
    assert header["typ"] == "loonbrug-receipt+jws"
    tampered = response.content.replace(b'"stored":1', b'"stored":2')
    with pytest.raises(jose_envelope.EnvelopeError, match="signature_invalid"):
        jose_envelope.verify_detached(response.headers[RECEIPT_SIGNATURE_HEADER], tampered, resolve)


def test_the_receipt_can_be_fetched_again(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys
) -> None:
    response = push(client, token, seal(batch_payload([record("LS-1")]), agent, gateway_keys))

    location = response.headers["location"]
    again = client.get(location, headers=authorization(client, token, "GET", location.removeprefix(ISSUER)))

    assert again.status_code == 200
    assert again.content == response.content
    assert again.headers[RECEIPT_SIGNATURE_HEADER] == response.headers[RECEIPT_SIGNATURE_HEADER]


def test_another_agencys_submission_is_not_found(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1")])
    other = make_agent(session, sealer, bsns=("999900092",))
    other_token = access_token(client, other, client.app.state.context.config)  # type: ignore[attr-defined]

    response = client.get(
        f"/v1/inzendingen/{receipt['submissionId']}",
        headers=authorization(client, other_token, "GET", f"/v1/inzendingen/{receipt['submissionId']}"),
    )
    unknown = client.get(
        "/v1/inzendingen/01a249aa-0000-7000-8000-000000000000",
        headers=authorization(client, token, "GET", "/v1/inzendingen/01a249aa-0000-7000-8000-000000000000"),
    )

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert unknown.status_code == 404


def test_a_worker_not_enrolled_is_refused_and_not_stored(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    municipality = factories.make_municipality(session)
    factories.make_worker(session, sealer, municipality=municipality, bsn="999900110")
    session.flush()

    receipt = _push(client, token, agent, gateway_keys, [record("LS-1"), record("LS-2", bsn="999900110")])

    assert _outcomes(receipt) == ["opgeslagen", "geweigerd"]
    problem = receipt["records"][1]["problems"]
    assert problem == [
        {
            "name": "records[1].bsn",
            "code": "worker_not_enrolled",
            "reason": "Deze werknemer staat niet over het hele tijdvak bij dit uitzendbureau ingeschreven.",
        }
    ]
    assert [row.record_id for row in _rows(session, agent)] == ["LS-1"]


def test_an_enrollment_must_cover_the_whole_period(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    municipality = factories.make_municipality(session)
    worker = factories.make_worker(session, sealer, municipality=municipality, bsn="999900122")
    enrollments.enroll(
        session=session,
        worker_id=worker.id,
        agency_id=agent.agency.id,
        valid_from=dt.date(2026, 1, 1),
        valid_to=WEEK_1 + dt.timedelta(days=3),
    )
    enrollments.enroll(
        session=session,
        worker_id=worker.id,
        agency_id=agent.agency.id,
        valid_from=WEEK_2,
        valid_to=dt.date(2026, 3, 31),
    )
    session.flush()

    receipt = _push(
        client,
        token,
        agent,
        gateway_keys,
        [record("LS-1", bsn="999900122"), record("LS-2", bsn="999900122", week_start=WEEK_2)],
    )

    assert _outcomes(receipt) == ["geweigerd", "opgeslagen"]


def test_consecutive_enrollments_together_cover_a_period(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    municipality = factories.make_municipality(session)
    worker = factories.make_worker(session, sealer, municipality=municipality, bsn="999900122")
    middle = WEEK_1 + dt.timedelta(days=3)
    enrollments.enroll(
        session=session,
        worker_id=worker.id,
        agency_id=agent.agency.id,
        valid_from=dt.date(2026, 1, 1),
        valid_to=middle,
    )
    enrollments.enroll(
        session=session,
        worker_id=worker.id,
        agency_id=agent.agency.id,
        valid_from=middle + dt.timedelta(days=1),
    )
    session.flush()

    receipt = _push(client, token, agent, gateway_keys, [record("LS-1", bsn="999900122")])

    assert _outcomes(receipt) == ["opgeslagen"]


def test_the_same_record_twice_in_a_batch_is_stored_once(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1"), record("LS-1")])

    assert _outcomes(receipt) == ["opgeslagen", "dubbel"]
    assert receipt["counts"]["duplicates"] == 1
    assert len(_rows(session, agent)) == 1


def test_a_record_sent_again_later_is_a_duplicate(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    _push(client, token, agent, gateway_keys, [record("LS-1")])
    # Amounts written differently ("412.8" as a JSON number) are still the same record.
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1", grossWage=412.8)])

    assert receipt["records"] == [{"index": 0, "recordId": "LS-1", "outcome": "dubbel", "version": 1}]
    assert stored_counts(session, agent) == (2, 1)


def test_another_record_under_a_used_record_id_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    _push(client, token, agent, gateway_keys, [record("LS-1")])
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1", netWage="380.00")])

    assert receipt["records"][0]["problems"][0]["code"] == "record_id_in_use"
    assert len(_rows(session, agent)) == 1


def test_another_record_for_a_period_already_sent_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    _push(client, token, agent, gateway_keys, [record("LS-1")])
    receipt = _push(client, token, agent, gateway_keys, [record("LS-9", netWage="380.00")])

    assert receipt["records"][0]["problems"][0] == {
        "name": "records[0].periodStart",
        "code": "period_already_sent",
        "reason": "Voor deze werknemer en dit tijdvak is al een loonstrook ontvangen; markeer deze als"
        " correctie met corrects.",
    }
    assert len(_rows(session, agent)) == 1


def test_a_correction_becomes_the_next_version(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    _push(client, token, agent, gateway_keys, [record("LS-1")])
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1c", corrects="LS-1", netWage="380.00")])

    assert receipt["records"] == [{"index": 0, "recordId": "LS-1c", "outcome": "opgeslagen", "version": 2}]
    assert receipt["counts"]["corrections"] == 1
    first, second = _rows(session, agent)
    assert (second.version, second.lineage_id, second.supersedes_id) == (2, first.id, first.id)
    assert pay_records.current_version(session=session, lineage_id=first.id).id == second.id
    assert pay_records.content(sealer=sealer, record=second)["net_wage"] == "380.00"


def test_a_correction_may_follow_its_record_in_the_same_batch(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    receipt = _push(
        client,
        token,
        agent,
        gateway_keys,
        [
            record("LS-1"),
            record("LS-1c", corrects="LS-1", netWage="380.00"),
            record("LS-1d", corrects="LS-1c", netWage="381.00"),
        ],
    )

    assert [r["version"] for r in receipt["records"]] == [1, 2, 3]
    rows = {row.record_id: row for row in _rows(session, agent)}
    assert rows["LS-1d"].supersedes_id == rows["LS-1c"].id
    assert rows["LS-1d"].lineage_id == rows["LS-1"].id


def test_a_correction_of_an_unknown_record_is_refused(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1c", corrects="LS-onbekend")])

    assert receipt["records"][0]["problems"][0]["code"] == "corrected_record_unknown"
    assert receipt["records"][0]["problems"][0]["name"] == "records[0].corrects"
    assert _rows(session, agent) == []


def test_an_already_corrected_version_cannot_be_corrected_again(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    _push(
        client,
        token,
        agent,
        gateway_keys,
        [record("LS-1"), record("LS-1c", corrects="LS-1", netWage="380.00")],
    )
    receipt = _push(client, token, agent, gateway_keys, [record("LS-1x", corrects="LS-1", netWage="390.00")])

    assert receipt["records"][0]["problems"][0]["code"] == "corrected_record_superseded"
    assert len(_rows(session, agent)) == 2


def test_a_correction_of_another_agencys_record_is_unknown(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    _push(client, token, agent, gateway_keys, [record("LS-1")])
    other = make_agent(session, sealer, bsns=("999900006",))
    other_token = access_token(client, other, client.app.state.context.config)  # type: ignore[attr-defined]

    receipt = _push(client, other_token, other, gateway_keys, [record("LS-1c", corrects="LS-1")])

    assert receipt["records"][0]["problems"][0]["code"] == "corrected_record_unknown"


def test_invalid_records_are_refused_with_every_problem_and_the_rest_stored(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    broken = record("LS-2", week_start=WEEK_2, netWage="veel", bsn="123456789", onbekend=1)
    del broken["hours"]
    wrong_period = record("LS-3", bsn="999900018", periodEnd="2026-02-12")

    receipt = _push(client, token, agent, gateway_keys, [record("LS-1"), broken, wrong_period, 17])

    assert _outcomes(receipt) == ["opgeslagen", "geweigerd", "geweigerd", "geweigerd"]
    problems = {(p["name"], p["code"]) for p in receipt["records"][1]["problems"]}
    assert problems == {
        ("records[1].bsn", "bsn_invalid"),
        ("records[1].hours", "missing"),
        ("records[1].netWage", "decimal_parsing"),
        ("records[1].onbekend", "extra_forbidden"),
    }
    assert receipt["records"][1]["recordId"] == "LS-2"
    assert receipt["records"][2]["problems"] == [
        {
            "name": "records[2]",
            "code": "value_error",
            "reason": "Een weektijdvak duurt 7 dagen, dit tijdvak 11",
        }
    ]
    assert receipt["records"][3] == {
        "index": 3,
        "outcome": "geweigerd",
        "problems": [{"name": "records[3]", "code": "model_type", "reason": "Verwacht een object."}],
    }
    assert [row.record_id for row in _rows(session, agent)] == ["LS-1"]


def test_malformed_json_is_refused_as_a_whole(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    response = push(client, token, seal(b'{"messageId": "bericht-1", "records": [', agent, gateway_keys))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["invalidParams"][0]["code"] == "json_invalid"
    assert stored_counts(session, agent) == (0, 0)


def test_missing_message_fields_are_all_listed(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session
) -> None:
    response = push(client, token, seal(b'{"records": [], "extra": true}', agent, gateway_keys))

    assert response.status_code == 400
    params = {(p["name"], p["code"]) for p in response.json()["invalidParams"]}
    assert params == {
        ("messageId", "missing"),
        ("createdAt", "missing"),
        ("records", "too_short"),
        ("extra", "extra_forbidden"),
    }
    assert stored_counts(session, agent) == (0, 0)


def test_the_push_is_stored_with_its_envelope_and_an_outbox_event(
    client: TestClient, agent: Agent, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    envelope = seal(batch_payload([record("LS-1"), record("LS-2", bsn="999900018")]), agent, gateway_keys)
    receipt = push(client, token, envelope).json()

    submission = session.get(Submission, receipt["submissionId"])
    assert submission is not None
    assert submissions.envelope(sealer=sealer, submission=submission) == envelope
    assert submission.envelope_encrypted != envelope
    assert (submission.accepted_count, submission.refused_count, submission.record_count) == (2, 0, 2)
    events = [
        e for e in session.scalars(select(OutboxEvent)) if e.payload.get("submissionId") == submission.id
    ]
    assert len(events) == 1
    assert events[0].topic == "pay_records.received"
    assert events[0].payload == {
        "submissionId": submission.id,
        "agencyId": agent.agency.id,
        "workerIds": sorted([agent.workers["999900006"].id, agent.workers["999900018"].id]),
        "storedCount": 2,
    }
    # Due at once: a consumer claims it.
    assert claim_due(session=session, now=utcnow(), topics=["pay_records.received"], limit=10) == events


def test_a_batch_of_ten_thousand_records_is_accepted(
    client: TestClient, token: str, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bsns = tuple(b for b in (f"9999{n:05d}" for n in range(2000)) if is_valid_bsn(b))[:100]
    agent = make_agent(session, sealer, bsns=bsns)
    for worker in agent.workers.values():
        enrollments.enroll(
            session=session, worker_id=worker.id, agency_id=agent.agency.id, valid_from=dt.date(2024, 1, 1)
        )
    session.flush()
    token = access_token(client, agent, client.app.state.context.config)  # type: ignore[attr-defined]
    monday = dt.date(2024, 1, 1)
    records = [
        record(f"LS-{w:03d}-{k:03d}", bsn=bsn, week_start=monday + dt.timedelta(weeks=k))
        for w, bsn in enumerate(bsns)
        for k in range(100)
    ]
    envelope = seal(batch_payload(records), agent, gateway_keys)
    assert len(envelope) > 64 * 1024 * 50

    response = push(client, token, envelope)

    assert response.status_code == 201, response.text
    counts = response.json()["counts"]
    assert counts == {"received": 10_000, "stored": 10_000, "corrections": 0, "duplicates": 0, "refused": 0}
    assert stored_counts(session, agent) == (1, 10_000)
