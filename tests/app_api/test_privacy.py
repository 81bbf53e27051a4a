"""Logs and error bodies never contain a BSN, a wage, a token or a key (DESIGN §8)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey

from app_api.auth.principal import Role
from app_api.dev_issuer import DevIssuer
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS


def test_nothing_personal_or_secret_reaches_logs_or_error_bodies(
    client: TestClient, world: World, token: Tokens, dev_issuer: DevIssuer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    worker = token(Role.WORKER, TEST_BSNS[0])
    consultant = token(Role.CONSULTANT, world.consultant.subject)
    admin = token(Role.ADMIN, world.admin.subject)
    private_key = ECKey.generate_key("P-256", auto_kid=True).as_dict(private=True)
    tampered = worker[:-4] + ("AAAA" if not worker.endswith("AAAA") else "BBBB")
    errors = [
        client.get("/v1/mij/weken", headers=bearer(tampered)),
        client.get("/v1/mij/weken/2025-W40", headers=bearer(worker)),
        client.get(
            f"/v1/werkenden/{world.worker.id}", headers=bearer(token(Role.CONSULTANT, "consulent-zuid"))
        ),
        client.post(
            "/v1/werkenden",
            headers=bearer(consultant),
            json={"bsn": TEST_BSNS[0], "name": "Jan Testpersoon", "birthDate": "1990-05-17"},
        ),
        client.post("/v1/werkenden", headers=bearer(consultant), json={"bsn": "999900007", "name": "x"}),
        client.post(
            f"/v1/werkenden/{world.worker.id}/voorschotten",
            headers=bearer(consultant),
            json={"month": "2026-02", "amount": "451.375"},
        ),
        client.post(
            f"/v1/beheer/uitzendbureaus/{world.agency.id}/sleutels",
            headers=bearer(admin),
            json={"jwk": private_key},
        ),
    ]
    assert all(response.status_code >= 400 for response in errors)
    reads = [
        client.get("/v1/mij/weken", headers=bearer(worker)),
        client.get(f"/v1/werkenden/{world.worker.id}/loonstroken", headers=bearer(consultant)),
    ]
    assert all(response.status_code == 200 for response in reads)
    assert "451.37" in reads[1].text, "the wage is in the data the consultant asked for"

    secrets = [
        *TEST_BSNS[:3],
        "999900007",
        "451.37",
        "451.375",
        "520.00",
        worker,
        consultant,
        admin,
        str(private_key["d"]),
        str(dev_issuer.signing_key().as_dict(private=True)["d"]),
    ]
    bodies = "\n".join(response.text for response in errors)
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in bodies
