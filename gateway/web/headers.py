"""NL API Design Rules headers on every response: `API-Version` and the transport-security headers."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message

# ADR transport security (Logius, "API design rules", module transport/security): an API answers no
# browser page, so nothing may frame, sniff, cache or refer onwards. Endpoints that may be cached (the
# JWKS) set their own Cache-Control, which is kept.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", "frame-ancestors 'none'"),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
)

_TRACEPARENT = b"traceparent"
_API_VERSION = b"api-version"


class ResponseHeaders:
    """Put `traceparent`, `API-Version` (ADR API-57) and the security headers on a response start.

    The headers are encoded once: a response start is decorated by extending its list, instead of a
    lookup and an insert through Starlette's `MutableHeaders` per header (eight per response).
    """

    def __init__(self, api_version: str) -> None:
        self.api_version = api_version
        self._security = tuple(
            (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS
        )

    def decorate(self, message: Message, traceparent: str) -> None:
        """Set `traceparent` and `API-Version` on the `http.response.start` `message` (replacing any
        the app set) and add each security header the app did not set itself, in that order."""
        headers = list(message.get("headers", ()))
        names = {name for name, _ in headers}
        if _TRACEPARENT in names or _API_VERSION in names:
            # Rare (no route sets them): replace them where they stand, as MutableHeaders does.
            mutable = MutableHeaders(raw=headers)
            mutable["traceparent"] = traceparent
            mutable["API-Version"] = self.api_version
            headers = mutable.raw
        else:
            headers.append((_TRACEPARENT, traceparent.encode("latin-1")))
            headers.append((_API_VERSION, self.api_version.encode("latin-1")))
        headers.extend(header for header in self._security if header[0] not in names)
        message["headers"] = headers
