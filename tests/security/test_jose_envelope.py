"""JWS-in-JWE with fixed algorithms: round trips, refusals, limits, detached signatures."""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

import pytest
from joserfc import jwe, jws
from joserfc.jwk import ECKey, Key, OctKey, RSAKey

from gateway.security import jose_envelope
from gateway.security.jose_envelope import EnvelopeError


@pytest.fixture(scope="module")
def encryption_key() -> RSAKey:
    """A recipient key (2048 bits keeps the tests quick; the gateway uses 3072)."""
    return RSAKey.generate_key(2048, parameters={"use": "enc"}, auto_kid=True)


@pytest.fixture(scope="module")
def signing_key() -> ECKey:
    """A sender's ES256 key."""
    return ECKey.generate_key("P-256", auto_kid=True)


def _by_kid(key: Key) -> Any:
    return lambda header: key if header.get("kid") == key.kid else None


def _refused(code: str, call: Any) -> None:
    with pytest.raises(EnvelopeError) as caught:
        call()
    assert caught.value.code == code


def test_seal_then_open(encryption_key: RSAKey, signing_key: ECKey) -> None:
    envelope = jose_envelope.seal(b'{"a": 1}', signing_key=signing_key, encryption_key=encryption_key)

    header = jose_envelope.protected_header(envelope, parts=5)
    inner = jose_envelope.decrypt(envelope, _by_kid(encryption_key))
    verified = jose_envelope.verify(inner, _by_kid(signing_key))

    assert header == {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": encryption_key.kid, "cty": "JWS"}
    assert verified.payload == b'{"a": 1}'
    assert verified.header == {"alg": "ES256", "kid": signing_key.kid}


def test_ps256_signatures_are_accepted(encryption_key: RSAKey) -> None:
    rsa = RSAKey.generate_key(2048, auto_kid=True)

    signed = jose_envelope.sign(b"x", rsa)

    assert jose_envelope.verify(signed, _by_kid(rsa)).header["alg"] == "PS256"


def test_payloads_far_above_joserfcs_default_limit_work(encryption_key: RSAKey, signing_key: ECKey) -> None:
    payload = secrets.token_hex(3 * 1024 * 1024).encode()
    envelope = jose_envelope.seal(payload, signing_key=signing_key, encryption_key=encryption_key)

    inner = jose_envelope.decrypt(envelope, _by_kid(encryption_key))

    assert jose_envelope.verify(inner, _by_kid(signing_key)).payload == payload


def test_our_own_limit_still_holds(encryption_key: RSAKey, signing_key: ECKey) -> None:
    envelope = jose_envelope.seal(b"y" * 5000, signing_key=signing_key, encryption_key=encryption_key)

    _refused(
        "envelope_too_large", lambda: jose_envelope.decrypt(envelope, _by_kid(encryption_key), max_bytes=1000)
    )


@pytest.mark.parametrize("algorithm", ["HS256", "RS256", "none", "ES512"])
def test_signature_algorithms_outside_the_list_are_refused(algorithm: str, signing_key: ECKey) -> None:
    if algorithm == "HS256":
        key: Key = OctKey.import_key(secrets.token_bytes(32))
    elif algorithm == "RS256":
        key = RSAKey.generate_key(2048)
    elif algorithm == "ES512":
        key = ECKey.generate_key("P-521")
    if algorithm == "none":
        header = base64.urlsafe_b64encode(json.dumps({"alg": "none"}).encode()).rstrip(b"=").decode()
        token = f"{header}.eA."
    else:
        token = jws.serialize_compact({"alg": algorithm}, b"x", key, algorithms=[algorithm])

    _refused("algorithm_not_allowed", lambda: jose_envelope.verify(token, lambda header: signing_key))


@pytest.mark.parametrize(
    ("alg", "enc"), [("RSA1_5", "A256GCM"), ("RSA-OAEP", "A256GCM"), ("RSA-OAEP-256", "A128GCM")]
)
def test_encryption_algorithms_outside_the_list_are_refused(
    alg: str, enc: str, encryption_key: RSAKey
) -> None:
    token = jwe.encrypt_compact({"alg": alg, "enc": enc}, b"x", encryption_key, algorithms=[alg, enc])

    _refused("algorithm_not_allowed", lambda: jose_envelope.decrypt(token, lambda header: encryption_key))


def test_compression_is_refused(encryption_key: RSAKey) -> None:
    header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "zip": "DEF"}
    token = jwe.encrypt_compact(
        header, b"x" * 100, encryption_key, algorithms=["RSA-OAEP-256", "A256GCM", "DEF"]
    )

    _refused("compression_not_allowed", lambda: jose_envelope.decrypt(token, lambda header: encryption_key))


def test_decrypting_with_the_wrong_key_fails_like_tampering(encryption_key: RSAKey) -> None:
    other = RSAKey.generate_key(2048, auto_kid=True)
    token = jose_envelope.encrypt(b"x", encryption_key)

    _refused("decryption_failed", lambda: jose_envelope.decrypt(token, lambda header: other))


def test_an_unknown_kid_is_named_as_such(encryption_key: RSAKey, signing_key: ECKey) -> None:
    token = jose_envelope.encrypt(b"x", encryption_key)
    signed = jose_envelope.sign(b"x", signing_key)

    _refused("unknown_encryption_key", lambda: jose_envelope.decrypt(token, lambda header: None))
    _refused("unknown_signing_key", lambda: jose_envelope.verify(signed, lambda header: None))


@pytest.mark.parametrize("text", ["", "a.b", "a.b.c.d", "!!!.b.c", "bnVs.b.c"])
def test_malformed_compact_values_are_refused(text: str, signing_key: ECKey) -> None:
    _refused("envelope_malformed", lambda: jose_envelope.verify(text, lambda header: signing_key))


def test_detached_signatures_cover_exactly_the_body(signing_key: ECKey) -> None:
    signature = jose_envelope.sign_detached(b'{"ok":true}', signing_key, typ="proef+jws")

    assert signature.count(".") == 2
    assert ".." in signature
    assert (
        jose_envelope.verify_detached(signature, b'{"ok":true}', _by_kid(signing_key))["typ"] == "proef+jws"
    )
    _refused(
        "signature_invalid",
        lambda: jose_envelope.verify_detached(signature, b'{"ok":false}', _by_kid(signing_key)),
    )
    _refused("envelope_malformed", lambda: jose_envelope.verify_detached("a.b.c", b"", _by_kid(signing_key)))


def test_only_ec_p256_and_rsa_keys_sign() -> None:
    with pytest.raises(ValueError, match="P-256"):
        jose_envelope.signature_algorithm(ECKey.generate_key("P-384"))
    with pytest.raises(ValueError, match="RSA"):
        jose_envelope.encrypt(b"x", ECKey.generate_key("P-256"))
