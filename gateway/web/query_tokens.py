"""A security event for an access token in a query string (`?access_token=`), which no Loonbrug API reads.

A token in a URL lands in access logs, proxy logs and browser histories (RFC 6750 §5.3, RFC 9700 §2.4),
so whoever sent one has leaked it: the event tells the operator to look, naming the method, path and
client address but never the token or any other query value. The request itself goes on unchanged and
is judged by its Authorization header alone.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("loonbrug.security")

TOKEN_PARAMETERS = frozenset({"access_token"})
"""Query parameter names that carry an access token (RFC 6750 §2.3)."""


def names_a_token(query_string: bytes) -> bool:
    """Whether a raw query string has an access-token parameter (with or without a value)."""
    text = query_string.decode("latin-1")
    return any(name in TOKEN_PARAMETERS for name, _ in parse_qsl(text, keep_blank_values=True))


class TokenInQueryAlarm:
    """ASGI middleware logging a security event for each request with a token in its query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Log the event (without the token) and pass the request on."""
        if scope["type"] == "http" and names_a_token(scope.get("query_string", b"")):
            client = scope.get("client")
            log.warning(
                "beveiligingsmelding token_in_query: access token in de query string bij %s %s van %s;"
                " het token is niet gelezen en niet gelogd, maar wel uitgelekt: laat het bureau een nieuw"
                " token aanvragen",
                scope.get("method"),
                scope.get("path"),
                client[0] if client else "onbekend",
            )
        await self.app(scope, receive, send)
