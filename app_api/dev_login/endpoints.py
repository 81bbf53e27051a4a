"""Authorization and token endpoints of the development issuer (OpenID Connect code flow with PKCE).

`GET  /dev-issuer/{realm}/authorize` shows the login page for a valid request of the one development
client (client id = the development audience, redirect URI = a page of this app);
`POST /dev-issuer/{realm}/authorize` signs the chosen person in and redirects back with a code;
`POST /dev-issuer/{realm}/token` exchanges code + PKCE verifier for the access and ID tokens.
Mounted only next to the development issuer, so never in production.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from app_api.auth.principal import Role
from app_api.config import IssuerKind
from app_api.context import app_context
from app_api.dev_issuer import PATH, REALMS, DevIssuer
from app_api.dev_login import identities
from app_api.dev_login.codes import OPAQUE, AuthorizationRequest, CodeStore, InvalidRequest, UnknownClient
from app_api.dev_login.identities import Choice
from app_api.dev_login.page import error_page, login_page
from app_api.dev_tokens import TokenRefused

MAX_FORM_BYTES = 16 * 1024
PAGE_PATHS = {IssuerKind.STAFF: "/portaal/", IssuerKind.WORKER: "/mij/"}
"""The registered redirect URI of each realm: the page that signs in there."""
LOGIN_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
}
TOKEN_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}

Handler = Callable[[Request], Awaitable[Response]]


async def _form(request: Request) -> dict[str, str]:
    """An `application/x-www-form-urlencoded` body; each parameter at most once (RFC 6749 §3.1)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        raise InvalidRequest("stuur het formulier als application/x-www-form-urlencoded")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise InvalidRequest("het formulier is te groot")
    form: dict[str, str] = {}
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        raise InvalidRequest("het formulier is onleesbaar") from None
    for name, value in pairs:
        if name in form:
            raise InvalidRequest(f"{name} staat er meer dan eens in")
        form[name] = value
    return form


def _redirect(uri: str, params: Mapping[str, str]) -> RedirectResponse:
    return RedirectResponse(f"{uri}?{urlencode(params)}", status_code=303)


def _refusal(message: str) -> HTMLResponse:
    return HTMLResponse(error_page(message), status_code=400, headers=LOGIN_HEADERS)


def _choice(kind: IssuerKind, form: Mapping[str, str]) -> Choice:
    if form.get("keuze"):
        choice = Choice.parse(form["keuze"])
    elif kind is IssuerKind.WORKER:
        choice = Choice(role=Role.WORKER, who=form.get("bsn", "").strip())
    else:
        choice = Choice(
            role=Role(form.get("rol", "")),
            who=form.get("subject", "").strip(),
            municipality=form.get("gemeente", "").strip().upper() or None,
        )
    if not choice.who or (choice.role is Role.WORKER) != (kind is IssuerKind.WORKER):
        raise ValueError("deze keuze hoort niet bij deze inlogpagina")
    return choice


class DevLogin:
    """The endpoints of one app's development issuer, with the codes it has handed out."""

    def __init__(self, issuer: DevIssuer) -> None:
        self.issuer = issuer
        self.codes = {kind: CodeStore() for kind in REALMS}
        app_url = issuer.base_url.removesuffix(PATH)
        self.redirect_uris = {kind: frozenset({app_url + path}) for kind, path in PAGE_PATHS.items()}

    def _request(self, kind: IssuerKind, params: Mapping[str, str]) -> AuthorizationRequest:
        return AuthorizationRequest.parse(
            params, client_id=self.issuer.audience, redirect_uris=self.redirect_uris[kind]
        )

    def show(self, kind: IssuerKind) -> Handler:
        """GET authorize: the login page, or the error sent back to the page."""

        async def authorize(request: Request) -> Response:
            params = dict(request.query_params)
            try:
                auth = self._request(kind, params)
            except UnknownClient:
                return _refusal("Onbekende client_id of redirect_uri; er wordt niet teruggestuurd.")
            except InvalidRequest as exc:
                back = {"error": exc.error, "error_description": exc.description}
                if OPAQUE.match(params.get("state", "")):
                    back["state"] = params["state"]
                return _redirect(params["redirect_uri"], back)
            context = app_context(request)
            people = await run_in_threadpool(
                identities.listed, database=context.database, sealer=context.sealer, kind=kind
            )
            page = login_page(kind=kind, request=auth, people=people)
            return HTMLResponse(page, headers=LOGIN_HEADERS)

        return authorize

    def sign_in(self, kind: IssuerKind) -> Handler:
        """POST authorize: sign the chosen person in and send the page a code."""

        async def authorize(request: Request) -> Response:
            try:
                form = await _form(request)
                auth = self._request(kind, form)
            except (InvalidRequest, UnknownClient):
                return _refusal("Het inlogverzoek is ongeldig; begin opnieuw vanaf de pagina.")
            context = app_context(request)
            try:
                tokens = await run_in_threadpool(
                    identities.tokens_for,
                    issuer=self.issuer,
                    database=context.database,
                    sealer=context.sealer,
                    choice=_choice(kind, form),
                    nonce=auth.nonce,
                )
            except (ValueError, TokenRefused) as exc:
                people = await run_in_threadpool(
                    identities.listed, database=context.database, sealer=context.sealer, kind=kind
                )
                page = login_page(kind=kind, request=auth, people=people, error=f"Inloggen lukt niet: {exc}")
                return HTMLResponse(page, status_code=400, headers=LOGIN_HEADERS)
            code = self.codes[kind].issue(request=auth, tokens=tokens)
            return _redirect(auth.redirect_uri, {"code": code, "state": auth.state})

        return authorize

    def token(self, kind: IssuerKind) -> Handler:
        """POST token: code + PKCE verifier → tokens (RFC 6749 §4.1.3, RFC 7636 §4.5)."""

        async def token(request: Request) -> Response:
            try:
                form = await _form(request)
                if form.get("grant_type") != "authorization_code":
                    raise InvalidRequest(
                        "alleen grant_type=authorization_code", error="unsupported_grant_type"
                    )
                tokens = self.codes[kind].redeem(
                    code=form.get("code", ""),
                    client_id=form.get("client_id", ""),
                    redirect_uri=form.get("redirect_uri", ""),
                    verifier=form.get("code_verifier", ""),
                )
            except InvalidRequest as exc:
                error = {"error": exc.error, "error_description": exc.description}
                return JSONResponse(error, status_code=400, headers=TOKEN_HEADERS)
            document = {
                "access_token": tokens.access_token,
                "token_type": "Bearer",
                "expires_in": tokens.expires_in,
                "id_token": tokens.id_token,
                "scope": "openid",
            }
            return JSONResponse(document, headers=TOKEN_HEADERS)

        return token


def router(issuer: DevIssuer) -> APIRouter:
    """The login endpoints of both realms, under `/dev-issuer` (development only)."""
    login = DevLogin(issuer)
    routes = APIRouter(prefix=PATH, tags=["ontwikkeling"], include_in_schema=False)
    for kind, realm in REALMS.items():
        routes.add_api_route(f"/{realm}/authorize", login.show(kind), methods=["GET"])
        routes.add_api_route(f"/{realm}/authorize", login.sign_in(kind), methods=["POST"])
        routes.add_api_route(f"/{realm}/token", login.token(kind), methods=["POST"])
    return routes
