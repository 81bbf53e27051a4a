"""Serve the pages: the consultant's portal at `/portaal/`, the worker's page at `/mij/`, assets at `/web/`.

The pages are static files (plain JavaScript modules, no build step) that call the app API's JSON
endpoints with a bearer token. Every page response carries a Content-Security-Policy that admits
scripts, styles and fetches from this origin only (plus the identity provider), no inline script, no
eval, and Trusted Types so that no script can write HTML into the page as a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from app_api.context import AppContext
from app_api.web.config import Page, WebClient, WebSettings, resolve_clients

STATIC = Path(__file__).parent / "static"
ASSETS_PATH = "/web"


def content_security_policy(connect_origins: list[str]) -> str:
    """The policy of every page and asset: this origin only, plus the identity providers for fetch."""
    connect = " ".join(["'self'", *sorted(set(connect_origins))])
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "manifest-src 'self'",
            f"connect-src {connect}",
            # The dev issuer's login form posts to this origin; a real provider is reached by navigation.
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            # No string may become HTML or script: the pages build the DOM node by node.
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
        )
    )


def page_headers(policy: str) -> dict[str, str]:
    """Headers of a page or asset response (the API middleware adds the transport-security ones)."""
    return {
        "Content-Security-Policy": policy,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


class _Assets(StaticFiles):
    """Static files with the page headers; revalidated on every use (ETag), so a new release shows at once."""

    def __init__(self, *, directory: Path, headers: Mapping[str, str]) -> None:
        super().__init__(directory=directory)
        self._headers = dict(headers)

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file, with the page headers."""
        response = await super().get_response(path, scope)
        response.headers.update(self._headers)
        response.headers.setdefault("Cache-Control", "no-cache")
        return response


def _client_document(page: Page, client: WebClient | None, *, development: bool) -> dict[str, Any]:
    sign_in = (
        None
        if client is None
        else {"issuer": client.issuer, "clientId": client.client_id, "scope": client.scope}
    )
    return {"page": page.value, "signIn": sign_in, "development": development}


def _add_page(
    app: FastAPI, page: Page, client: WebClient | None, *, development: bool, headers: dict[str, str]
) -> None:
    index = STATIC / page.value / "index.html"
    document = _client_document(page, client, development=development)

    async def redirect() -> RedirectResponse:
        """The page lives at its path with a slash, the redirect URI its sign-in comes back to."""
        return RedirectResponse(f"/{page.value}/", status_code=308)

    async def show() -> FileResponse:
        """The page itself; what it shows comes from the API after sign-in."""
        return FileResponse(index, media_type="text/html; charset=utf-8", headers=headers)

    async def config() -> JSONResponse:
        """Where the page signs in."""
        return JSONResponse(document, headers=headers)

    app.add_api_route(f"/{page.value}", redirect, methods=["GET"], include_in_schema=False)
    app.add_api_route(f"/{page.value}/", show, methods=["GET"], include_in_schema=False)
    app.add_api_route(f"/{page.value}/config.json", config, methods=["GET"], include_in_schema=False)


def install(app: FastAPI, *, web_settings: WebSettings | None = None) -> None:
    """Add the pages and their assets to the app API (after `app.state.context` is set)."""
    context: AppContext = app.state.context
    web = web_settings or WebSettings()
    clients = resolve_clients(web=web, api_settings=context.api_settings, dev_issuer=context.dev_issuer)
    origins = [client.origin for client in clients.values() if client is not None] + web.connect_origins
    headers = page_headers(content_security_policy(origins))
    development = context.dev_issuer is not None
    for page, client in clients.items():
        _add_page(app, page, client, development=development, headers=headers)
    app.mount(ASSETS_PATH, _Assets(directory=STATIC, headers=headers), name="web")
