"""Access tokens: JWTs signed by the gateway (RFC 9068 profile), short-lived, never refreshed.

Every token is bound to the agency's DPoP key (RFC 9449 §6): `cnf.jkt` holds the key's thumbprint, and
the API accepts the token only with a DPoP proof signed by that key. `azp` names the client the token
was issued to (the party authorised to use it), as OpenID Connect and FAPI 2.0 read it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError

from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys, KeyPurpose
from gateway.security.jose_envelope import (
    SIGNATURE_ALGORITHMS,
    EnvelopeError,
    jws_registry,
    protected_header,
    signature_algorithm,
)

TOKEN_TYPE = "at+jwt"  # noqa: S105 - a media type, not a secret
"""RFC 9068 §2.1: the `typ` of an access token, so no other gateway-signed JWS can pass as one."""


class InvalidToken(Exception):
    """The access token is missing, malformed, expired, or not for this API; never says which in detail."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What a valid access token says."""

    client_id: str
    scopes: frozenset[str]
    expires_at: dt.datetime
    jkt: str | None
    """Thumbprint of the key the token is bound to (`cnf.jkt`); None for a token bound to nothing."""


def issue(
    *, keys: GatewayKeys, config: IngestConfig, client_id: str, scope: str, jkt: str, now: dt.datetime
) -> str:
    """A signed access token for `client_id` with `scope`, bound to the DPoP key with thumbprint `jkt`,
    valid for the configured lifetime."""
    signing = keys.active(KeyPurpose.SIGNING)
    issued = int(now.timestamp())
    claims: dict[str, Any] = {
        "iss": config.issuer,
        "sub": client_id,
        "aud": config.api_audience,
        "client_id": client_id,
        "azp": client_id,
        "cnf": {"jkt": jkt},
        "scope": scope,
        "iat": issued,
        "nbf": issued,
        "exp": issued + int(config.token_lifetime.total_seconds()),
        "jti": secrets.token_urlsafe(16),
    }
    header = {"alg": signature_algorithm(signing.key), "kid": signing.kid, "typ": TOKEN_TYPE}
    return jwt.encode(header, claims, signing.key, registry=jws_registry(), default_type=None)


def validate(token: str, *, keys: GatewayKeys, config: IngestConfig, now: dt.datetime) -> AccessClaims:
    """The claims of a valid access token for this API, or `InvalidToken`."""
    try:
        header = protected_header(token, parts=3)
    except EnvelopeError:
        raise InvalidToken from None
    if header.get("typ") != TOKEN_TYPE or header.get("alg") not in SIGNATURE_ALGORITHMS:
        raise InvalidToken
    key = keys.find(KeyPurpose.SIGNING, header.get("kid"))
    if key is None:
        raise InvalidToken
    try:
        decoded = jwt.decode(token, key, registry=jws_registry())
        jwt.JWTClaimsRegistry(
            now=int(now.timestamp()),
            iss={"essential": True, "value": config.issuer},
            aud={"essential": True, "value": config.api_audience},
            exp={"essential": True},
            sub={"essential": True},
            scope={"essential": True},
        ).validate(decoded.claims)
    except (JoseError, ValueError):
        raise InvalidToken from None
    claims = decoded.claims
    scope = claims["scope"]
    if not isinstance(scope, str):
        raise InvalidToken
    confirmation = claims.get("cnf")
    jkt = confirmation.get("jkt") if isinstance(confirmation, dict) else None
    if confirmation is not None and not isinstance(jkt, str):
        raise InvalidToken
    return AccessClaims(
        client_id=str(claims["sub"]),
        scopes=frozenset(scope.split()),
        expires_at=dt.datetime.fromtimestamp(claims["exp"], dt.UTC),
        jkt=jkt,
    )
