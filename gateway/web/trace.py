"""W3C Trace Context (https://www.w3.org/TR/trace-context/): accept a valid `traceparent` or start a trace,
to bind with the client address for the audit log and to answer with as `traceparent` for this server's
span (gateway.web.shell does both).

The client address is `scope["client"]`: uvicorn's proxy-header support rewrites it to the real client
when the request came through a trusted proxy, so this is the address as seen through that proxy.
"""

from __future__ import annotations

import re
import secrets

from starlette.types import Scope

from gateway.store.audit_context import RequestOrigin, new_trace_id

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


def trace_of(scope: Scope) -> tuple[RequestOrigin, str]:
    """The origin to bind for an HTTP request (its client and trace id) and the `traceparent` to answer
    with: the incoming trace continued, or a new one started, with a span id of this server's own."""
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
    return origin, f"00-{trace_id}-{span_id}-{flags}"
