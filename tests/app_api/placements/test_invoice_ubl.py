"""A client invoice as a Dutch e-invoice (UBL 2.1, SI-UBL 2.0) through the API: refused with each missing
detail named until the administrator sets the seller's in the Flextensie policy and the consultant the
client's with the placement, then written with the same number, date and amounts as the JSON invoice,
valid against the official UBL 2.1 schema and read back by Loonbrug's own UBL reader."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from lxml import etree  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.einvoice.ubl_invoice import CAC, CBC, read_invoice
from connectors.einvoice.ubl_schema import schema_errors
from gateway.store.models import AuditEvent
from tests.app_api.placements.conftest import Api, placement_body

XML = "application/xml"
NS = {"cac": CAC, "cbc": CBC}
INVOICING = {
    "legalName": "Gemeente Voorbeeldstad",
    "oin": "00000001999999999000",
    "street": "Stadhuisplein 1",
    "postalCode": "9999 ZZ",
    "city": "Voorbeeldstad",
    "iban": "NL91ABNA0417164300",
}
CLIENT = {
    "kvkNumber": "99999995",
    "street": "Korenmolenstraat 12",
    "postalCode": "9999 AA",
    "city": "Voorbeeldstad",
}
CLIENT_FIELDS = [
    "clientDetails.kvkNumber",
    "clientDetails.street",
    "clientDetails.postalCode",
    "clientDetails.city",
]
NOT_SUBJECT = {"noVatCategory": "niet_onderworpen", "noVatReason": "Niet onderworpen aan btw: overheidstaak"}


def _invoice(api: Api, client: dict[str, object] | None = CLIENT) -> dict[str, object]:
    placement = api.create_placement(clientDetails=client)
    monday = dt.date(2026, 3, 2)
    while monday < dt.date(2026, 4, 6):
        api.enter(placement["id"], monday, "4", "4", "0", "4", "4.25")
        monday += dt.timedelta(days=7)
    response = api.client.post("/v1/facturen", json={"month": "2026-03"}, headers=api.consultant)
    assert response.status_code == 201, response.text
    [invoice] = response.json()["issued"]
    result: dict[str, object] = invoice
    return result


def _set_invoicing(api: Api, **invoicing: object) -> None:
    change = {"validFrom": "2026-06-01", "source": "Besluit facturering 2026", "invoicing": invoicing}
    response = api.client.post("/v1/beheer/flextensiebeleid", json=change, headers=api.admin)
    assert response.status_code == 201, response.text


def _ubl(api: Api, invoice_id: object) -> tuple[int, bytes, dict[str, str]]:
    response = api.client.get(f"/v1/facturen/{invoice_id}", headers={**api.consultant, "Accept": XML})
    if response.status_code == 200:
        assert schema_errors(response.content) == ()
    return response.status_code, response.content, dict(response.headers)


def test_without_seller_details_the_e_invoice_names_what_to_set(api: Api) -> None:
    invoice = _invoice(api)
    status, body, headers = _ubl(api, invoice["id"])
    assert (status, headers["content-type"]) == (409, "application/problem+json")
    answer = json.loads(body)
    assert answer["code"] == "seller_details_missing"
    assert [p["name"] for p in answer["invalidParams"]] == ["invoicing"]
    assert "Flextensiebeleid" in answer["detail"]
    assert "plaatsing" not in answer["detail"]
    # The standard policy charges no VAT: the municipality must say why before the invoice can be written.
    _set_invoicing(api, **INVOICING)
    answer = api.client.get(f"/v1/facturen/{invoice['id']}", headers={**api.consultant, "Accept": XML}).json()
    assert [p["name"] for p in answer["invalidParams"]] == ["invoicing.noVatCategory"]


def test_without_client_details_the_e_invoice_names_each_client_field(api: Api, session: Session) -> None:
    invoice = _invoice(api, client=None)
    assert invoice["clientDetails"] is None
    exempt = {"noVatCategory": "vrijgesteld", "noVatReason": "Vrijgesteld van btw"}
    _set_invoicing(api, **INVOICING, **exempt, vatNumber="NL000099998B57")
    status, body, _ = _ubl(api, invoice["id"])
    assert status == 409
    answer = json.loads(body)
    assert answer["code"] == "client_details_missing"
    assert [p["name"] for p in answer["invalidParams"]] == CLIENT_FIELDS
    assert "plaatsing" in answer["detail"]
    # The consultant enters them with the placement; the invoice issued before takes them from there.
    response = api.client.put(
        f"/v1/plaatsingen/{invoice['placementId']}/opdrachtgever",
        json={**CLIENT, "vatNumber": "NL000099997B48"},
        headers=api.consultant,
    )
    assert response.status_code == 200, response.text
    assert response.json()["clientDetails"]["kvkNumber"] == "99999995"
    status, body, _ = _ubl(api, invoice["id"])
    assert status == 200, body
    buyer = etree.fromstring(body).find("cac:AccountingCustomerParty/cac:Party", NS)
    assert buyer.findtext("cac:PostalAddress/cbc:PostalZone", namespaces=NS) == "9999 AA"
    assert buyer.findtext("cac:PartyTaxScheme/cbc:CompanyID", namespaces=NS) == "NL000099997B48"
    company = buyer.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
    assert (company.text, company.get("schemeID")) == ("99999995", "0106")
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "placement.client"))
    assert [(e.result, e.subject_worker_id) for e in events] == [("success", api.town.worker.id)]


def test_an_issued_invoice_keeps_the_client_as_it_was(api: Api) -> None:
    """A client that moves after the invoice was issued: the invoice keeps the old address."""
    invoice = _invoice(api)
    _set_invoicing(api, **INVOICING, **NOT_SUBJECT)
    moved = {**CLIENT, "street": "Nieuwe Haven 3", "postalCode": "9999 AB"}
    response = api.client.put(
        f"/v1/plaatsingen/{invoice['placementId']}/opdrachtgever", json=moved, headers=api.consultant
    )
    assert response.status_code == 200, response.text
    status, body, _ = _ubl(api, invoice["id"])
    assert status == 200
    street = "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:StreetName"
    assert etree.fromstring(body).findtext(street, namespaces=NS) == "Korenmolenstraat 12"
    shown = api.client.get(f"/v1/facturen/{invoice['id']}", headers=api.consultant).json()
    assert shown["clientDetails"]["street"] == "Korenmolenstraat 12"
    placement = api.client.get(f"/v1/plaatsingen/{invoice['placementId']}", headers=api.consultant).json()
    assert placement["clientDetails"]["street"] == "Nieuwe Haven 3"


def test_client_details_are_checked_and_each_bad_field_named(api: Api) -> None:
    placement = api.create_placement()
    cases = {
        "kvkNumber": {**CLIENT, "kvkNumber": "1234567"},
        "postalCode": {**CLIENT, "postalCode": "0999 AA"},
        "vatNumber": {**CLIENT, "vatNumber": "NL12345"},
        "countryCode": {**CLIENT, "countryCode": "nl"},
    }
    for field, body in cases.items():
        response = api.client.put(
            f"/v1/plaatsingen/{placement['id']}/opdrachtgever", json=body, headers=api.consultant
        )
        assert (response.status_code, response.headers["content-type"]) == (400, "application/problem+json")
        assert [p["name"] for p in response.json()["invalidParams"]] == [field], field
    no_registration = {k: v for k, v in CLIENT.items() if k != "kvkNumber"}
    response = api.client.post(
        "/v1/plaatsingen",
        json=placement_body(api.town, clientDetails=no_registration),
        headers=api.consultant,
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["clientDetails.kvkNumber"]
    other = api.client.put(
        "/v1/plaatsingen/01a20000-0000-7000-8000-000000000000/opdrachtgever",
        json=CLIENT,
        headers=api.consultant,
    )
    assert other.status_code == 404
    worker = api.client.put(
        f"/v1/plaatsingen/{placement['id']}/opdrachtgever", json=CLIENT, headers=api.worker
    )
    assert worker.status_code == 403


def test_the_e_invoice_has_the_numbers_of_the_invoice(api: Api) -> None:
    invoice = _invoice(api)
    _set_invoicing(api, **INVOICING, **NOT_SUBJECT)
    status, body, headers = _ubl(api, invoice["id"])
    assert status == 200, body
    assert headers["content-type"] == XML
    assert headers["content-disposition"] == f'attachment; filename="factuur-{invoice["number"]}.xml"'
    read = read_invoice(body)
    assert read.problems == ()
    assert read.invoice is not None
    issued = (invoice["number"], dt.date(2026, 6, 15))
    assert (read.invoice.invoice_number, read.invoice.invoice_date) == issued
    assert (read.invoice.amount_excl_vat, read.invoice.vat) == (
        Decimal(str(invoice["netAmount"])),
        Decimal(str(invoice["vatAmount"])),
    )
    assert read.invoice.client == "Bakkerij De Korst"
    root = etree.fromstring(body)
    company = root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID", NS)
    assert (company.text, company.get("schemeID")) == ("00000001999999999000", "0190")
    assert root.findtext("cbc:BuyerReference", namespaces=NS) == "PO-123"
    assert root.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", namespaces=NS) == "O"
    assert len(root.findall("cac:InvoiceLine", NS)) == len(invoice["lines"])  # type: ignore[arg-type]
    # Without the Accept header the same address still answers JSON.
    plain = api.client.get(f"/v1/facturen/{invoice['id']}", headers=api.consultant)
    assert (plain.status_code, plain.json()["number"]) == (200, invoice["number"])


def test_an_invoice_with_vat_needs_the_vat_number(api: Api) -> None:
    response = api.client.post(
        "/v1/beheer/flextensiebeleid",
        json={"validFrom": "2026-03-01", "source": "Besluit btw 2026", "vatApplies": True},
        headers=api.admin,
    )
    assert response.status_code == 201, response.text
    invoice = _invoice(api)
    assert invoice["vatRate"] is not None
    _set_invoicing(api, **INVOICING)
    answer = api.client.get(f"/v1/facturen/{invoice['id']}", headers={**api.consultant, "Accept": XML}).json()
    assert [p["name"] for p in answer["invalidParams"]] == ["invoicing.vatNumber"]
    _set_invoicing(api, **INVOICING, vatNumber="NL000099998B57")
    status, body, _ = _ubl(api, invoice["id"])
    assert status == 200
    root = etree.fromstring(body)
    assert root.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent", namespaces=NS) == "21"
    assert read_invoice(body).problems == ()


def test_seller_details_are_checked_when_set(api: Api) -> None:
    cases = {
        "wrong IBAN check digits": {**INVOICING, "iban": "NL92ABNA0417164300"},
        "both KvK and OIN": {**INVOICING, "kvkNumber": "99999994"},
        "no identifier": {k: v for k, v in INVOICING.items() if k != "oin"},
        "postcode": {**INVOICING, "postalCode": "0999 ZZ"},
        "reason without category": {**INVOICING, "noVatReason": "Vrijgesteld"},
    }
    for name, invoicing in cases.items():
        change = {"validFrom": "2026-06-01", "source": "Besluit", "invoicing": invoicing}
        response = api.client.post("/v1/beheer/flextensiebeleid", json=change, headers=api.admin)
        assert response.status_code == 400, name
        assert response.headers["content-type"] == "application/problem+json", name
        assert all(p["name"].startswith("invoicing") for p in response.json()["invalidParams"]), name


def test_another_municipality_gets_no_e_invoice(api: Api) -> None:
    invoice = _invoice(api)
    status, _, _ = _ubl(api, "01a20000-0000-7000-8000-000000000000")
    assert status == 404
    refused = api.client.get(f"/v1/facturen/{invoice['id']}", headers={**api.worker, "Accept": XML})
    assert refused.status_code == 403


def test_each_download_or_refusal_is_one_audit_record_about_the_worker(api: Api, session: Session) -> None:
    invoice = _invoice(api)

    def exports() -> list[tuple[str, str | None]]:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "invoice.export"))
        return [(event.result, event.subject_worker_id) for event in events]

    assert _ubl(api, invoice["id"])[0] == 409
    _set_invoicing(api, **INVOICING, noVatCategory="niet_onderworpen", noVatReason="Overheidstaak")
    assert _ubl(api, invoice["id"])[0] == 200
    session.expire_all()
    results = exports()
    assert [subject for _, subject in results] == [api.town.worker.id] * 2
    assert results[-1][0] == "success"
    assert results[0][0] != "success"


def test_a_later_policy_version_keeps_the_seller_details(api: Api) -> None:
    change = {"validFrom": "2026-05-01", "source": "Besluit facturering 2026", "invoicing": INVOICING}
    assert api.client.post("/v1/beheer/flextensiebeleid", json=change, headers=api.admin).status_code == 201
    later = {"validFrom": "2026-06-01", "source": "Besluit premie 2026", "premiumPerHour": "1.50"}
    response = api.client.post("/v1/beheer/flextensiebeleid", json=later, headers=api.admin)
    assert response.status_code == 201, response.text
    versions = response.json()["versions"]
    assert [v["policy"].get("invoicing") is not None for v in versions] == [False, True, True]
    assert versions[-1]["policy"]["invoicing"]["iban"] == "NL91ABNA0417164300"
    assert versions[-1]["policy"]["invoicing"]["paymentTermDays"] == 30
