"""W3C Trace Context (https://www.w3.org/TR/trace-context/): accept a valid `traceparent` or start a trace,
bind it with the client address for the audit log, and answer with `traceparent` for this server's span.

The client address is `scope["client"]`: uvicorn's proxy-header support rewrites it to the real client
when the request came through a trusted proxy, so this is the address as seen through that proxy.
"""

from __future__ import annotations

import re
import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.store.audit_context import RequestOrigin, bound, new_trace_id

_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_UNKNOWN_CLIENT = "onbekend"


def parse_traceparent(value: str | None) -> tuple[str, str] | None:
    """(trace id, flags) of a valid version-00 `traceparent`, else None (the trace then starts here)."""
    if value is None:
        return None
    match = _TRACEPARENT.match(value.strip())
    if match is None:
        return None
    version, trace_id, parent_id, flags = match.groups()
    # Version ff is invalid, and all-zero ids are invalid (Trace Context §3.2.2).
    if version != "00" or trace_id == "0" * 32 or parent_id == "0" * 16:
        return None
    return trace_id, flags


class TraceContextMiddleware:
    """Bind the request's origin and trace id, and send `traceparent` on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Continue or start the trace, then pass the request on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope.get("headers", ()):
            if name == b"traceparent":
                incoming = value.decode("latin-1")
                break
        parsed = parse_traceparent(incoming)
        trace_id, flags = parsed if parsed is not None else (new_trace_id(), "00")
        span_id = secrets.token_hex(8)
        client = scope.get("client")
        origin = RequestOrigin(origin=client[0] if client else _UNKNOWN_CLIENT, trace_id=trace_id)

        async def send_with_traceparent(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["traceparent"] = f"00-{trace_id}-{span_id}-{flags}"
            await send(message)

        with bound(origin):
            await self.app(scope, receive, send_with_traceparent)
