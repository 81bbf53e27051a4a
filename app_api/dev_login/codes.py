"""The authorization request, its one-time codes and the PKCE check of the development login.

A code lives 60 seconds and is used once: the token request takes it out of the store, so a replayed
code finds nothing. The store is memory of this one process, which is all the development issuer
serves (the demo and the tests); a production deployment never has it (see app_api.dev_issuer).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

CODE_LIFETIME_SECONDS = 60
MAX_PENDING = 1000
PKCE_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
"""RFC 7636 §4.1: 43 to 128 unreserved characters; the challenge (S256, base64url) is 43 of them."""
PKCE_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")
OPAQUE = re.compile(r"^[\x21-\x7e]{8,512}$")
"""`state` and `nonce`: printable ASCII without spaces, long enough to be unguessable."""


class InvalidRequest(Exception):
    """The authorization request is malformed; `error` is the OAuth error code."""

    def __init__(self, description: str, *, error: str = "invalid_request") -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class UnknownClient(Exception):
    """The client or its redirect URI is not registered: never redirect there (RFC 6749 §4.1.2.1)."""


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """A validated authorization request of the one development client."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    code_challenge: str

    FIELDS = ("client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge")

    @classmethod
    def parse(
        cls, params: Mapping[str, str], *, client_id: str, redirect_uris: frozenset[str]
    ) -> AuthorizationRequest:
        """Check the parameters; `UnknownClient` before anything that may be redirected back."""
        if params.get("client_id") != client_id or params.get("redirect_uri") not in redirect_uris:
            raise UnknownClient()
        if params.get("response_type") != "code":
            raise InvalidRequest("alleen response_type=code", error="unsupported_response_type")
        if "openid" not in params.get("scope", "").split():
            raise InvalidRequest("scope moet openid bevatten", error="invalid_scope")
        if params.get("code_challenge_method") != "S256":
            raise InvalidRequest("PKCE met code_challenge_method=S256 is verplicht")
        if not PKCE_CHALLENGE.match(params.get("code_challenge", "")):
            raise InvalidRequest("code_challenge ontbreekt of is geen S256-waarde")
        for name in ("state", "nonce"):
            if not OPAQUE.match(params.get(name, "")):
                raise InvalidRequest(f"{name} ontbreekt of is te kort")
        return cls(
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            scope=params["scope"],
            state=params["state"],
            nonce=params["nonce"],
            code_challenge=params["code_challenge"],
        )

    def as_fields(self) -> dict[str, str]:
        """The request as form fields, to carry it through the login form."""
        return {
            "response_type": "code",
            "code_challenge_method": "S256",
            **{name: getattr(self, name) for name in self.FIELDS},
        }


@dataclass(frozen=True, slots=True, repr=False)
class IssuedTokens:
    """What a code is exchanged for."""

    access_token: str
    id_token: str
    expires_in: int


@dataclass(frozen=True, slots=True, repr=False)
class PendingCode:
    """A code waiting for its token request."""

    request: AuthorizationRequest
    tokens: IssuedTokens
    expires_at: float


def s256(verifier: str) -> str:
    """The S256 code challenge of a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class CodeStore:
    """One-time authorization codes of this process (see the module docstring)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._pending: OrderedDict[str, PendingCode] = OrderedDict()

    def issue(self, *, request: AuthorizationRequest, tokens: IssuedTokens) -> str:
        """A new code for these tokens."""
        now = self._clock()
        for code in [code for code, pending in self._pending.items() if pending.expires_at <= now]:
            del self._pending[code]
        while len(self._pending) >= MAX_PENDING:
            self._pending.popitem(last=False)
        code = secrets.token_urlsafe(32)
        self._pending[code] = PendingCode(
            request=request, tokens=tokens, expires_at=now + CODE_LIFETIME_SECONDS
        )
        return code

    def redeem(self, *, code: str, client_id: str, redirect_uri: str, verifier: str) -> IssuedTokens:
        """The tokens of a code, once; `InvalidRequest(error=invalid_grant)` for anything wrong."""
        pending = self._pending.pop(code, None)
        if pending is None or pending.expires_at <= self._clock():
            raise InvalidRequest("de code is onbekend, verlopen of al gebruikt", error="invalid_grant")
        if pending.request.client_id != client_id or pending.request.redirect_uri != redirect_uri:
            raise InvalidRequest("client_id of redirect_uri wijkt af van het verzoek", error="invalid_grant")
        if not PKCE_VERIFIER.match(verifier) or not hmac.compare_digest(
            s256(verifier), pending.request.code_challenge
        ):
            raise InvalidRequest("code_verifier past niet bij de code_challenge", error="invalid_grant")
        return pending.tokens
