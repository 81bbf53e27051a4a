"""A bookkeeper pushes invoices and costs (rule 11) through the real gateway app with real crypto: stored
for the workers who gave it a mandate, refused per document for anyone else, replay-safe, and walled off
from the agencies' pay records."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.engine import load_default_policy, load_parameters
from gateway.ingest.config import IngestConfig
from gateway.jobs import kinds
from gateway.jobs.recompute import recompute_worker
from gateway.security import jose_envelope
from gateway.security.gateway_keys import GatewayKeys, KeyPurpose
from gateway.store import business_documents, case_facts, settlements
from gateway.store.business_documents import Source
from gateway.store.models import AuditEvent, OutboxEvent
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, REPLAYED_HEADER, Receipt
from tests import factories
from tests.ingest.bookkeeper_kit import (
    EXAMPLE_UBL,
    cost,
    documents_payload,
    invoice,
    make_bookkeeper,
    push_documents,
)
from tests.ingest.kit import (
    Agent,
    access_token,
    assertion,
    authorization,
    batch_payload,
    push,
    record,
    request_token,
    seal,
    token_form,
)

BSN = factories.TEST_BSNS[0]


def _receipt(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    Receipt.model_validate(body)
    return body


def _verify(response: Any, keys: GatewayKeys) -> None:
    signature = response.headers[RECEIPT_SIGNATURE_HEADER]
    header = jose_envelope.verify_detached(
        signature, response.content, lambda protected: keys.find(KeyPurpose.SIGNING, protected.get("kid"))
    )
    assert header["typ"] == "loonbrug-receipt+jws"


def test_mandated_documents_are_stored_with_the_sender_and_the_month_recomputed(
    client: TestClient, config: IngestConfig, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bookkeeper = make_bookkeeper(session, sealer)
    worker = bookkeeper.workers[BSN]
    # Known to Loonbrug since January, so February is a month it settles.
    worker.created_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        valid_from=dt.date(2026, 1, 1),
        valid_to=None,
        facts=CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE),
        recorded_by="test",
    )
    token = access_token(client, bookkeeper, config)
    documents = [invoice("2026-004"), cost("BON-1"), {"bsn": BSN, "ublInvoice": EXAMPLE_UBL}]
    response = push_documents(client, token, seal(documents_payload(documents), bookkeeper, gateway_keys))
    receipt = _receipt(response)
    _verify(response, gateway_keys)
    assert [(r["index"], r["recordId"], r["outcome"]) for r in receipt["records"]] == [
        (0, "2026-004", "opgeslagen"),
        (1, "BON-1", "opgeslagen"),
        (2, "2026-009", "opgeslagen"),
    ]
    assert response.headers["location"] == f"/v1/inzendingen/{receipt['submissionId']}"

    stored = business_documents.for_worker(session=session, sealer=sealer, worker_id=worker.id)
    assert {(d.source, d.submitted_by) for d in stored} == {(Source.BOOKKEEPING, bookkeeper.client_id)}
    assert sorted(d.document_id for d in stored) == sorted({d.document_id for d in stored})
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.CASE_CHANGED)).all()
    assert [e.payload for e in events] == [{"workerId": worker.id}]
    audit = session.scalars(select(AuditEvent).where(AuditEvent.actor == bookkeeper.client_id)).all()
    assert [(a.actor_role, a.action, a.result) for a in audit] == [
        ("bookkeeper", "bedrijfsdocumenten.aanlevering", "stored")
    ]

    recompute_worker(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        now=dt.datetime(2026, 2, 20, 11, 0, tzinfo=dt.UTC),
    )
    row = settlements.latest_month_settlement(session=session, worker_id=worker.id, month=Month(2026, 2))
    assert row is not None
    figures = settlements.result(sealer=sealer, row=row)
    # The February invoice of 300.00 excluding VAT less the 40.00 cost of 10 February.
    assert Decimal(figures["selfEmployedIncome"]) == Decimal("260.00")

    # The receipt can be fetched again, signed, by the bookkeeper that sent it.
    path = f"/v1/inzendingen/{receipt['submissionId']}"
    again = client.get(path, headers=authorization(client, token, "GET", path))
    assert again.status_code == 200, again.text
    assert again.content == response.content


def test_documents_for_anyone_without_a_mandate_are_refused_per_document_alike(
    client: TestClient, config: IngestConfig, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bookkeeper = make_bookkeeper(session, sealer, bsns=(BSN,))
    municipality = factories.make_municipality(session)
    # Known to Loonbrug, but never gave this bookkeeper a mandate.
    factories.make_worker(session, sealer, municipality=municipality, bsn=factories.TEST_BSNS[3])
    token = access_token(client, bookkeeper, config)
    documents = [
        invoice("F-1"),
        invoice("F-2", bsn=factories.TEST_BSNS[3]),
        invoice("F-3", bsn=factories.TEST_BSNS[4]),
        # Dated before the mandate began.
        invoice("F-4", invoiceDate="2025-12-31", periodStart=None, periodEnd=None),
    ]
    response = push_documents(client, token, seal(documents_payload(documents), bookkeeper, gateway_keys))
    receipt = _receipt(response)
    assert [r["outcome"] for r in receipt["records"]] == ["opgeslagen", "geweigerd", "geweigerd", "geweigerd"]
    refusals = [r["problems"] for r in receipt["records"][1:]]
    assert [p[0]["name"] for p in refusals] == ["documents[1].bsn", "documents[2].bsn", "documents[3].bsn"]
    # Known, unknown and out-of-date read the same: the answer never tells whether a BSN is known.
    assert len({(p[0]["code"], p[0]["reason"]) for p in refusals}) == 1
    assert refusals[0][0]["code"] == "no_mandate"
    assert all(bsn not in response.text for bsn in factories.TEST_BSNS)
    assert receipt["counts"] == {"received": 4, "stored": 1, "corrections": 0, "duplicates": 0, "refused": 3}


def test_a_broken_e_invoice_is_refused_naming_the_element_and_the_rest_is_stored(
    client: TestClient, config: IngestConfig, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bookkeeper = make_bookkeeper(session, sealer)
    token = access_token(client, bookkeeper, config)
    broken = EXAMPLE_UBL.replace("<cbc:TaxExclusiveAmount", "<cbc:Nothing").replace(
        "</cbc:TaxExclusiveAmount>", "</cbc:Nothing>"
    )
    documents = [
        {"bsn": BSN, "ublInvoice": broken},
        {"bsn": BSN, "ublInvoice": "<Invoice>niet af"},
        cost("BON-2"),
        {"bsn": BSN, "invoice": invoice("X")["invoice"], "cost": cost("Y")["cost"]},
        {
            "bsn": BSN,
            "ublInvoice": EXAMPLE_UBL.replace(">423.50</cbc:PayableAmount>", ">1.00</cbc:PayableAmount>"),
        },
    ]
    receipt = _receipt(
        push_documents(client, token, seal(documents_payload(documents), bookkeeper, gateway_keys))
    )
    outcomes = receipt["records"]
    assert [r["outcome"] for r in outcomes] == [
        "geweigerd",
        "geweigerd",
        "opgeslagen",
        "geweigerd",
        "geweigerd",
    ]
    names = [p["name"] for p in outcomes[0]["problems"]]
    assert "documents[0].ublInvoice/Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount" in names
    assert all(p["code"] == "invalid_einvoice" for p in outcomes[0]["problems"])
    assert outcomes[1]["problems"][0]["name"] == "documents[1].ublInvoice/Invoice"
    assert outcomes[3]["problems"][0]["name"] == "documents[3]"
    # A wrong sum is named by element and rule; the receipt (kept unencrypted) repeats no amount.
    (payable,) = outcomes[4]["problems"]
    assert payable["name"] == "documents[4].ublInvoice/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount"
    assert "BR-CO-16" in payable["reason"]
    assert not any(amount in json.dumps(receipt) for amount in ("423.50", "350.00", "73.50", "1.00"))


def test_corrections_are_versions_and_a_changed_number_is_refused(
    client: TestClient, config: IngestConfig, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bookkeeper = make_bookkeeper(session, sealer)
    token = access_token(client, bookkeeper, config)
    _receipt(
        push_documents(client, token, seal(documents_payload([invoice("F-10")]), bookkeeper, gateway_keys))
    )
    documents = [
        invoice("F-10"),
        invoice("F-10", amountExclVat="310.00"),
        invoice("F-11", corrects="F-10", amountExclVat="310.00"),
        invoice("F-12", corrects="F-99"),
        # Within one message, as one by one: a resend, a correction of a new one, a second correction.
        invoice("F-13"),
        invoice("F-13"),
        invoice("F-14", corrects="F-13"),
        invoice("F-15", corrects="F-13"),
    ]
    receipt = _receipt(
        push_documents(client, token, seal(documents_payload(documents), bookkeeper, gateway_keys))
    )
    assert [r["outcome"] for r in receipt["records"]] == [
        "dubbel",
        "geweigerd",
        "opgeslagen",
        "geweigerd",
        "opgeslagen",
        "dubbel",
        "opgeslagen",
        "geweigerd",
    ]
    assert [(p["name"], p["code"]) for r in receipt["records"] for p in r.get("problems", [])] == [
        ("documents[1].invoice.invoiceNumber", "number_taken"),
        ("documents[3].invoice.corrects", "invalid_correction"),
        ("documents[7].invoice.corrects", "invalid_correction"),
    ]
    assert "F-14" in receipt["records"][7]["problems"][0]["reason"]
    assert receipt["counts"]["corrections"] == 2
    stored = business_documents.for_worker(
        session=session, sealer=sealer, worker_id=bookkeeper.workers[BSN].id
    )
    assert [(d.document.invoice_number, d.corrected_by) for d in stored] == [
        ("F-10", "F-11"),
        ("F-11", None),
        ("F-13", "F-14"),
        ("F-14", None),
    ]


def test_replays_answer_the_stored_receipt_and_store_nothing_twice(
    client: TestClient, config: IngestConfig, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bookkeeper = make_bookkeeper(session, sealer)
    token = access_token(client, bookkeeper, config)
    documents = [invoice("F-20"), cost("BON-20")]
    first = push_documents(
        client, token, seal(documents_payload(documents), bookkeeper, gateway_keys), key="key-replay-1"
    )
    receipt = _receipt(first)

    # A rebuilt message (new id and time) with the same documents and key: the stored receipt.
    again = push_documents(
        client, token, seal(documents_payload(documents), bookkeeper, gateway_keys), key="key-replay-1"
    )
    assert again.status_code == 201, again.text
    assert again.headers[REPLAYED_HEADER] == "true"
    assert again.content == first.content

    changed = push_documents(
        client,
        token,
        seal(documents_payload([invoice("F-21")]), bookkeeper, gateway_keys),
        key="key-replay-1",
    )
    assert changed.status_code == 422, changed.text
    assert changed.headers["content-type"].startswith("application/problem+json")

    # The same message id again under a new key: refused, a message is processed once.
    message = documents_payload([invoice("F-22")], message_id="msg-bookkeeper-once")
    _receipt(push_documents(client, token, seal(message, bookkeeper, gateway_keys)))
    replayed = push_documents(client, token, seal(message, bookkeeper, gateway_keys))
    assert (replayed.status_code, replayed.json()["code"]) == (422, "message_replayed")

    stored = business_documents.for_worker(
        session=session, sealer=sealer, worker_id=bookkeeper.workers[BSN].id
    )
    assert sorted(d.document.invoice_number if d.kind == "factuur" else "BON-20" for d in stored) == [
        "BON-20",
        "F-20",
        "F-22",
    ]
    assert receipt["counts"]["stored"] == 2


def test_agency_and_bookkeeper_tokens_each_reach_only_their_own_pushes(
    client: TestClient,
    config: IngestConfig,
    gateway_keys: GatewayKeys,
    session: Session,
    sealer: Sealer,
    agent: Agent,
    token: str,
) -> None:
    bookkeeper = make_bookkeeper(session, sealer)
    documents = seal(documents_payload([invoice("F-30")]), agent, gateway_keys)
    refused = push_documents(client, token, documents)
    assert (refused.status_code, refused.json()["code"]) == (403, "insufficient_scope")

    asked = request_token(
        client, agent.key, data=token_form(assertion(agent, config), scope="bedrijfsdocumenten:schrijven")
    )
    assert (asked.status_code, asked.json()["error"]) == (400, "invalid_scope")

    own = access_token(client, bookkeeper, config)
    pay = push(client, own, seal(batch_payload([record("LS-1", bsn=BSN)]), bookkeeper, gateway_keys))
    assert (pay.status_code, pay.json()["code"]) == (403, "insufficient_scope")
    wider = request_token(
        client, bookkeeper.key, data=token_form(assertion(bookkeeper, config), scope="loonstroken:schrijven")
    )
    assert (wider.status_code, wider.json()["error"]) == (400, "invalid_scope")
    assert "bedrijfsdocumenten:schrijven" in wider.json()["detail"]
    notifications = client.get("/v1/meldingen", headers=authorization(client, own, "GET", "/v1/meldingen"))
    assert notifications.status_code == 403
    assert (
        business_documents.for_worker(session=session, sealer=sealer, worker_id=bookkeeper.workers[BSN].id)
        == []
    )


def test_a_bad_message_is_a_problem_naming_the_field(
    client: TestClient, config: IngestConfig, gateway_keys: GatewayKeys, session: Session, sealer: Sealer
) -> None:
    bookkeeper = make_bookkeeper(session, sealer)
    token = access_token(client, bookkeeper, config)
    response = push_documents(
        client, token, seal(b'{"messageId": "msg-12345678", "documents": []}', bookkeeper, gateway_keys)
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {p["name"] for p in response.json()["invalidParams"]} == {"createdAt", "documents"}
    unsealed = push_documents(client, token, documents_payload([invoice("F-40")]))
    assert unsealed.status_code == 400
