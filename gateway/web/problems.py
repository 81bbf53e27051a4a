"""Render every error as `application/problem+json` (RFC 9457) through one set of handlers."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.store.transient import is_transient
from gateway.web.errors import ApiError, DatabaseUnavailable, InvalidInput, MethodNotAllowed, NotFound
from gateway.web.validation import invalid_params
from schemas.problems import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"

log = logging.getLogger("loonbrug.web")

_STATUS_ERRORS: dict[int, type[ApiError]] = {404: NotFound, 405: MethodNotAllowed}


def problem_response(
    problem: Problem, headers: Mapping[str, str] | None = None, *, extra: Mapping[str, Any] | None = None
) -> Response:
    """An `application/problem+json` response for `problem`, with optional extension members."""
    document = problem.model_dump(mode="json", by_alias=True, exclude_none=True)
    if not document.get("invalidParams"):
        document.pop("invalidParams", None)
    document.update(extra or {})
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(
        body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=dict(headers or {})
    )


def error_response(error: ApiError, request: Request | None = None) -> Response:
    """The problem response for an `ApiError`."""
    instance = request.url.path if request is not None else None
    return problem_response(error.to_problem(instance), error.headers)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc, request)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    params = []
    for error in exc.errors():
        # FastAPI puts where the value came from first ("body", "query", "header", "path").
        location, *rest = error["loc"] or ("body",)
        params.extend(invalid_params([{**error, "loc": tuple(rest)}], prefix=() if rest else (location,)))
    return error_response(InvalidInput("Controleer de gemarkeerde velden.", invalid_params=params), request)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    error_type = _STATUS_ERRORS.get(exc.status_code)
    error = error_type() if error_type is not None else ApiError(status=exc.status_code)
    headers = dict(exc.headers or {})
    return problem_response(error.to_problem(request.url.path), headers | error.headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer `ApiError`, request validation errors, unknown routes and crashes with problems."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(CrashGuardMiddleware)


class CrashGuardMiddleware:
    """Turn an unexpected exception into a bare 500 problem and log it without its message; a transient
    database error becomes a 503 with `Retry-After` instead (the request may be sent again).

    Starlette's own error middleware re-raises after answering, so the server would log the exception
    text; that text can hold data (a database error quotes the row), so we stop the exception here and
    log only its type and the code locations it passed through.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; answer a crash with 500 if no response has started yet."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if is_transient(exc) and not started:
                # Not a fault to trace: the database was briefly out of reach. Its class only, as below.
                log.warning(
                    "database tijdelijk onbereikbaar (%s) bij %s", type(exc).__qualname__, scope.get("path")
                )
                unavailable = DatabaseUnavailable()
                problem = unavailable.to_problem(scope.get("path"))
                await problem_response(problem, unavailable.headers)(scope, receive, send)
                return
            log.error(
                "onverwachte fout %s bij %s %s\n%s",
                type(exc).__qualname__,
                scope.get("method"),
                scope.get("path"),
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            if started:
                raise _Suppressed("antwoord afgebroken na een fout; zie de vorige logregel") from None
            response = problem_response(ApiError().to_problem(scope.get("path")))
            await response(scope, receive, send)


class _Suppressed(Exception):
    """Raised instead of the original when a response had already started (so its text is not logged)."""
