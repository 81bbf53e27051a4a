"""A NUL character in a path or in an identity claim is a 4xx problem, never a 500 (PostgreSQL refuses
NUL in text; issue 14, point 5)."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey
from joserfc.jws import JWSRegistry

from app_api.auth.principal import Role
from app_api.config import IssuerKind
from app_api.dev_issuer import DevIssuer
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World


def _staff_token(issuer: DevIssuer, **claims: object) -> str:
    now = int(time.time())
    body = {
        "iss": issuer.issuer(IssuerKind.STAFF),
        "aud": issuer.audience,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        **claims,
    }
    key = issuer.signing_key()
    return jwt.encode({"alg": "ES256", "kid": key.kid}, body, key, registry=JWSRegistry(algorithms=["ES256"]))


def test_a_key_id_with_a_nul_is_refused_naming_it(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.ADMIN, world.admin.subject))

    response = client.delete(
        f"/v1/beheer/uitzendbureaus/{world.agency.id}/sleutels/sleutel%001", headers=headers
    )

    assert response.status_code == 400, response.text
    assert [param["name"] for param in response.json()["invalidParams"]] == ["kid"]


def test_identity_claims_with_a_nul_are_an_invalid_token(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    code = world.municipality.cbs_code
    in_subject = _staff_token(dev_issuer, sub="consulent\x00", gemeente=code, roles=["consultant"])
    in_municipality = _staff_token(dev_issuer, sub=world.consultant.subject, gemeente=f"{code}\x00")

    for token in (in_subject, in_municipality):
        response = client.get("/v1/caseload", headers=bearer(token))
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "token_invalid"


def test_a_name_with_a_nul_is_refused_naming_it(client: TestClient, world: World, token: Tokens) -> None:
    """An agency's or a bookkeeper's name is stored as text: a NUL (or another control character) is a
    problem naming the field, before it reaches the database."""
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    routes = (("/v1/beheer/uitzendbureaus", "bureau-nul"), ("/v1/beheer/boekhouders", "bh-nul"))
    for path, client_id in routes:
        for name in ("Bureau\x00Noord", "Bureau\nNoord"):
            response = client.post(path, headers=headers, json={"name": name, "clientId": client_id})
            assert response.status_code == 400, response.text
            assert [param["name"] for param in response.json()["invalidParams"]] == ["name"]
        assert client_id not in client.get(path, headers=headers).text


def test_a_key_with_a_nul_or_an_unknown_curve_is_refused_naming_the_jwk(
    client: TestClient, world: World, token: Tokens
) -> None:
    """The key's members are stored as JSON text and its kid is compared and shown: a control character
    anywhere in the JWK, like a curve joserfc does not know, is a problem naming `jwk`."""
    headers = bearer(token(Role.ADMIN, world.admin.subject))
    jwk = dict(ECKey.generate_key("P-256", auto_kid=True).as_dict(private=False))
    for body in (jwk | {"kid": "sleutel\x001"}, jwk | {"opmerking": "a\x00b"}, jwk | {"crv": "P-999"}):
        response = client.post(
            f"/v1/beheer/uitzendbureaus/{world.agency.id}/sleutels", headers=headers, json={"jwk": body}
        )
        assert response.status_code == 400, response.text
        assert [param["name"] for param in response.json()["invalidParams"]] == ["jwk"]
