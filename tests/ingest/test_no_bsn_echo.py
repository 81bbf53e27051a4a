"""The agency API's error bodies never echo an identifier that looks like a BSN (issue 14, point 7)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import TEST_BSNS


def test_no_error_body_echoes_a_bsn(client: TestClient, token: str) -> None:
    bsn = TEST_BSNS[1]
    headers = {"Authorization": f"Bearer {token}"}
    answers = [
        client.get(f"/v1/inzendingen/{bsn}", headers=headers),
        client.get(f"/v1/meldingen/{bsn}", headers=headers),
        client.get(f"/v1/{bsn}"),
    ]

    assert all(answer.status_code >= 400 for answer in answers)
    assert [answer.request.url.path for answer in answers if bsn in answer.text] == []
