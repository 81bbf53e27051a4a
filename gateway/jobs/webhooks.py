"""Signed webhooks to agencies: a Security Event Token (RFC 8417) pushed per RFC 8935, signed (JWS, ES256).

The token is signed with the gateway's active signing key, so an agency verifies it against the JWKS it
already uses for receipts. The body names no person: it says what happened, how many, for which week,
and where the agency fetches the details with its own OAuth token. Redirects are not followed and, outside
development, only https URLs are called.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from joserfc.jwk import Key

from gateway.security import jose_envelope

EVENT_BASE = "https://loonbrug.nl/events/"
CONTENT_TYPE = "application/secevent+jwt"
JWS_TYPE = "secevent+jwt"
DEFAULT_TIMEOUT_SECONDS = 10.0


class WebhookError(Exception):
    """A webhook could not be delivered; `code` says why (kept as the outbox event's last error)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class WebhookSender:
    """Signs and posts security event tokens."""

    issuer: str
    """The gateway's public base URL (`iss` of every token)."""
    signing_key: Callable[[], Key]
    """The active gateway signing key, looked up per delivery so a rotation takes effect at once."""
    client: httpx.Client
    allow_http: bool = False
    """Development only: also call plain-http URLs (e.g. a local test receiver)."""

    def token(
        self, *, audience: str, event_id: str, event: str, body: Mapping[str, Any], now: dt.datetime
    ) -> str:
        """The signed token for one event: `iss`, `aud`, `iat`, `jti` and `events` (RFC 8417 §2.2)."""
        claims = {
            "iss": self.issuer,
            "aud": audience,
            "iat": int(now.timestamp()),
            "jti": event_id,
            "events": {EVENT_BASE + event: dict(body)},
        }
        payload = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        return jose_envelope.sign(payload, self.signing_key(), typ=JWS_TYPE)

    def deliver(
        self,
        *,
        url: str,
        audience: str,
        event_id: str,
        event: str,
        body: Mapping[str, Any],
        now: dt.datetime,
    ) -> None:
        """Post the signed token to `url`; raise `WebhookError` unless the agency answers 2xx."""
        scheme = urlsplit(url).scheme
        if scheme != "https" and not (self.allow_http and scheme == "http"):
            raise WebhookError("url_scheme_refused")
        token = self.token(audience=audience, event_id=event_id, event=event, body=body, now=now)
        try:
            response = self.client.post(
                url,
                content=token.encode("ascii"),
                headers={"Content-Type": CONTENT_TYPE, "Accept": "application/json"},
                follow_redirects=False,
            )
        except httpx.TimeoutException:
            raise WebhookError("timeout") from None
        except httpx.HTTPError:
            raise WebhookError("connection_failed") from None
        if not 200 <= response.status_code < 300:
            raise WebhookError(f"http_{response.status_code}")


def new_client(*, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> httpx.Client:
    """An HTTP client for webhooks: a short timeout and no redirects."""
    return httpx.Client(timeout=timeout, follow_redirects=False)
