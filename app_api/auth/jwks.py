"""Where the public keys of a trusted issuer come from: its JWKS over HTTPS (found through discovery),
cached, and fetched again when a token names a key id we do not know yet (key rotation).

A refetch for an unknown `kid` happens at most once per `refetch_interval`, so tokens with made-up key
ids cannot make us hammer the identity provider. When the provider cannot be reached, the last good
key set keeps serving; only without any key set is the issuer unavailable (the API answers 503).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry, Key

log = logging.getLogger("loonbrug.app.jwks")

# Members only a private or symmetric JWK has: a published set holding one is refused key by key.
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_MAX_DOCUMENT_BYTES = 256 * 1024


class IssuerUnavailable(Exception):
    """The issuer's keys cannot be obtained right now; the message names the issuer, never a key."""


class KeySource(Protocol):
    """Finds an issuer's public signing key by key id."""

    async def key_for(self, kid: str) -> Key | None:
        """The key with this id, or None when the issuer has no such key."""
        ...


def import_public_keys(document: Mapping[str, Any]) -> dict[str, Key]:
    """The usable public signing keys of a JWKS document by `kid`; others are skipped, not fatal."""
    keys: dict[str, Key] = {}
    entries = document.get("keys")
    if not isinstance(entries, list):
        raise ValueError("a JWKS has a 'keys' list")
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        if _PRIVATE_MEMBERS & entry.keys() or entry.get("use", "sig") != "sig":
            continue
        try:
            keys[entry["kid"]] = JWKRegistry.import_key(entry)
        except (JoseError, ValueError, TypeError):
            continue
    return keys


class HttpKeySource:
    """The JWKS of a remote OpenID Connect issuer, through its discovery document."""

    def __init__(
        self,
        *,
        issuer: str,
        discovery_url: str,
        client: httpx.AsyncClient,
        cache_seconds: float,
        refetch_interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self.discovery_url = discovery_url
        self._client = client
        self._cache_seconds = cache_seconds
        self._refetch_interval = refetch_interval
        self._clock = clock
        self._lock = asyncio.Lock()
        self._jwks_uri: str | None = None
        self._keys: dict[str, Key] = {}
        self._fetched_at: float | None = None

    def __repr__(self) -> str:
        return f"HttpKeySource(issuer={self.issuer!r})"

    async def key_for(self, kid: str) -> Key | None:
        """The key with this id; fetches when the cache is stale or (rate-limited) when `kid` is new."""
        if self._fresh() and kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            now = self._clock()
            stale = not self._fresh()
            unknown_and_may_refetch = kid not in self._keys and (
                self._fetched_at is None or now - self._fetched_at >= self._refetch_interval
            )
            if stale or unknown_and_may_refetch:
                await self._refresh()
            return self._keys.get(kid)

    def _fresh(self) -> bool:
        return self._fetched_at is not None and self._clock() - self._fetched_at < self._cache_seconds

    async def _refresh(self) -> None:
        try:
            if self._jwks_uri is None:
                self._jwks_uri = await self._discover()
            self._keys = import_public_keys(await self._get_json(self._jwks_uri))
            self._fetched_at = self._clock()
        except (httpx.HTTPError, ValueError) as exc:
            # The discovery document may have moved the JWKS: look it up again next time.
            self._jwks_uri = None
            log.warning("sleutels van uitgever %s niet op te halen: %s", self.issuer, type(exc).__name__)
            if self._fetched_at is None:
                raise IssuerUnavailable(self.issuer) from None
            # Keep the last good set, and do not retry before the refetch interval has passed.
            self._fetched_at = max(
                self._fetched_at, self._clock() - self._cache_seconds + self._refetch_interval
            )

    async def _discover(self) -> str:
        document = await self._get_json(self.discovery_url)
        # OpenID Connect Discovery §4.3: the document must name exactly the issuer we trust.
        if document.get("issuer") != self.issuer:
            raise ValueError("discovery document names another issuer")
        jwks_uri = document.get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
            raise ValueError("discovery document has no jwks_uri")
        return jwks_uri

    async def _get_json(self, url: str) -> dict[str, Any]:
        response = await self._client.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        if len(response.content) > _MAX_DOCUMENT_BYTES:
            raise ValueError("document too large")
        document = response.json()
        if not isinstance(document, dict):
            raise ValueError("expected a JSON object")
        return document


class StaticKeySource:
    """Keys handed over in-process (the built-in development issuer); `reload` reads them again."""

    def __init__(self, load: Callable[[], Mapping[str, Key]]) -> None:
        self._load = load
        self._keys = dict(load())

    async def key_for(self, kid: str) -> Key | None:
        """The key with this id; an unknown id makes the source reload once (key rotation)."""
        if kid not in self._keys:
            self._keys = dict(self._load())
        return self._keys.get(kid)
