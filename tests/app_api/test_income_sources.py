"""The month's income per person, wages and self-employed income side by side (`incomeSources`), for the
worker and for staff: read from the engine's own lines, so the page never adds amounts itself."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store.sealing import Sealer
from tests.app_api import world as worlds
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.test_self_employed import INVOICE
from tests.app_api.world import World
from tests.factories import TEST_BSNS


def _sources(client: TestClient, headers: dict[str, str], path: str) -> list[dict[str, Any]]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    sources: list[dict[str, Any]] = response.json()["incomeSources"]
    return sources


def test_wages_and_self_employed_income_side_by_side(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    own = bearer(token(Role.WORKER, TEST_BSNS[0]))
    staff = bearer(token(Role.CONSULTANT, world.consultant.subject))
    staff_path = f"/v1/werkenden/{world.worker.id}/maanden/2026-02"
    [before] = _sources(client, own, "/v1/mij/maanden/2026-02")
    assert before["person"] == "aanvrager"
    assert (before["selfEmployed"], before["hasBusiness"]) == ("0.00", False)
    assert before["wages"] == before["total"]
    wages = Decimal(before["wages"])
    assert wages > 0

    assert client.post("/v1/mij/facturen", headers=own, json=INVOICE).status_code == 201
    cost = {
        "costId": "bon-7",
        "costDate": "2026-02-04",
        "amountExclVat": "20.25",
        "category": "materiaal",
        "invoiceNumber": INVOICE["invoiceNumber"],
    }
    assert client.post("/v1/mij/kosten", headers=own, json=cost).status_code == 201
    session.expire_all()
    worlds.recompute(session, sealer, world.worker)
    session.commit()

    # 300.00 revenue excluding VAT − 20.25 costs = 279.75, next to the unchanged wages.
    [after] = _sources(client, own, "/v1/mij/maanden/2026-02")
    assert after == {
        "person": "aanvrager",
        "wages": f"{wages:.2f}",
        "selfEmployed": "279.75",
        "hasBusiness": True,
        "total": f"{wages + Decimal('279.75'):.2f}",
    }
    assert _sources(client, staff, staff_path) == [after]
    assert _sources(client, staff, f"{staff_path}/versies/1")[0]["hasBusiness"] is False
