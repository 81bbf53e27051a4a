"""Invoices and business costs of a worker's own business through the app API (rule 11): the worker sends
their own, a consultant sends and reads them (audited), the month is recomputed with the income, and
nothing crosses a municipality."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.jobs import kinds
from gateway.store.models import AuditEvent, BusinessDocument, OutboxEvent
from gateway.store.sealing import Sealer
from tests.app_api import world as worlds
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS

EXAMPLE_UBL = (Path(__file__).parents[2] / "examples" / "einvoice" / "factuur-2026-009.xml").read_bytes()
INVOICE = {
    "invoiceNumber": "2026-004",
    "invoiceDate": "2026-02-09",
    "periodStart": "2026-02-02",
    "periodEnd": "2026-02-06",
    "client": "Stichting Buurthuis De Kroon",
    "amountExclVat": "300.00",
    "vat": "63.00",
    "paid": False,
}


def _month(client: TestClient, headers: dict[str, str], world: World, month: str) -> dict[str, Any]:
    response = client.get(f"/v1/werkenden/{world.worker.id}/maanden/{month}", headers=headers)
    assert response.status_code == 200, response.text
    settlement: dict[str, Any] = response.json()["settlement"]
    return settlement


def test_worker_sends_an_invoice_and_the_month_counts_it(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    own = bearer(token(Role.WORKER, TEST_BSNS[0]))
    staff = bearer(token(Role.CONSULTANT, world.consultant.subject))
    before = _month(client, staff, world, "2026-02")
    assert before["selfEmployedIncome"] == "0.00"

    sent = client.post("/v1/mij/facturen", headers=own, json=INVOICE)
    assert sent.status_code == 201, sent.text
    assert sent.json()["source"] == "werkende"
    assert sent.json()["invoice"]["amountExclVat"] == "300.00"
    event = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(1)).one()
    assert (event.topic, event.payload) == (kinds.CASE_CHANGED, {"workerId": world.worker.id})
    again = client.post("/v1/mij/facturen", headers=own, json=INVOICE)
    assert again.status_code == 200, again.text

    changed = client.post("/v1/mij/facturen", headers=own, json={**INVOICE, "amountExclVat": "310.00"})
    assert (changed.status_code, changed.json()["code"]) == (409, "number_taken")
    assert changed.headers["content-type"].startswith("application/problem+json")
    unknown = client.post(
        "/v1/mij/facturen", headers=own, json={**INVOICE, "invoiceNumber": "2026-005", "corrects": "1999-1"}
    )
    assert unknown.status_code == 400, unknown.text
    assert [p["name"] for p in unknown.json()["invalidParams"]] == ["corrects"]
    bad = client.post("/v1/mij/facturen", headers=own, json={**INVOICE, "periodEnd": None, "vat": "-1"})
    assert bad.status_code == 400, bad.text
    # A rule about two fields names the one to change, in words, not the whole body.
    assert sorted(p["name"] for p in bad.json()["invalidParams"]) == ["periodEnd", "vat"]
    own_number = client.post(
        "/v1/mij/facturen", headers=own, json={**INVOICE, "invoiceNumber": "2026-006", "corrects": "2026-006"}
    )
    assert [p["name"] for p in own_number.json()["invalidParams"]] == ["corrects"]
    assert "corrects" not in changed.json()["detail"]

    session.expire_all()
    worlds.recompute(session, sealer, world.worker)
    session.commit()
    after = _month(client, staff, world, "2026-02")
    assert after["selfEmployedIncome"] == "300.00"
    assert Decimal(after["income"]) == Decimal(before["income"]) + Decimal("300.00")
    texts = [line["text"] for line in after["lines"] if line["code"] == "OMZET"]
    assert len(texts) == 1
    assert "2026-004" in texts[0]
    assert "nog niet betaald" in texts[0]

    listed = client.get("/v1/mij/facturen", headers=own).json()["items"]
    assert [item["invoice"]["invoiceNumber"] for item in listed] == ["2026-004"]
    assert client.get("/v1/mij/kosten", headers=own).json() == {"items": []}


def test_consultant_sends_and_reads_costs_audited_and_never_across_municipalities(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    staff = bearer(token(Role.CONSULTANT, world.consultant.subject))
    cost = {"costId": "bon-12", "costDate": "2026-02-03", "amountExclVat": "45.50", "category": "vervoer"}
    sent = client.post(f"/v1/werkenden/{world.worker.id}/kosten", headers=staff, json=cost)
    assert sent.status_code == 201, sent.text
    assert sent.json()["source"] == "gemeente"
    read = client.get(f"/v1/werkenden/{world.worker.id}/kosten", headers=staff)
    assert [item["cost"]["costId"] for item in read.json()["items"]] == ["bon-12"]

    foreign = client.get(f"/v1/werkenden/{world.foreign_worker.id}/kosten", headers=staff)
    assert (foreign.status_code, foreign.json()["code"]) == (404, "worker_not_found")
    refused = client.post(f"/v1/werkenden/{world.foreign_worker.id}/kosten", headers=staff, json=cost)
    assert refused.status_code == 404
    assert session.scalars(select(BusinessDocument.worker_id)).all() == [world.worker.id]

    actions = [
        (e.action, e.result)
        for e in session.scalars(select(AuditEvent).order_by(AuditEvent.sequence))
        if e.action.startswith("cost.")
    ]
    assert actions[:2] == [("cost.submit", "success"), ("cost.read", "success")]
    assert [result for _, result in actions[2:]] == ["worker_not_found", "worker_not_found"]

    worker_token = bearer(token(Role.WORKER, TEST_BSNS[0]))
    assert (
        client.post(f"/v1/werkenden/{world.worker.id}/kosten", headers=worker_token, json=cost).status_code
        == 403
    )


def test_stored_document_is_encrypted(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    own = bearer(token(Role.WORKER, TEST_BSNS[0]))
    assert client.post("/v1/mij/facturen", headers=own, json=INVOICE).status_code == 201
    row = session.scalars(select(BusinessDocument)).one()
    assert "Buurthuis" not in row.document_encrypted
    assert "300.00" not in row.document_encrypted


def test_worker_uploads_an_e_invoice(client: TestClient, world: World, token: Tokens) -> None:
    """An SI-UBL invoice as the bookkeeping package makes it is stored like a typed-in one; a broken one
    is refused naming the element, another content type with 415, a huge one with 413 before reading."""
    own = bearer(token(Role.WORKER, TEST_BSNS[0]))
    xml = {**own, "Content-Type": "application/xml"}
    sent = client.post("/v1/mij/facturen/ubl", headers=xml, content=EXAMPLE_UBL)
    assert sent.status_code == 201, sent.text
    assert (sent.json()["invoice"]["invoiceNumber"], sent.json()["invoice"]["amountExclVat"]) == (
        "2026-009",
        "350.00",
    )

    broken = EXAMPLE_UBL.replace(
        b'currencyID="EUR">423.50</cbc:TaxInclusiveAmount>',
        b'currencyID="EUR">420.00</cbc:TaxInclusiveAmount>',
    )
    refused = client.post("/v1/mij/facturen/ubl", headers=xml, content=broken)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    names = [param["name"] for param in refused.json()["invalidParams"]]
    assert "Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount" in names
    assert (
        client.post(
            "/v1/mij/facturen/ubl", headers={**own, "Content-Type": "text/plain"}, content=b"x"
        ).status_code
        == 415
    )
    huge = client.post("/v1/mij/facturen/ubl", headers=xml, content=b"<" + b"x" * (2 * 1024 * 1024))
    assert huge.status_code == 413


def test_far_off_dates_and_long_periods_are_refused_naming_the_field(
    client: TestClient, world: World, token: Tokens
) -> None:
    """A year-1 or year-9999 date, or a period of more than a year, is a typing error: a 400 naming the
    field, never a stored document that the settlement would have to spread over thousands of months."""
    own = bearer(token(Role.WORKER, TEST_BSNS[0]))
    cases = {
        "invoiceDate": {**INVOICE, "invoiceDate": "0001-01-01"},
        "periodEnd": {**INVOICE, "periodEnd": "9999-12-31"},
    }
    for field, body in cases.items():
        response = client.post("/v1/mij/facturen", headers=own, json=body)
        assert response.status_code == 400, response.text
        assert field in [param["name"] for param in response.json()["invalidParams"]]
    long = client.post("/v1/mij/facturen", headers=own, json={**INVOICE, "periodStart": "2025-01-01"})
    assert long.status_code == 400, long.text
    named = [(p["name"], "366 dagen" in p["reason"]) for p in long.json()["invalidParams"]]
    assert named == [("periodEnd", True)]
    backwards = client.post("/v1/mij/facturen", headers=own, json={**INVOICE, "periodStart": "2026-02-09"})
    assert [p["name"] for p in backwards.json()["invalidParams"]] == ["periodEnd"]
    cost = {"costId": "bon-1", "costDate": "2026-02-03", "amountExclVat": "1.00", "category": "overig"}
    for value in ("0001-01-01", "2100-01-01"):
        refused = client.post("/v1/mij/kosten", headers=own, json={**cost, "costDate": value})
        assert refused.status_code == 400, refused.text
