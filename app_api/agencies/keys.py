"""Checking a public JWK an administrator registers: public only, and strong enough for its algorithm."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, JWKRegistry, RSAKey

from gateway.web.errors import InvalidInput
from schemas.problems import InvalidParam
from schemas.text import has_control_character

MIN_RSA_BITS = 2048
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


@dataclass(frozen=True, slots=True)
class CheckedKey:
    """A public key fit for registration."""

    kid: str
    alg: str
    public_jwk: dict[str, Any]


def _refuse(code: str, reason: str) -> InvalidInput:
    # The reason never quotes the key: key material stays out of error bodies.
    return InvalidInput(
        "Deze sleutel kan niet worden geregistreerd.",
        invalid_params=[InvalidParam(name="jwk", code=code, reason=reason)],
    )


def check(jwk: dict[str, Any]) -> CheckedKey:
    """The key with its id and algorithm, or a 400 saying what is wrong with it."""
    if _PRIVATE_MEMBERS & jwk.keys():
        raise _refuse("private_key", "Dit is een privésleutel; registreer alleen de publieke sleutel.")
    # The key is stored as JSON text (PostgreSQL refuses a NUL in it) and its kid is shown and compared.
    if has_control_character(jwk):
        raise _refuse("control_character", "Een JWK bevat geen stuurtekens.")
    try:
        key = JWKRegistry.import_key(jwk)
    # An unknown curve is a KeyError from joserfc's curve table.
    except (JoseError, ValueError, TypeError, KeyError):
        raise _refuse("jwk_invalid", "Geen geldige JWK.") from None
    if isinstance(key, ECKey) and key.curve_name == "P-256":
        alg = "ES256"
    elif isinstance(key, RSAKey):
        public = key.public_key
        if not isinstance(public, RSAPublicKey) or public.key_size < MIN_RSA_BITS:
            raise _refuse("key_too_weak", f"Een RSA-sleutel heeft minstens {MIN_RSA_BITS} bits.")
        alg = "PS256"
    else:
        raise _refuse("key_type", "Alleen EC P-256 (ES256) of RSA (PS256).")
    stated = jwk.get("alg")
    if stated is not None and stated != alg:
        raise _refuse("alg_mismatch", f"Bij deze sleutel hoort {alg}.")
    kid = jwk.get("kid") or key.thumbprint()
    if not isinstance(kid, str) or not 1 <= len(kid) <= 200:
        raise _refuse("kid_invalid", "De kid is tekst van 1 tot 200 tekens.")
    public_jwk = key.as_dict(private=False)
    public_jwk["kid"] = kid
    return CheckedKey(kid=kid, alg=alg, public_jwk=public_jwk)
