"""The outermost layer of every API: the request's trace context bound, and each response decorated with
`traceparent`, `API-Version` and the security headers (gateway.web.trace, gateway.web.headers).

One pure-ASGI layer for what were two: every layer is a coroutine call per request and each that
decorates the response a wrapper per message, which the hottest reads pay as much as their own work.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.store.audit_context import bound
from gateway.web.headers import ResponseHeaders
from gateway.web.trace import trace_of


class ApiShellMiddleware:
    """Bind the request's origin and trace id; send `traceparent`, `API-Version` and the security
    headers on every HTTP response (including the problems of the guards and of a crash inside)."""

    def __init__(self, app: ASGIApp, *, api_version: str) -> None:
        self.app = app
        self.headers = ResponseHeaders(api_version)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Continue or start the trace, pass the request on and decorate the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin, traceparent = trace_of(scope)
        decorate = self.headers.decorate

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                decorate(message, traceparent)
            await send(message)

        with bound(origin):
            await self.app(scope, receive, send_with_headers)
