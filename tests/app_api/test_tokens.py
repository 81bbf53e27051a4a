"""Bearer tokens: what is refused (issuer, audience, time, algorithm, key, signature) and how keys rotate."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey
from joserfc.jws import JWSRegistry

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings, IssuerConfig, IssuerKind
from app_api.dev_issuer import DevIssuer
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from tests.app_api import world as worlds
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS

ROUTE = "/v1/mij/weken"
REFETCH_SECONDS = 1


def _claims(issuer: DevIssuer, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": issuer.issuer(IssuerKind.WORKER),
        "aud": issuer.audience,
        "sub": "burger-1",
        "bsn": TEST_BSNS[0],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _signed(
    issuer: DevIssuer, claims: dict[str, Any], *, key: Any = None, header: dict[str, Any] | None = None
) -> str:
    signing = key or issuer.signing_key()
    return jwt.encode(
        header or {"alg": "ES256", "kid": signing.kid},
        claims,
        signing,
        registry=JWSRegistry(algorithms=["ES256"]),
    )


def _b64(document: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


def _status(client: TestClient, token: str) -> int:
    status: int = client.get(ROUTE, headers=bearer(token)).status_code
    return status


def test_a_valid_token_is_accepted(client: TestClient, world: World, dev_issuer: DevIssuer) -> None:
    assert _status(client, _signed(dev_issuer, _claims(dev_issuer))) == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example/dev-issuer/burgers"},
        {"iss": None},
        {"aud": "een-andere-api"},
        {"aud": None},
        {"exp": int(time.time()) - 3600},
        {"exp": None},
        {"nbf": int(time.time()) + 3600},
        {"iat": int(time.time()) + 3600},
        {"sub": None},
    ],
    ids=[
        "wrong-iss",
        "no-iss",
        "wrong-aud",
        "no-aud",
        "expired",
        "no-exp",
        "not-yet-valid",
        "issued-later",
        "no-sub",
    ],
)
def test_bad_claims_are_refused(
    client: TestClient, world: World, dev_issuer: DevIssuer, changes: dict[str, Any]
) -> None:
    response = client.get(ROUTE, headers=bearer(_signed(dev_issuer, _claims(dev_issuer, **changes))))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "token_invalid"


def test_alg_none_is_refused(client: TestClient, world: World, dev_issuer: DevIssuer) -> None:
    kid = dev_issuer.signing_key().kid
    token = f"{_b64({'alg': 'none', 'kid': kid})}.{_b64(_claims(dev_issuer))}."
    assert _status(client, token) == 401


def test_hs256_with_the_public_key_as_secret_is_refused(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    public = dev_issuer.jwks()["keys"][0]
    secret = OctKey.import_key(json.dumps(public).encode())
    token = jwt.encode(
        {"alg": "HS256", "kid": public["kid"]},
        _claims(dev_issuer),
        secret,
        registry=JWSRegistry(algorithms=["HS256"]),
    )
    assert _status(client, token) == 401


def test_an_algorithm_the_issuer_does_not_use_is_refused(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    rsa = RSAKey.generate_key(2048)
    kid = dev_issuer.signing_key().kid
    token = jwt.encode(
        {"alg": "PS256", "kid": kid}, _claims(dev_issuer), rsa, registry=JWSRegistry(algorithms=["PS256"])
    )
    assert _status(client, token) == 401


def test_an_unknown_kid_is_refused(client: TestClient, world: World, dev_issuer: DevIssuer) -> None:
    stranger = ECKey.generate_key("P-256", auto_kid=True)
    assert _status(client, _signed(dev_issuer, _claims(dev_issuer), key=stranger)) == 401


def test_a_forged_signature_under_a_known_kid_is_refused(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    stranger = ECKey.generate_key("P-256")
    header = {"alg": "ES256", "kid": dev_issuer.signing_key().kid}
    assert _status(client, _signed(dev_issuer, _claims(dev_issuer), key=stranger, header=header)) == 401


def test_a_changed_payload_is_refused(client: TestClient, world: World, dev_issuer: DevIssuer) -> None:
    header, _, signature = _signed(dev_issuer, _claims(dev_issuer)).split(".")
    forged = f"{header}.{_b64(_claims(dev_issuer, bsn=TEST_BSNS[1]))}.{signature}"
    assert _status(client, forged) == 401


@pytest.mark.parametrize(
    "authorization", [None, "Basic dXNlcjpwYXNz", "Bearer", "Bearer a.b.c.d.e", "Bearer niet-eens-een-jwt"]
)
def test_missing_or_malformed_credentials_are_refused(
    client: TestClient, world: World, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get(ROUTE, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_for_someone_unknown_is_forbidden(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    unknown = _signed(dev_issuer, _claims(dev_issuer, bsn=TEST_BSNS[11]))
    response = client.get(ROUTE, headers=bearer(unknown))
    assert (response.status_code, response.json()["code"]) == (403, "unknown_person")
    assert TEST_BSNS[11] not in response.text
    malformed = _signed(dev_issuer, _claims(dev_issuer, bsn="123456789"))
    assert _status(client, malformed) == 401


def test_staff_roles_are_those_both_token_and_registration_grant(
    client: TestClient, world: World, dev_issuer: DevIssuer
) -> None:
    staff_claims = {"iss": dev_issuer.issuer(IssuerKind.STAFF), "gemeente": world.municipality.cbs_code}
    route = f"/v1/werkenden/{world.worker.id}"
    as_team_lead_claiming_consultant = _signed(
        dev_issuer, _claims(dev_issuer, **staff_claims, sub=world.team_lead.subject, roles=["consultant"])
    )
    assert client.get(route, headers=bearer(as_team_lead_claiming_consultant)).status_code == 403
    as_team_lead = _signed(
        dev_issuer,
        _claims(dev_issuer, **staff_claims, sub=world.team_lead.subject, roles="team_lead consultant"),
    )
    assert client.get(route, headers=bearer(as_team_lead)).status_code == 200
    unknown = _signed(dev_issuer, _claims(dev_issuer, **staff_claims, sub="onbekend", roles=["consultant"]))
    response = client.get(route, headers=bearer(unknown))
    assert (response.status_code, response.json()["code"]) == (403, "unknown_staff")


def test_keys_rotate_without_refusing_tokens_signed_before(
    client: TestClient, world: World, token: Tokens, dev_issuer: DevIssuer
) -> None:
    before = token(Role.WORKER, TEST_BSNS[0])
    assert _status(client, before) == 200
    dev_issuer.rotate()
    after = token(Role.WORKER, TEST_BSNS[0])
    assert (
        json.loads(base64.urlsafe_b64decode(after.split(".")[0] + "=="))["kid"]
        != json.loads(base64.urlsafe_b64decode(before.split(".")[0] + "=="))["kid"]
    )
    assert _status(client, after) == 200
    assert _status(client, before) == 200


class _IdentityProvider:
    """A real OpenID issuer over HTTP (the development issuer's routes in their own app), counting fetches."""

    def __init__(self, issuer: DevIssuer) -> None:
        self.issuer = issuer
        self.fetches: list[str] = []
        self.down = False
        self.app = FastAPI()
        self.app.include_router(issuer.router())

        @self.app.middleware("http")
        async def count(request: Request, call_next: Any) -> Response:
            self.fetches.append(request.url.path.rsplit("/", 1)[-1])
            if self.down:
                return Response(status_code=503)
            response: Response = await call_next(request)
            return response

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://idp.example")


@pytest.fixture
def idp(key_dir: Path) -> _IdentityProvider:
    return _IdentityProvider(
        DevIssuer(base_url="http://idp.example/dev-issuer", audience="loonbrug-app", folder=key_dir / "idp")
    )


@pytest.fixture
def remote_client(
    tmp_path: Path, key_dir: Path, database: Database, keyring: Keyring, idp: _IdentityProvider
) -> Iterator[TestClient]:
    """The app trusting only the remote issuer, fetching its keys over HTTP (no development issuer)."""
    settings = Settings(data_dir=tmp_path, key_dir=key_dir, dev_issuer=False)
    config = IssuerConfig(
        issuer=idp.issuer.issuer(IssuerKind.WORKER),
        audience="loonbrug-app",
        kind=IssuerKind.WORKER,
        algorithms=("ES256",),
    )
    api_settings = AppApiSettings(issuers=[config], jwks_refetch_seconds=REFETCH_SECONDS)
    app = create_app(
        settings=settings,
        api_settings=api_settings,
        database=database,
        keyring=keyring,
        http_client=idp.client(),
        clock=lambda: worlds.NOW,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _remote_token(idp: _IdentityProvider, **changes: Any) -> str:
    return idp.issuer.issue(
        kind=IssuerKind.WORKER, subject="burger-1", claims={"bsn": TEST_BSNS[0], **changes}
    )


def test_keys_come_from_the_issuers_jwks_through_discovery_and_are_cached(
    remote_client: TestClient, world: World, idp: _IdentityProvider
) -> None:
    assert _status(remote_client, _remote_token(idp)) == 200
    assert idp.fetches == ["openid-configuration", "jwks.json"]
    assert _status(remote_client, _remote_token(idp)) == 200
    assert idp.fetches == ["openid-configuration", "jwks.json"]
    assert remote_client.get("/dev-issuer/jwks.json").status_code == 404


def test_a_new_kid_fetches_the_jwks_again_but_not_on_every_request(
    remote_client: TestClient, world: World, idp: _IdentityProvider
) -> None:
    assert _status(remote_client, _remote_token(idp)) == 200
    idp.issuer.rotate()
    # Right after a fetch an unknown kid does not make us fetch again...
    assert _status(remote_client, _remote_token(idp)) == 401
    assert idp.fetches == ["openid-configuration", "jwks.json"]
    # ...once the refetch interval has passed, it does, and the rotated key is found.
    time.sleep(REFETCH_SECONDS + 0.1)
    assert _status(remote_client, _remote_token(idp)) == 200
    assert idp.fetches == ["openid-configuration", "jwks.json", "jwks.json"]
    stranger = ECKey.generate_key("P-256", auto_kid=True)
    forged = _signed(idp.issuer, _claims(idp.issuer), key=stranger)
    assert _status(remote_client, forged) == 401
    assert idp.fetches == ["openid-configuration", "jwks.json", "jwks.json"]


def test_an_unreachable_issuer_without_cached_keys_is_503(
    remote_client: TestClient, world: World, idp: _IdentityProvider
) -> None:
    idp.down = True
    response = remote_client.get(ROUTE, headers=bearer(_remote_token(idp)))
    assert (response.status_code, response.json()["code"]) == (503, "issuer_unavailable")
    idp.down = False
    assert _status(remote_client, _remote_token(idp)) == 200


def test_a_token_with_an_expiry_far_past_is_refused_by_the_remote_path_too(
    remote_client: TestClient, world: World, idp: _IdentityProvider
) -> None:
    old = idp.issuer.issue(
        kind=IssuerKind.WORKER,
        subject="burger-1",
        claims={"bsn": TEST_BSNS[0]},
        now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3),
    )
    assert _status(remote_client, old) == 401
