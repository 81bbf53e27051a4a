"""AES-GCM field encryption: round trip, binding to table/column/row, tampering, format."""

from __future__ import annotations

import os

import pytest

from gateway.security import field_crypto
from gateway.security.field_crypto import FieldCryptoError, associated_data, key_id_of, open_sealed, seal

KEY = os.urandom(32)
KEYS = {"k1": KEY}
AAD = associated_data(table="worker", column="bsn_encrypted", row_id="0190-row-a")


def test_round_trip_names_the_key_id() -> None:
    sealed = seal(key=KEY, kid="k1", plaintext=b"999900006", aad=AAD)
    assert sealed.startswith("v1.k1.")
    assert key_id_of(sealed) == "k1"
    assert open_sealed(keys=KEYS, sealed=sealed, aad=AAD) == b"999900006"
    assert b"999900006" not in sealed.encode()


def test_same_plaintext_gives_different_ciphertexts() -> None:
    assert seal(key=KEY, kid="k1", plaintext=b"x", aad=AAD) != seal(
        key=KEY, kid="k1", plaintext=b"x", aad=AAD
    )


@pytest.mark.parametrize(
    ("table", "column", "row_id"),
    [
        ("worker", "bsn_encrypted", "0190-row-b"),
        ("worker", "name_encrypted", "0190-row-a"),
        ("advance", "bsn_encrypted", "0190-row-a"),
    ],
)
def test_value_moved_to_another_place_does_not_open(table: str, column: str, row_id: str) -> None:
    sealed = seal(key=KEY, kid="k1", plaintext=b"999900006", aad=AAD)
    with pytest.raises(FieldCryptoError, match="moved to another row or column"):
        open_sealed(keys=KEYS, sealed=sealed, aad=associated_data(table=table, column=column, row_id=row_id))


def test_tampered_ciphertext_does_not_open() -> None:
    sealed = seal(key=KEY, kid="k1", plaintext=b"451.37", aad=AAD)
    head, body = sealed.rsplit(".", 1)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(FieldCryptoError):
        open_sealed(keys=KEYS, sealed=f"{head}.{flipped}", aad=AAD)


def test_unknown_key_id_is_named_without_key_material() -> None:
    sealed = seal(key=KEY, kid="k1", plaintext=b"x", aad=AAD)
    with pytest.raises(FieldCryptoError, match="unknown key id 'k1'") as caught:
        open_sealed(keys={"k2": os.urandom(32)}, sealed=sealed, aad=AAD)
    assert KEY.hex() not in str(caught.value)


@pytest.mark.parametrize(
    "sealed",
    [
        "",
        "v1.k1.abc",
        "v2.k1.AAAAAAAAAAAAAAAA.AAAA",
        "v1.k.1.AAAAAAAAAAAAAAAA.AAAA",
        "v1.k1.AAAA.AAAA",
        "v1.k1.!!.AAAA",
    ],
)
def test_malformed_values_are_refused(sealed: str) -> None:
    with pytest.raises(FieldCryptoError):
        open_sealed(keys=KEYS, sealed=sealed, aad=AAD)


def test_bad_keys_and_key_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="256 bits"):
        seal(key=os.urandom(16), kid="k1", plaintext=b"x", aad=AAD)
    with pytest.raises(ValueError, match="key id"):
        seal(key=KEY, kid="k.1", plaintext=b"x", aad=AAD)


def test_associated_data_parts_cannot_shift() -> None:
    first = associated_data(table="a", column="bc", row_id="d")
    second = associated_data(table="ab", column="c", row_id="d")
    assert first != second
    assert first.startswith(f"loonbrug/{field_crypto.FORMAT_VERSION}".encode())
