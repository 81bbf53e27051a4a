"""Error bodies never echo an identifier that looks like a BSN, wherever the caller put it (issue 14,
point 7): in the path, a query parameter or a JSON key."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app_api.auth.principal import Role
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS

BSN = TEST_BSNS[1]


def test_no_error_body_echoes_a_bsn(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))
    answers = [
        client.get(f"/v1/werkenden/{BSN}/weken", headers=headers),
        client.get(f"/v1/werkenden/{BSN}", headers=headers),
        client.get(f"/v1/{BSN}", headers=headers),
        client.get(f"/v1/werkenden/{BSN}/weken"),
        client.get("/v1/caseload", params={"pageSize": BSN}, headers=headers),
        client.post(f"/v1/werkenden/{world.worker.id}/voorschotten", json={BSN: "1"}, headers=headers),
    ]

    assert all(answer.status_code >= 400 for answer in answers)
    assert all(answer.headers["content-type"] == "application/problem+json" for answer in answers)
    echoed = [answer.request.url.path for answer in answers if BSN in answer.text]
    assert echoed == []
