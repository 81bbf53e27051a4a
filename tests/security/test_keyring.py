"""The keyring file: permissions, rotation, no key material in text, production refuses to generate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gateway.security import keyring as keyrings
from gateway.security.field_crypto import key_id_of
from gateway.security.keyring import Keyring, KeyringError
from gateway.settings import Environment, Settings

AAD = b"loonbrug/v1\x1fworker\x1fbsn_encrypted\x1frow"


def test_saved_file_is_private_and_reads_back(keyring: Keyring, key_dir: Path) -> None:
    path = key_dir / keyrings.KEYRING_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    again = keyrings.load(path)
    assert again.active_kid == keyring.active_kid
    assert again.field_keys == keyring.field_keys
    assert again.blind_index_key == keyring.blind_index_key
    assert again.digest_key == keyring.digest_key


def test_world_readable_file_is_refused(keyring: Keyring, key_dir: Path) -> None:
    path = key_dir / keyrings.KEYRING_FILE
    path.chmod(0o644)
    with pytest.raises(KeyringError, match="0600"):
        keyrings.load(path)


def test_repr_and_errors_show_no_key_material(keyring: Keyring, key_dir: Path) -> None:
    secrets = [key.hex() for key in keyring.field_keys.values()] + [keyring.blind_index_key.hex()]
    assert not any(secret in repr(keyring) for secret in secrets)
    path = key_dir / keyrings.KEYRING_FILE
    document = json.loads(path.read_text())
    document["active_field_key"] = "missing"
    path.write_text(json.dumps(document))
    with pytest.raises(KeyringError) as caught:
        keyrings.load(path)
    assert not any(entry["key"] in str(caught.value) for entry in document["field_keys"])


def test_separate_keys_for_fields_index_and_digest(keyring: Keyring) -> None:
    keys = {*keyring.field_keys.values(), keyring.blind_index_key, keyring.digest_key}
    assert len(keys) == 3


def test_rotation_adds_an_active_key_and_old_values_still_open(keyring: Keyring) -> None:
    old_value = keyring.seal(b"999900006", aad=AAD)
    rotated = keyring.rotated()
    assert rotated.active_kid != keyring.active_kid
    assert set(rotated.field_keys) == {keyring.active_kid, rotated.active_kid}
    assert rotated.open(old_value, aad=AAD) == b"999900006"
    assert key_id_of(rotated.seal(b"x", aad=AAD)) == rotated.active_kid
    assert rotated.blind_index_key == keyring.blind_index_key


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "keys" / keyrings.KEYRING_FILE
    first, second = keyrings.generate(), keyrings.generate()
    assert keyrings.create(first, path)
    assert not keyrings.create(second, path)
    assert keyrings.load(path).active_kid == first.active_kid
    assert [p.name for p in path.parent.iterdir()] == [keyrings.KEYRING_FILE]


def test_development_generates_a_missing_keyring_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, dev_keys=True)
    first = keyrings.load_for(settings)
    assert keyrings.keyring_path(settings).exists()
    assert keyrings.load_for(settings).active_kid == first.active_kid


def test_development_without_dev_keys_refuses_to_generate(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, dev_keys=False)
    with pytest.raises(KeyringError, match="ontbreekt"):
        keyrings.load_for(settings)
    assert not keyrings.keyring_path(settings).exists()


def test_production_fails_clearly_when_the_keyring_is_missing(tmp_path: Path) -> None:
    settings = Settings(
        environment=Environment.PRODUCTION,
        data_dir=tmp_path,
        database_url="postgresql+psycopg://loonbrug@db/loonbrug",
        dev_keys=False,
        dev_issuer=False,
    )
    with pytest.raises(KeyringError, match="in productie worden sleutels nooit zelf gemaakt"):
        keyrings.load_for(settings)
    assert not os.path.exists(keyrings.keyring_path(settings))
