"""The development issuer's browser login: authorization code flow with PKCE, and what it refuses."""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app_api.app import create_app
from app_api.config import AppApiSettings
from app_api.dev_login.codes import s256
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.models import Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.conftest import bearer

PORTAL = "http://testserver/portaal/"
WORKER_PAGE = "http://testserver/mij/"
STATE = "state-" + "a" * 20
NONCE = "nonce-" + "b" * 20
VERIFIER = secrets.token_urlsafe(48)


def _request(redirect_uri: str = PORTAL, **changes: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": "loonbrug-app",
        "redirect_uri": redirect_uri,
        "scope": "openid",
        "state": STATE,
        "nonce": NONCE,
        "code_challenge": s256(VERIFIER),
        "code_challenge_method": "S256",
    }
    return {**params, **changes}


def _people(session: Session, sealer: Sealer) -> tuple[Municipality, StaffMember, Worker]:
    municipality = factories.make_municipality(session)
    member = factories.make_staff(session, municipality=municipality, roles=("consultant",))
    worker = factories.make_worker(session, sealer, municipality=municipality, name="Fenna Test")
    session.commit()
    return municipality, member, worker


def _code(client: TestClient, realm: str, form: dict[str, str]) -> str:
    answer = client.post(f"/dev-issuer/{realm}/authorize", data=form, follow_redirects=False)
    assert answer.status_code == 303
    location = urlsplit(str(answer.headers["location"]))
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == form["redirect_uri"]
    assert query["state"] == [STATE]
    return query["code"][0]


def _exchange(client: TestClient, realm: str, code: str, **changes: str) -> Any:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": PORTAL if realm == "medewerkers" else WORKER_PAGE,
        "client_id": "loonbrug-app",
        "code_verifier": VERIFIER,
        **changes,
    }
    return client.post(f"/dev-issuer/{realm}/token", data=form)


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    document: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return document


def test_a_consultant_signs_in_and_the_api_accepts_the_token(
    client: TestClient, session: Session, sealer: Sealer
) -> None:
    municipality, member, _ = _people(session, sealer)
    page = client.get("/dev-issuer/medewerkers/authorize", params=_request())
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert member.display_name in page.text
    choice = f"consultant {municipality.cbs_code} {member.subject}"
    assert f'value="{choice}"' in page.text

    code = _code(client, "medewerkers", {**_request(), "keuze": choice})
    answer = _exchange(client, "medewerkers", code)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer"
    identity = _claims(tokens["id_token"])
    assert identity["iss"] == "http://testserver/dev-issuer/medewerkers"
    assert (identity["aud"], identity["nonce"], identity["name"]) == (
        "loonbrug-app",
        NONCE,
        member.display_name,
    )
    assert identity["sub"] == _claims(tokens["access_token"])["sub"] == member.subject
    assert client.get("/v1/caseload", headers=bearer(tokens["access_token"])).status_code == 200

    replay = _exchange(client, "medewerkers", code)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")


def test_a_worker_signs_in_with_a_typed_bsn_and_the_id_token_carries_no_bsn(
    client: TestClient, session: Session, sealer: Sealer
) -> None:
    _people(session, sealer)
    form = {**_request(WORKER_PAGE), "bsn": factories.TEST_BSNS[0]}
    tokens = _exchange(client, "burgers", _code(client, "burgers", form)).json()
    identity = _claims(tokens["id_token"])
    assert identity["name"] == "Fenna Test"
    assert "bsn" not in identity
    assert client.get("/v1/mij/weken", headers=bearer(tokens["access_token"])).status_code == 200


def test_a_wrong_verifier_is_refused_and_uses_up_the_code(
    client: TestClient, session: Session, sealer: Sealer
) -> None:
    municipality, member, _ = _people(session, sealer)
    code = _code(
        client, "medewerkers", {**_request(), "keuze": f"consultant {municipality.cbs_code} {member.subject}"}
    )
    wrong = _exchange(client, "medewerkers", code, code_verifier=secrets.token_urlsafe(48))
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert _exchange(client, "medewerkers", code).status_code == 400


def test_a_code_is_bound_to_its_realm_and_redirect_uri(
    client: TestClient, session: Session, sealer: Sealer
) -> None:
    _people(session, sealer)
    code = _code(client, "burgers", {**_request(WORKER_PAGE), "bsn": factories.TEST_BSNS[0]})
    assert _exchange(client, "medewerkers", code, redirect_uri=WORKER_PAGE).status_code == 400
    other = _code(client, "burgers", {**_request(WORKER_PAGE), "bsn": factories.TEST_BSNS[0]})
    assert _exchange(client, "burgers", other, redirect_uri=PORTAL).status_code == 400


def test_an_unregistered_redirect_uri_is_never_followed(client: TestClient) -> None:
    for realm, redirect in (("medewerkers", "https://elders.example/portaal/"), ("burgers", PORTAL)):
        answer = client.get(
            f"/dev-issuer/{realm}/authorize", params=_request(redirect), follow_redirects=False
        )
        assert answer.status_code == 400
        assert "location" not in answer.headers
        assert "Inloggen kan niet" in answer.text


def test_a_request_without_pkce_goes_back_with_an_error(client: TestClient) -> None:
    params = _request()
    del params["code_challenge"]
    answer = client.get("/dev-issuer/medewerkers/authorize", params=params, follow_redirects=False)
    assert answer.status_code == 303
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert (query["error"], query["state"]) == (["invalid_request"], [STATE])


def test_a_choice_that_does_not_fit_shows_the_login_again(
    client: TestClient, session: Session, sealer: Sealer
) -> None:
    municipality, member, _ = _people(session, sealer)
    staff_at_citizens = {
        **_request(WORKER_PAGE),
        "keuze": f"consultant {municipality.cbs_code} {member.subject}",
    }
    role_not_held = {**_request(), "subject": member.subject, "rol": "team_lead"}
    unknown_bsn = {**_request(WORKER_PAGE), "bsn": factories.TEST_BSNS[5]}
    for realm, form in (
        ("burgers", staff_at_citizens),
        ("medewerkers", role_not_held),
        ("burgers", unknown_bsn),
    ):
        answer = client.post(f"/dev-issuer/{realm}/authorize", data=form, follow_redirects=False)
        assert answer.status_code == 400
        assert "Inloggen lukt niet" in answer.text
        assert factories.TEST_BSNS[5] not in answer.text


def test_the_token_endpoint_takes_only_form_posts(client: TestClient) -> None:
    answer = client.post("/dev-issuer/medewerkers/token", json={"grant_type": "authorization_code"})
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")
    password = client.post("/dev-issuer/medewerkers/token", data={"grant_type": "password"})
    assert password.json()["error"] == "unsupported_grant_type"


def test_without_the_development_issuer_there_is_no_login(
    tmp_path: Any, key_dir: Any, database: Database, keyring: Keyring
) -> None:
    settings = Settings(data_dir=tmp_path, key_dir=key_dir, dev_issuer=False, app_url="http://testserver")
    app = create_app(
        settings=settings, api_settings=AppApiSettings(issuers=[]), database=database, keyring=keyring
    )
    with TestClient(app) as client:
        assert client.get("/dev-issuer/medewerkers/authorize", params=_request()).status_code == 404
        assert client.post("/dev-issuer/burgers/token", data={}).status_code == 404
        assert client.get("/portaal/config.json").json()["signIn"] is None
