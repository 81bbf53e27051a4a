"""Validate bearer JWTs of the trusted OpenID Connect issuers.

Order of checks: size and shape; header (`alg` on the issuer's allow-list, a `kid`, no `crit`); the
issuer named in the unverified payload must be one we trust; its key by `kid`; the signature with
joserfc, restricted to that issuer's algorithms; then `iss`, `aud`, `exp`, `nbf`, `iat` and `sub`.
Every refusal is the same `InvalidToken` without detail, so a client learns nothing about which check
failed (the reason goes to the debug log as a fixed code, never with the token).

Verified tokens are remembered by their SHA-256 until they expire (at most as long as a JWKS is
trusted), so a client sending the same token again costs a dictionary lookup, not a signature check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jws import JWSRegistry

from app_api.auth.cache import ExpiringCache
from app_api.auth.jwks import KeySource
from app_api.config import ALLOWED_ALGORITHMS, IssuerConfig
from schemas.text import has_control_character

log = logging.getLogger("loonbrug.app.tokens")

MAX_TOKEN_BYTES = 16 * 1024


class InvalidToken(Exception):
    """The bearer token is not acceptable; `reason` is a fixed code for the debug log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class TrustedIssuer:
    """An issuer's configuration with the source of its keys."""

    config: IssuerConfig
    keys: KeySource


@dataclass(frozen=True, slots=True, repr=False)
class VerifiedToken:
    """The claims of a valid token and the issuer that signed it; never log the claims."""

    issuer: IssuerConfig
    claims: Mapping[str, Any]
    fingerprint: bytes
    """SHA-256 of the token: names it in caches without keeping the token itself."""

    @property
    def expires_at(self) -> int:
        """The `exp` claim."""
        return int(self.claims["exp"])

    def __repr__(self) -> str:
        return f"VerifiedToken(issuer={self.issuer.issuer!r})"


def _segment(part: str) -> dict[str, Any]:
    try:
        document = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidToken("malformed") from None
    if not isinstance(document, dict):
        raise InvalidToken("malformed")
    return document


class TokenVerifier:
    """Checks tokens against the trusted issuers (see the module docstring)."""

    def __init__(
        self,
        issuers: Sequence[TrustedIssuer],
        *,
        leeway_seconds: int = 60,
        cache_size: int = 10_000,
        cache_seconds: int = 600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._issuers = {issuer.config.issuer: issuer for issuer in issuers}
        self._leeway = leeway_seconds
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._cache: ExpiringCache[bytes, VerifiedToken] = ExpiringCache(size=cache_size, clock=clock)

    async def verify(self, token: str) -> VerifiedToken:
        """The verified token, or `InvalidToken`."""
        if len(token) > MAX_TOKEN_BYTES:
            raise InvalidToken("too_large")
        fingerprint = hashlib.sha256(token.encode()).digest()
        cached = self._cache.get(fingerprint)
        if cached is not None:
            return cached
        now = self._clock()
        verified = await self._verify(token, fingerprint, now)
        valid_until = min(verified.expires_at + self._leeway, now + self._cache_seconds)
        self._cache.put(fingerprint, verified, valid_until=valid_until)
        return verified

    async def _verify(self, token: str, fingerprint: bytes, now: float) -> VerifiedToken:
        parts = token.split(".")
        if len(parts) != 3:
            # Five parts would be a JWE; an encrypted token is not what these issuers send us.
            raise InvalidToken("malformed")
        header = _segment(parts[0])
        unverified = _segment(parts[1])
        algorithm = header.get("alg")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise InvalidToken("algorithm")
        if "crit" in header:
            raise InvalidToken("crit")
        issuer = unverified.get("iss")
        trusted = self._issuers.get(issuer) if isinstance(issuer, str) else None
        if trusted is None:
            raise InvalidToken("issuer")
        if algorithm not in trusted.config.algorithms:
            raise InvalidToken("algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("kid")
        key = await trusted.keys.key_for(kid)
        if key is None:
            raise InvalidToken("unknown_kid")
        try:
            decoded = jwt.decode(token, key, registry=JWSRegistry(algorithms=list(trusted.config.algorithms)))
            jwt.JWTClaimsRegistry(
                now=int(now),
                leeway=self._leeway,
                iss={"essential": True, "value": trusted.config.issuer},
                aud={"essential": True, "value": trusted.config.audience},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError, TypeError) as exc:
            log.debug("token geweigerd: %s", type(exc).__name__)
            raise InvalidToken("claims_or_signature") from None
        if has_control_character(decoded.claims):
            # A NUL in `sub` or the municipality would reach the database lookups of the principal.
            raise InvalidToken("control_character")
        return VerifiedToken(issuer=trusted.config, claims=decoded.claims, fingerprint=fingerprint)
