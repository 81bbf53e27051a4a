"""The FastAPI application shell every Loonbrug API starts from (NL API Design Rules built in)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from starlette.middleware import Middleware

from gateway.web.api_docs import install_api_docs
from gateway.web.openapi import Publication, install_openapi
from gateway.web.problems import install_problem_handlers
from gateway.web.shell import ApiShellMiddleware

DEFAULT_PUBLICATION = Publication(
    public_url="",
    contact_name="Beheer Loonbrug",
    contact_email="loonbrug@gemeente.example",
    contact_url="https://loonbrug.gemeente.example",
)
"""For an API built without settings (tests of the shell): served relative to its document."""


def create_api(
    *,
    title: str,
    version: str,
    description: str,
    guards: Sequence[Middleware] = (),
    publication: Publication | None = None,
    **options: Any,
) -> FastAPI:
    """A FastAPI app with `/v1/openapi.json` (readable at `/v1/documentatie`), problem responses, ADR
    headers and no slash redirects.

    `version` is the full semantic version sent in `API-Version`; the path carries only its major.
    `guards` (rate and body limits) run in front of routing and authentication, first one outermost.
    `publication` gives the OpenAPI `servers` and `info.contact` (default: this server, the project).
    """
    major = version.split(".")[0]
    app = FastAPI(
        title=title,
        version=version,
        description=description,
        openapi_url=f"/v{major}/openapi.json",
        docs_url=None,
        redoc_url=None,
        # ADR: a path with a trailing slash is another resource, never a redirect.
        redirect_slashes=False,
        **options,
    )
    install_problem_handlers(app)
    install_openapi(app, publication or DEFAULT_PUBLICATION)
    install_api_docs(app, f"/v{major}/documentatie")
    for guard in reversed(guards):
        app.add_middleware(guard.cls, *guard.args, **guard.kwargs)
    # Added last, so it wraps everything else: a refused request still has a trace id and carries
    # `traceparent`, and crash responses get the headers too.
    app.add_middleware(ApiShellMiddleware, api_version=version)
    return app
