"""Ordinary input that once ended in a 500: each is a 4xx problem naming the field (issue 14, point 5)."""

from __future__ import annotations

from tests.app_api.placements.conftest import Api


def _field_names(body: dict[str, object]) -> list[str]:
    params = body.get("invalidParams")
    assert isinstance(params, list), body
    return [str(param["name"]) for param in params]


def test_the_premium_ledger_of_a_year_before_the_pilot_is_a_problem_naming_the_year(api: Api) -> None:
    response = api.client.get(
        f"/v1/werkenden/{api.town.worker.id}/premie", params={"jaar": 2024}, headers=api.consultant
    )

    assert response.status_code in (400, 404, 422), response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _field_names(response.json()) == ["jaar"]


def test_a_payout_dated_before_the_pilot_is_a_problem_naming_the_date(api: Api) -> None:
    response = api.client.post(
        f"/v1/werkenden/{api.town.worker.id}/premie/uitbetaalmomenten",
        json={"date": "2020-01-01"},
        headers=api.consultant,
    )

    assert response.status_code in (400, 422), response.text
    assert _field_names(response.json()) == ["date"]


def test_a_half_year_in_year_one_is_a_problem_naming_the_half_year(api: Api) -> None:
    response = api.client.get("/v1/flextensie/restantoverzichten/0001-H2", headers=api.consultant)

    assert response.status_code == 400, response.text
    assert _field_names(response.json()) == ["halfYear"]


def test_invoices_of_a_month_without_flextensie_are_a_problem_naming_the_month(api: Api) -> None:
    for month in ("0000-01", "2020-01"):
        response = api.client.post("/v1/facturen", json={"month": month}, headers=api.consultant)

        assert response.status_code == 400, response.text
        assert _field_names(response.json()) == ["month"]
