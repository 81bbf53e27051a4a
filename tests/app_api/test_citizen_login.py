"""A citizen's login without a municipality claim: found in every municipality that knows the BSN, each
under its own blind-index key, and signed in to the registration where their benefit runs."""

from __future__ import annotations

import secrets
import time
from typing import Any

from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jws import JWSRegistry
from sqlalchemy.orm import Session

from app_api.config import IssuerKind
from app_api.dev_issuer import DevIssuer
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.conftest import bearer
from tests.app_api.world import World

ROUTE = "/v1/mij/loonstroken?pageSize=100"


def _token(issuer: DevIssuer, bsn: str, municipality: str | None = None) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer.issuer(IssuerKind.WORKER),
        "aud": issuer.audience,
        "sub": f"burger-{bsn}",
        "bsn": bsn,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        # A token of its own each time: the app remembers briefly whom a token named.
        "jti": secrets.token_hex(8),
    }
    if municipality is not None:
        claims["gemeente"] = municipality
    key = issuer.signing_key()
    return jwt.encode(
        {"alg": "ES256", "kid": key.kid}, claims, key, registry=JWSRegistry(algorithms=["ES256"])
    )


def _payslips(client: TestClient, token: str) -> set[str]:
    """The ids of the pay slips the token's person sees."""
    response = client.get(ROUTE, headers=bearer(token))
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_a_login_without_municipality_sees_the_own_record_when_another_municipality_registers_the_bsn(
    client: TestClient, world: World, dev_issuer: DevIssuer, session: Session, sealer: Sealer
) -> None:
    bsn = factories.TEST_BSNS[0]
    own = {record.id for record in world.pay_records}
    assert _payslips(client, _token(dev_issuer, bsn)) == own

    # Another municipality registers the same BSN later; it has no case for this person (yet).
    elsewhere = factories.make_municipality(session, name="Testgemeente West")
    factories.make_worker(session, sealer, municipality=elsewhere, bsn=bsn)
    session.commit()

    assert _payslips(client, _token(dev_issuer, bsn)) == own
    # Naming a municipality still picks that registration.
    assert _payslips(client, _token(dev_issuer, bsn, elsewhere.cbs_code)) == set()


def test_a_login_without_municipality_never_sees_another_persons_record(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    # The foreign worker is known only in the other municipality, under that municipality's own key.
    foreign = _payslips(client, _token(dev_issuer, factories.TEST_BSNS[2]))
    assert foreign
    assert foreign == _payslips(
        client, _token(dev_issuer, factories.TEST_BSNS[2], world.other_municipality.cbs_code)
    )
    assert not foreign & {record.id for record in (*world.pay_records, *world.other_pay_records)}
