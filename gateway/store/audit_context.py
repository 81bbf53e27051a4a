"""Where the request behind an audit record came from: the client address and the W3C trace id.

The HTTP layer binds both for the length of a request (gateway.web.trace); `gateway.store.audit.append`
reads them, so every record written while answering a request carries them without each caller passing
them on. A context variable follows the request into the worker threads that do the database work.
Work outside a request (jobs, the command line) has no client address and gets a trace id of its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

LOCAL_ORIGIN = "lokaal"
"""The origin of records written outside an HTTP request (a scheduled job, the command line)."""


@dataclass(frozen=True, slots=True)
class RequestOrigin:
    """The client address as the server saw it (after trusted proxy headers) and the trace id."""

    origin: str
    trace_id: str


_current: ContextVar[RequestOrigin | None] = ContextVar("loonbrug_request_origin", default=None)


def new_trace_id() -> str:
    """A random W3C trace id: 32 lowercase hex digits, not all zero."""
    return secrets.token_hex(16)


@contextmanager
def bound(origin: RequestOrigin) -> Iterator[None]:
    """Let audit records written inside the block carry `origin`."""
    token = _current.set(origin)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> RequestOrigin:
    """The bound origin, or the local origin with a fresh trace id."""
    return _current.get() or RequestOrigin(origin=LOCAL_ORIGIN, trace_id=new_trace_id())
