"""DPoP proofs (RFC 9449): a client proves possession of the key its access token is bound to.

The agency already holds a key pair for `private_key_jwt`; it signs a DPoP proof with that same key for
every request, and the gateway binds the access token to the key's JWK SHA-256 thumbprint (`cnf.jkt`,
RFC 7638). A token copied from a log, a proxy or a memory dump is then useless without the private key.
DPoP rather than mutual TLS (RFC 8705): the gateway runs behind a TLS-terminating proxy, so a client
certificate would have to be forwarded in a header the application must trust, while a DPoP proof is
checked end to end by the gateway itself with the JOSE tools it already uses.

This module has no I/O: replay protection (each proof's `jti` used once) is the caller's, which stores
the `jti` until the proof is too old to be accepted anyway.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, Key, RSAKey
from joserfc.jws import JWSRegistry

from gateway.security.jose_envelope import (
    SIGNATURE_ALGORITHMS,
    EnvelopeError,
    jws_registry,
    protected_header,
    signature_algorithm,
)

PROOF_TYPE = "dpop+jwt"
"""RFC 9449 §4.2: the `typ` of a DPoP proof, so no other JWS can pass as one."""
PROOF_MAX_BYTES = 8 * 1024
"""A proof with an RSA 4096 key is under 2 kB; anything far larger is not a proof."""
TOKEN_TYPE = "DPoP"  # noqa: S105 - the token type name, not a secret
"""The `token_type` of a bound access token and the scheme of the Authorization header that carries it."""

# Members of a private JWK: a proof carrying one gives its key away and is refused.
_HEADER_MAX_BYTES = 4 * 1024
"""The header carries the public key: an RSA 4096 JWK is about 750 bytes, more than joserfc's default."""
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class ProofRefused(Exception):
    """A DPoP proof failed a check; the message is Dutch, names the check and holds no secret."""


@dataclass(frozen=True, slots=True)
class Proof:
    """What a valid proof tells: the thumbprint of its key, its `jti` and when it was made."""

    jkt: str
    jti: str
    issued_at: dt.datetime


def access_token_hash(access_token: str) -> str:
    """The `ath` claim: base64url SHA-256 of the access token (RFC 9449 §4.2)."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def normalised_url(url: str) -> str:
    """`url` without query and fragment, scheme and host in lower case, a default port left out."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", "", ""))


def _registry() -> JWSRegistry:
    registry = jws_registry(PROOF_MAX_BYTES)
    registry.max_header_length = _HEADER_MAX_BYTES
    return registry


def _public_key(header: dict[str, Any]) -> Key:
    document = header.get("jwk")
    if not isinstance(document, dict):
        raise ProofRefused("Het DPoP-bewijs bevat geen publieke sleutel (jwk).")
    if _PRIVATE_MEMBERS & document.keys():
        raise ProofRefused("Het DPoP-bewijs bevat een privésleutel; stuur alleen de publieke sleutel.")
    try:
        if document.get("kty") == "EC":
            return ECKey.import_key(document)
        if document.get("kty") == "RSA":
            return RSAKey.import_key(document)
    except (JoseError, ValueError, TypeError):
        raise ProofRefused("De sleutel (jwk) in het DPoP-bewijs is onleesbaar.") from None
    raise ProofRefused("De sleutel in het DPoP-bewijs moet een EC- of RSA-sleutel zijn.")


def verify(
    proof: str,
    *,
    method: str,
    url: str,
    now: dt.datetime,
    max_age: dt.timedelta,
    clock_skew: dt.timedelta,
    access_token: str | None = None,
) -> Proof:
    """Check a proof for a request with `method` to `url`; with `access_token`, also its `ath`.

    Refused: another `typ`, an algorithm other than ES256/PS256, a private or missing `jwk`, a bad
    signature, `htm`/`htu` of another request, an `iat` older than `max_age` or ahead by more than
    `clock_skew`, no `jti`, and a missing or wrong `ath`.
    """
    if len(proof) > PROOF_MAX_BYTES:
        raise ProofRefused("Het DPoP-bewijs is te groot.")
    try:
        header = protected_header(proof, parts=3)
    except EnvelopeError:
        raise ProofRefused("Het DPoP-bewijs is geen compacte JWS.") from None
    if header.get("typ") != PROOF_TYPE:
        raise ProofRefused(f"Het DPoP-bewijs moet typ {PROOF_TYPE} hebben.")
    algorithm = header.get("alg")
    if algorithm not in SIGNATURE_ALGORITHMS:
        raise ProofRefused("Algoritme van het DPoP-bewijs niet toegestaan; gebruik ES256 of PS256.")
    key = _public_key(header)
    try:
        claims: dict[str, Any] = dict(
            jwt.decode(proof, key, algorithms=[algorithm], registry=_registry()).claims
        )
    except (JoseError, ValueError):
        raise ProofRefused("De handtekening van het DPoP-bewijs klopt niet.") from None
    jti = claims.get("jti")
    if not isinstance(jti, str) or not 1 <= len(jti) <= 255:
        raise ProofRefused("Het DPoP-bewijs heeft geen geldige jti.")
    if claims.get("htm") != method:
        raise ProofRefused("htm in het DPoP-bewijs is niet de methode van dit verzoek.")
    htu = claims.get("htu")
    if not isinstance(htu, str) or normalised_url(htu) != normalised_url(url):
        raise ProofRefused("htu in het DPoP-bewijs is niet de URL van dit verzoek.")
    issued = claims.get("iat")
    if not isinstance(issued, int) or isinstance(issued, bool):
        raise ProofRefused("Het DPoP-bewijs heeft geen iat.")
    moment = int(now.timestamp())
    if issued > moment + clock_skew.total_seconds():
        raise ProofRefused("iat van het DPoP-bewijs ligt in de toekomst.")
    if issued < moment - (max_age + clock_skew).total_seconds():
        raise ProofRefused("Het DPoP-bewijs is te oud; maak voor elk verzoek een nieuw.")
    if access_token is not None and claims.get("ath") != access_token_hash(access_token):
        raise ProofRefused("ath in het DPoP-bewijs past niet bij het access token.")
    return Proof(jkt=key.thumbprint(), jti=jti, issued_at=dt.datetime.fromtimestamp(issued, dt.UTC))


def make(key: Key, *, method: str, url: str, now: float, access_token: str | None = None) -> str:
    """A fresh proof signed with `key` for one request (the client's side)."""
    public = {name: value for name, value in key.as_dict(private=False).items() if name not in ("kid", "use")}
    claims: dict[str, Any] = {
        "jti": secrets.token_urlsafe(24),
        "htm": method,
        "htu": normalised_url(url),
        "iat": int(now),
    }
    if access_token is not None:
        claims["ath"] = access_token_hash(access_token)
    header = {"typ": PROOF_TYPE, "alg": signature_algorithm(key), "jwk": public}
    return jwt.encode(header, claims, key, registry=_registry())
