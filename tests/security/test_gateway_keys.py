"""The gateway's own keys: generated only in development, rotated with a grace period, published as JWKS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gateway.security.gateway_keys import GatewayKeyError, GatewayKeys, KeyPurpose
from gateway.settings import Settings

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A key folder generated once (an RSA 3072 key takes a moment)."""
    folder = tmp_path_factory.mktemp("template") / "gateway"
    GatewayKeys(folder, generate=True, clock=lambda: START).jwks()
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    """A private copy of the template keys."""
    copy = tmp_path / "gateway"
    copy.mkdir(mode=0o700)
    for path in template.iterdir():
        target = copy / path.name
        target.write_bytes(path.read_bytes())
        target.chmod(0o600)
    return copy


def test_keys_are_generated_in_development_only(tmp_path: Path) -> None:
    with pytest.raises(GatewayKeyError, match="ontbreken"):
        GatewayKeys(tmp_path / "leeg", generate=False).jwks()
    production = Settings(
        environment="production",
        dev_keys=False,
        dev_issuer=False,
        database_url="postgresql://x/y",
        key_dir=tmp_path,
    )
    with pytest.raises(GatewayKeyError):
        GatewayKeys.from_settings(production).jwks()


def test_a_fresh_folder_has_one_signing_and_one_encryption_key(folder: Path) -> None:
    keys = GatewayKeys(folder)

    jwks = keys.jwks()["keys"]

    assert sorted((k["kty"], k["use"], k["alg"]) for k in jwks) == [
        ("EC", "sig", "ES256"),
        ("RSA", "enc", "RSA-OAEP-256"),
    ]
    assert all("d" not in k for k in jwks)
    rsa = next(k for k in jwks if k["kty"] == "RSA")
    assert len(__import__("base64").urlsafe_b64decode(rsa["n"] + "==")) * 8 == 3072
    assert all(oct(p.stat().st_mode)[-3:] == "600" for p in folder.iterdir())


def test_rotation_keeps_the_old_key_usable_during_the_grace_period(folder: Path) -> None:
    clock = Clock()
    keys = GatewayKeys(folder, clock=clock, grace=dt.timedelta(days=2))
    old = keys.active(KeyPurpose.SIGNING)

    clock.now = START + dt.timedelta(hours=1)
    new = keys.rotate(KeyPurpose.SIGNING)

    assert keys.active(KeyPurpose.SIGNING).kid == new.kid != old.kid
    assert keys.find(KeyPurpose.SIGNING, old.kid) is not None
    assert {k["kid"] for k in keys.jwks()["keys"]} >= {old.kid, new.kid}
    clock.now = START + dt.timedelta(days=2, hours=2)
    assert keys.find(KeyPurpose.SIGNING, old.kid) is None
    assert old.kid not in {k["kid"] for k in keys.jwks()["keys"]}


def test_another_process_sees_a_rotation(folder: Path) -> None:
    reader = GatewayKeys(folder)
    before = reader.active(KeyPurpose.ENCRYPTION).kid

    rotated = GatewayKeys(folder).rotate(KeyPurpose.ENCRYPTION)

    assert reader.active(KeyPurpose.ENCRYPTION).kid == rotated.kid != before
    assert reader.find(KeyPurpose.ENCRYPTION, before) is not None


def test_a_key_file_readable_by_others_is_refused(folder: Path) -> None:
    next(folder.iterdir()).chmod(0o644)

    with pytest.raises(GatewayKeyError, match="0600"):
        GatewayKeys(folder).jwks()


def test_a_key_never_shows_in_a_repr(folder: Path) -> None:
    key = GatewayKeys(folder).active(KeyPurpose.SIGNING)

    assert str(key.key.as_dict(private=True)["d"]) not in repr(key)
