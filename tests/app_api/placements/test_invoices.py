"""Invoices through the API: issued per ended month, listed as JSON and CSV, printable as HTML."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from tests.app_api.placements.conftest import Api


def _worked(api: Api, **changes: object) -> dict[str, object]:
    placement = api.create_placement(**changes)
    monday = dt.date(2026, 3, 2)
    while monday < dt.date(2026, 5, 4):
        api.enter(placement["id"], monday, "6.25", "0", "5", "0", "4.75")
        monday += dt.timedelta(days=7)
    return placement


def _issue(api: Api, month: str) -> dict[str, object]:
    response = api.client.post("/v1/facturen", json={"month": month}, headers=api.consultant)
    assert response.status_code == 201, response.text
    issued: dict[str, object] = response.json()
    return issued


def test_each_month_s_invoice_splits_its_amount_to_the_cent(api: Api) -> None:
    _worked(api, hourlyTariff="19.37", travelAllowancePerDay="3.33")
    for month in ("2026-03", "2026-04"):
        [invoice] = _issue(api, month)["issued"]  # type: ignore[misc]
        settlement = invoice["settlement"]
        parts = [Decimal(settlement[k]) for k in ("premium", "travel", "backOffice", "remainder")]
        assert Decimal(invoice["netAmount"]) == sum(parts, Decimal(0))
        assert Decimal(invoice["total"]) == Decimal(invoice["netAmount"]) + Decimal(invoice["vatAmount"])
        assert invoice["month"] == month
    [march] = api.client.get("/v1/facturen?maand=2026-03", headers=api.consultant).json()
    # Four weeks of 16 hours and Monday 30 March (6.25); 4 × 309.92 + 121.06 (6.25 × 19.37 = 121.0625).
    assert (march["hours"], march["netAmount"], march["vatAmount"], march["total"]) == (
        "70.25",
        "1360.74",
        "0.00",
        "1360.74",
    )
    settlement = march["settlement"]
    assert (settlement["premium"], settlement["travelDays"], settlement["travel"]) == ("140.50", 13, "43.29")
    assert (settlement["backOffice"], settlement["remainder"]) == ("0.00", "1176.95")
    assert [line["week"] for line in march["lines"]] == [
        "2026-W10",
        "2026-W11",
        "2026-W12",
        "2026-W13",
        "2026-W14",
    ]


def test_a_month_that_has_not_ended_is_not_invoiced(api: Api) -> None:
    response = api.client.post("/v1/facturen", json={"month": "2026-06"}, headers=api.consultant)
    assert (response.status_code, response.json()["code"]) == (409, "month_not_ended")


def test_csv_lists_the_invoices_with_their_split(api: Api) -> None:
    _worked(api)
    _issue(api, "2026-03")
    _issue(api, "2026-04")
    response = api.client.get(
        "/v1/facturen?maand=2026-03&maand=2026-04", headers={**api.consultant, "Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["maand"] for row in rows] == ["2026-03", "2026-04"]
    for row in rows:
        parts = sum(Decimal(row[k]) for k in ("premie", "reiskosten", "backoffice", "restant_gemeente"))
        assert Decimal(row["bedrag_zonder_btw"]) == parts


def test_the_printable_page_renders_escaped_and_locked_down(api: Api) -> None:
    client = {
        "kvkNumber": "99999995",
        "street": "Molen<straat> 1",
        "postalCode": "9999aa",
        "city": "Voorbeeldstad",
    }
    _worked(api, clientName="Bakkerij <De Korst> & Zn", clientDetails=client)
    [invoice] = _issue(api, "2026-03")["issued"]  # type: ignore[misc]
    response = api.client.get(f"/v1/facturen/{invoice['id']}/afdrukversie", headers=api.consultant)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.startswith("<!DOCTYPE html>")
    assert invoice["number"] in page
    assert "Bakkerij &lt;De Korst&gt; &amp; Zn" in page
    assert "<De Korst>" not in page
    assert "Molen&lt;straat&gt; 1<br>9999 AA Voorbeeldstad<br>KvK 99999995" in page  # the client's address
    assert "Jan Testpersoon" in page  # the worker who did the work
    assert "maart 2026" in page
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'sha256-" in policy
    assert "<script" not in page


def test_another_municipality_cannot_read_an_invoice(api: Api) -> None:
    _worked(api)
    [invoice] = _issue(api, "2026-03")["issued"]  # type: ignore[misc]
    response = api.client.get(f"/v1/facturen/{invoice['id']}", headers=api.worker)
    assert response.status_code == 403
    missing = api.client.get(
        "/v1/facturen/01a20000-0000-7000-8000-000000000000/afdrukversie", headers=api.consultant
    )
    assert missing.status_code == 404
