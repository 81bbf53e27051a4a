"""Field encryption: AES-256-GCM with a key id per value and the row and column bound as associated data.

A sealed value is text: `v1.<kid>.<nonce>.<ciphertext>`, nonce and ciphertext (with its 16-byte tag) in
unpadded base64url. The associated data names the table, the column and the row id, so a ciphertext
copied to another row or column no longer decrypts. Nonces are 96 random bits; with at most a few billion
values per key, the chance of a repeat stays far below NIST's 2^-32 bound (SP 800-38D §8.3), and keys are
rotated long before that.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
KID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class FieldCryptoError(Exception):
    """A sealed value could not be opened; the message never contains key or plaintext material."""


def associated_data(*, table: str, column: str, row_id: str) -> bytes:
    """The associated data binding a value to its place: format version, table, column and row id."""
    # The unit separator cannot occur in table names, column names or UUIDs, so the parts cannot shift.
    return "\x1f".join((f"loonbrug/{FORMAT_VERSION}", table, column, row_id)).encode()


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def cipher(key: bytes) -> AESGCM:
    """The AES-256-GCM cipher for a field key (build once per key and reuse it)."""
    if len(key) != KEY_BYTES:
        raise ValueError("field keys are 256 bits")
    return AESGCM(key)


def seal_with(*, cipher: AESGCM, kid: str, plaintext: bytes, aad: bytes) -> str:
    """Encrypt `plaintext` with a prepared cipher and return the sealed text naming `kid`."""
    if not KID_PATTERN.match(kid):
        raise ValueError("a key id is 1-64 characters of A-Z, a-z, 0-9, '_' or '-'")
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = cipher.encrypt(nonce, plaintext, aad)
    return f"{FORMAT_VERSION}.{kid}.{_b64encode(nonce)}.{_b64encode(ciphertext)}"


def seal_many_with(*, cipher: AESGCM, kid: str, items: Sequence[tuple[bytes, bytes]]) -> list[str]:
    """`seal_with` of each (plaintext, associated data) in order: each its own random nonce, the same
    sealed text; the key id is checked, the nonces read from the OS and encoded once for all of them
    (a pushed batch seals a thousand values)."""
    if not KID_PATTERN.match(kid):
        raise ValueError("a key id is 1-64 characters of A-Z, a-z, 0-9, '_' or '-'")
    nonces = os.urandom(NONCE_BYTES * len(items))
    # A nonce (12 bytes) is exactly 16 base64 characters without padding, so the nonces encoded as one
    # string are each one 16-character slice of it.
    nonce_texts = _b64encode(nonces)
    width = NONCE_BYTES // 3 * 4
    head = f"{FORMAT_VERSION}.{kid}."
    sealed = []
    for n, (plaintext, aad) in enumerate(items):
        ciphertext = cipher.encrypt(nonces[n * NONCE_BYTES : (n + 1) * NONCE_BYTES], plaintext, aad)
        sealed.append(f"{head}{nonce_texts[n * width : (n + 1) * width]}.{_b64encode(ciphertext)}")
    return sealed


def seal(*, key: bytes, kid: str, plaintext: bytes, aad: bytes) -> str:
    """Encrypt `plaintext` under `key` and return the sealed text naming `kid`."""
    return seal_with(cipher=cipher(key), kid=kid, plaintext=plaintext, aad=aad)


def key_id_of(sealed: str) -> str:
    """The key id a sealed value was encrypted with."""
    return _split(sealed)[0]


def _split(sealed: str) -> tuple[str, bytes, bytes]:
    parts = sealed.split(".")
    if len(parts) != 4 or parts[0] != FORMAT_VERSION or not KID_PATTERN.match(parts[1]):
        raise FieldCryptoError("not a sealed value of format v1")
    try:
        nonce, ciphertext = _b64decode(parts[2]), _b64decode(parts[3])
    except (binascii.Error, ValueError):
        raise FieldCryptoError("sealed value is not valid base64url") from None
    if len(nonce) != NONCE_BYTES:
        raise FieldCryptoError("sealed value has a wrong nonce length")
    return parts[1], nonce, ciphertext


def open_sealed(*, keys: Mapping[str, bytes], sealed: str, aad: bytes) -> bytes:
    """Decrypt a sealed value with the key it names; fails when the key is unknown or the data moved."""
    kid = key_id_of(sealed)
    key = keys.get(kid)
    return open_with(ciphers={} if key is None else {kid: cipher(key)}, sealed=sealed, aad=aad)


def open_with(*, ciphers: Mapping[str, AESGCM], sealed: str, aad: bytes) -> bytes:
    """Decrypt a sealed value with the prepared cipher of the key it names."""
    kid, nonce, ciphertext = _split(sealed)
    chosen = ciphers.get(kid)
    if chosen is None:
        raise FieldCryptoError(f"unknown key id {kid!r}")
    try:
        return chosen.decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise FieldCryptoError(
            "decryption failed: wrong key, tampered value, or value moved to another row or column"
        ) from None
