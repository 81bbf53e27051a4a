"""Signed-then-encrypted messages (JWS inside JWE) and detached signatures, with fixed algorithm lists.

Only these algorithms are ever accepted: signatures ES256 and PS256; key encryption RSA-OAEP-256 with
content encryption A256GCM. Everything else (`none`, HS*, RS*, RSA1_5, `dir`, compression) is refused
before a key is looked up, so an attacker cannot choose a weaker algorithm (DESIGN §5).

joserfc refuses compact values above about 64 KB by default; a batch of 10,000 pay records is several
megabytes, so the limits are raised here to `max_bytes`, and the HTTP layer refuses larger bodies first.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import BadSignatureError, ExceededSizeError, JoseError, UnsupportedAlgorithmError
from joserfc.jwe import JWERegistry
from joserfc.jwk import ECKey, Key, RSAKey
from joserfc.jws import JWSRegistry

SIGNATURE_ALGORITHMS: tuple[str, ...] = ("ES256", "PS256")
KEY_ENCRYPTION_ALGORITHM = "RSA-OAEP-256"
CONTENT_ENCRYPTION_ALGORITHM = "A256GCM"
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
INNER_CONTENT_TYPE = "JWS"
"""`cty` of the JWE: its plaintext is a compact JWS."""

KeyResolver = Callable[[dict[str, Any]], Key | None]
"""Finds the key for a protected header (by its `kid`), or None when there is no such key."""


class EnvelopeError(Exception):
    """A message that cannot be opened; `code` tells the client why, without revealing any content."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Verified:
    """A verified JWS: the payload and its protected header."""

    payload: bytes
    header: dict[str, Any]


def jws_registry(max_bytes: int = DEFAULT_MAX_BYTES) -> JWSRegistry:
    """A JWS registry allowing only ES256 and PS256, for payloads up to `max_bytes`."""
    registry = JWSRegistry(algorithms=list(SIGNATURE_ALGORITHMS))
    registry.max_payload_length = max_bytes
    return registry


def jwe_registry(max_bytes: int = DEFAULT_MAX_BYTES) -> JWERegistry:
    """A JWE registry allowing only RSA-OAEP-256 with A256GCM, for ciphertexts up to `max_bytes`."""
    registry = JWERegistry(algorithms=[KEY_ENCRYPTION_ALGORITHM, CONTENT_ENCRYPTION_ALGORITHM])
    registry.max_ciphertext_length = max_bytes
    return registry


def signature_algorithm(key: Key) -> str:
    """The algorithm a signing key uses here: ES256 for an EC P-256 key, PS256 for an RSA key."""
    if isinstance(key, ECKey) and key.curve_name == "P-256":
        return "ES256"
    if isinstance(key, RSAKey):
        return "PS256"
    raise ValueError("signing keys are EC P-256 (ES256) or RSA (PS256)")


def sign(payload: bytes, key: Key, *, typ: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A compact JWS of `payload` with `key` (its `kid` in the header)."""
    header: dict[str, Any] = {"alg": signature_algorithm(key), "kid": _kid(key)}
    if typ is not None:
        header["typ"] = typ
    return jws.serialize_compact(header, payload, key, registry=jws_registry(max_bytes))


def encrypt(
    plaintext: bytes, key: Key, *, cty: str = INNER_CONTENT_TYPE, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """A compact JWE of `plaintext` to the RSA public `key` (RSA-OAEP-256, A256GCM)."""
    if not isinstance(key, RSAKey):
        raise ValueError("the encryption key must be an RSA key")
    header = {
        "alg": KEY_ENCRYPTION_ALGORITHM,
        "enc": CONTENT_ENCRYPTION_ALGORITHM,
        "kid": _kid(key),
        "cty": cty,
    }
    return jwe.encrypt_compact(header, plaintext, key, registry=jwe_registry(max_bytes))


def seal(payload: bytes, *, signing_key: Key, encryption_key: Key, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Sign `payload`, then encrypt the JWS: the body of a push (DESIGN §5)."""
    signed = sign(payload, signing_key, max_bytes=max_bytes)
    return encrypt(signed.encode("ascii"), encryption_key, max_bytes=max_bytes)


def decrypt(value: bytes | str, resolve_key: KeyResolver, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The plaintext of a compact JWE, after checking its algorithms and finding its key by `kid`."""
    header = protected_header(value, parts=5)
    if header.get("alg") != KEY_ENCRYPTION_ALGORITHM or header.get("enc") != CONTENT_ENCRYPTION_ALGORITHM:
        raise _algorithm_refused()
    if "zip" in header:
        raise EnvelopeError("compression_not_allowed", "Compressie in het bericht is niet toegestaan.")
    if header.get("cty", INNER_CONTENT_TYPE) != INNER_CONTENT_TYPE:
        raise EnvelopeError("content_type_invalid", "De versleutelde inhoud moet een JWS zijn (cty JWS).")
    key = resolve_key(header)
    if key is None:
        raise EnvelopeError(
            "unknown_encryption_key", "Het bericht is versleuteld voor een onbekende sleutel."
        )
    try:
        result = jwe.decrypt_compact(value, key, registry=jwe_registry(max_bytes))
    except ExceededSizeError:
        raise _too_large() from None
    except UnsupportedAlgorithmError:
        raise _algorithm_refused() from None
    except (JoseError, ValueError):
        # Wrong key, altered ciphertext or tag: one answer, so nothing leaks about which.
        raise EnvelopeError("decryption_failed", "Het bericht kan niet worden ontsleuteld.") from None
    plaintext = result.plaintext
    if plaintext is None:
        raise EnvelopeError("decryption_failed", "Het bericht kan niet worden ontsleuteld.")
    return plaintext


def verify(value: bytes | str, resolve_key: KeyResolver, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Verified:
    """The payload of a compact JWS whose algorithm is allowed and whose signature checks out."""
    header = protected_header(value, parts=3)
    if header.get("alg") not in SIGNATURE_ALGORITHMS:
        raise _algorithm_refused()
    key = resolve_key(header)
    if key is None:
        raise EnvelopeError("unknown_signing_key", "Het bericht is ondertekend met een onbekende sleutel.")
    try:
        result = jws.deserialize_compact(value, key, registry=jws_registry(max_bytes))
    except ExceededSizeError:
        raise _too_large() from None
    except UnsupportedAlgorithmError:
        raise _algorithm_refused() from None
    except (BadSignatureError, JoseError, ValueError):
        raise EnvelopeError("signature_invalid", "De handtekening van het bericht klopt niet.") from None
    return Verified(payload=result.payload, header=dict(result.headers()))


def sign_detached(payload: bytes, key: Key, *, typ: str | None = None) -> str:
    """A detached compact JWS over `payload` (RFC 7515 appendix F): `header..signature`."""
    header, _, signature = sign(payload, key, typ=typ).split(".")
    return f"{header}..{signature}"


def verify_detached(signature: str, payload: bytes, resolve_key: KeyResolver) -> dict[str, Any]:
    """Check a detached JWS against `payload`; returns its protected header."""
    header, separator, rest = signature.partition("..")
    if not separator or "." in rest:
        raise EnvelopeError(
            "envelope_malformed", "De losse handtekening heeft niet de vorm header..signature."
        )
    attached = f"{header}.{_b64(payload)}.{rest}"
    return verify(attached, resolve_key, max_bytes=len(attached)).header


def protected_header(value: bytes | str, *, parts: int) -> dict[str, Any]:
    """The decoded protected header of a compact serialization with `parts` parts, without verifying it."""
    text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
    segments = text.split(".", parts)
    if len(segments) != parts:
        kind = "JWE (vijf delen)" if parts == 5 else "JWS (drie delen)"
        raise EnvelopeError("envelope_malformed", f"Het bericht is geen compacte {kind}.")
    try:
        header = json.loads(base64.urlsafe_b64decode(segments[0] + "=" * (-len(segments[0]) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise EnvelopeError("envelope_malformed", "De header van het bericht is onleesbaar.") from None
    if not isinstance(header, dict):
        raise EnvelopeError("envelope_malformed", "De header van het bericht is geen JSON-object.")
    return header


def _kid(key: Key) -> str:
    kid = key.kid
    return kid if kid is not None else key.thumbprint()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _algorithm_refused() -> EnvelopeError:
    allowed = ", ".join(
        (*SIGNATURE_ALGORITHMS, f"{KEY_ENCRYPTION_ALGORITHM} + {CONTENT_ENCRYPTION_ALGORITHM}")
    )
    return EnvelopeError(
        "algorithm_not_allowed", f"Dit algoritme is niet toegestaan; toegestaan zijn {allowed}."
    )


def _too_large() -> EnvelopeError:
    return EnvelopeError("envelope_too_large", "Het bericht is groter dan toegestaan.")
