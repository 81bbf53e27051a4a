"""Refuse an oversized request body with 413 before any of it is buffered or the caller is authenticated.

Endpoints that read their body themselves can use `gateway.web.body.read_limited_body`; this middleware
guards every route of an app at once, in front of routing and authentication, so an anonymous client
cannot make the process hold a body it will never use. It checks `Content-Length` first and then counts
the bytes actually streamed (a chunked body has no length, and a declared length can be a lie).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.web.errors import ApiError, InvalidInput, PayloadTooLarge
from gateway.web.problems import problem_response


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """The largest body (bytes) the routes whose path matches `path` (a regular expression) accept."""

    path: str
    limit: int

    def matches(self, path: str) -> bool:
        """Whether this limit applies to `path`."""
        return re.fullmatch(self.path, path) is not None


def _too_large(limit: int) -> PayloadTooLarge:
    size = f"{limit // 1024} KiB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MiB"
    return PayloadTooLarge(f"Een verzoek aan dit adres mag hoogstens {size} zijn.", code="payload_too_large")


class BodyLimitMiddleware:
    """Answer 413 `application/problem+json` for a body over the limit of its route (first match wins)."""

    def __init__(self, app: ASGIApp, *, default: int, routes: Sequence[BodyLimit] = ()) -> None:
        self.app = app
        self.default = default
        self.routes = tuple(routes)

    def limit_for(self, path: str) -> int:
        """The limit of the first rule matching `path`, else the default."""
        return next((rule.limit for rule in self.routes if rule.matches(path)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse on the declared length, else pass the request on while counting what it streams."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and not declared.isdigit():
            refusal = InvalidInput("Content-Length is geen getal.", code="content_length_invalid")
            await _refuse(refusal, scope, receive, send)
            return
        if declared is not None and int(declared) > limit:
            await _refuse(_too_large(limit), scope, receive, send)
            return
        received = 0
        started = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] != "http.request" or refused:
                return message
            received += len(message.get("body", b""))
            if received <= limit:
                return message
            refused = True
            if not started:
                await _refuse(_too_large(limit), scope, receive, send)
            # The app sees the client leave and stops reading; whatever it answers is dropped below.
            return {"type": "http.disconnect"}

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, guarded_send)


def _content_length(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return str(value.decode("latin-1").strip())
    return None


async def _refuse(error: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    response = problem_response(error.to_problem(scope["path"]), error.headers)
    await response(scope, receive, send)
