"""The gateway's own key pairs: ES256 for signing (tokens, receipts), RSA 3072 for receiving (JWE).

Each key is one JSON file in `<key dir>/gateway/` (mode 0600) holding the private JWK, its purpose, when
it was created and, once a newer key took over, when it was retired. The newest unretired key of a
purpose is active; a retired key still verifies and decrypts during the grace period, so clients that
fetched the JWKS before a rotation keep working (DESIGN §5). The JWKS lists the public halves of the
active and the still-graced keys.

Keys are generated on first use only with `dev_keys` in development; otherwise missing keys are an error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, Key, KeySet, RSAKey

from gateway.settings import Environment, Settings

RSA_BITS = 3072
DEFAULT_GRACE = dt.timedelta(days=2)
FILE_FORMAT = "loonbrug-gateway-key/1"


class KeyPurpose(StrEnum):
    """What a gateway key is for."""

    SIGNING = "sig"
    ENCRYPTION = "enc"


class GatewayKeyError(Exception):
    """Gateway keys are missing or unreadable; the message names the folder, never key material."""


@dataclass(frozen=True, repr=False)
class GatewayKey:
    """One private key with its life cycle."""

    key: Key
    purpose: KeyPurpose
    created_at: dt.datetime
    retired_at: dt.datetime | None = None

    @property
    def kid(self) -> str:
        """The key id (the RFC 7638 thumbprint)."""
        return str(self.key.kid)

    def __repr__(self) -> str:
        return f"GatewayKey(kid={self.kid!r}, purpose={self.purpose.value!r})"

    def usable_at(self, moment: dt.datetime, grace: dt.timedelta) -> bool:
        """Active, or retired less than `grace` ago."""
        return self.retired_at is None or moment < self.retired_at + grace


def _generate(purpose: KeyPurpose, now: dt.datetime) -> GatewayKey:
    if purpose is KeyPurpose.SIGNING:
        key: Key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": "ES256"}, auto_kid=True)
    else:
        key = RSAKey.generate_key(RSA_BITS, parameters={"use": "enc", "alg": "RSA-OAEP-256"}, auto_kid=True)
    return GatewayKey(key=key, purpose=purpose, created_at=now)


class GatewayKeys:
    """The gateway's key pairs as kept in the key folder; safe to share between threads."""

    def __init__(
        self,
        folder: Path,
        *,
        generate: bool = False,
        grace: dt.timedelta = DEFAULT_GRACE,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.folder = folder
        self.grace = grace
        self._generate = generate
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: list[GatewayKey] = []
        self._loaded_stamp: tuple[int, int] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> GatewayKeys:
        """The gateway keys of this installation (generated only with dev_keys in development)."""
        generate = settings.dev_keys and settings.environment is Environment.DEVELOPMENT
        return cls(settings.resolved_gateway_key_dir, generate=generate)

    def active(self, purpose: KeyPurpose) -> GatewayKey:
        """The key that signs or that clients encrypt to now."""
        keys = [k for k in self._current() if k.purpose is purpose and k.retired_at is None]
        if not keys:
            raise GatewayKeyError(f"geen actieve gatewaysleutel ({purpose.value}) in {self.folder}")
        return max(keys, key=lambda k: k.created_at)

    @property
    def signing_key(self) -> Key:
        """The active ES256 signing key."""
        return self.active(KeyPurpose.SIGNING).key

    @property
    def encryption_key(self) -> Key:
        """The active RSA key clients encrypt to."""
        return self.active(KeyPurpose.ENCRYPTION).key

    def usable(self, purpose: KeyPurpose) -> list[GatewayKey]:
        """The active key and the retired ones still in their grace period."""
        now = self._clock()
        return [k for k in self._current() if k.purpose is purpose and k.usable_at(now, self.grace)]

    def find(self, purpose: KeyPurpose, kid: Any) -> Key | None:
        """The usable key of `purpose` with id `kid`, or None."""
        for stored in self.usable(purpose):
            if stored.kid == kid:
                return stored.key
        return None

    def verification_keys(self) -> KeySet:
        """The public signing keys a receipt or token may have been signed with."""
        return KeySet([_public(k.key) for k in self.usable(KeyPurpose.SIGNING)])

    def jwks(self) -> dict[str, Any]:
        """The public JWK Set: usable signing and encryption keys, newest first."""
        keys = sorted(
            self.usable(KeyPurpose.SIGNING) + self.usable(KeyPurpose.ENCRYPTION),
            key=lambda k: (k.purpose.value, -k.created_at.timestamp()),
        )
        return {"keys": [dict(k.key.as_dict(private=False)) for k in keys]}

    def rotate(self, purpose: KeyPurpose) -> GatewayKey:
        """Make a new active key of `purpose`; the previous one is retired and usable for the grace period."""
        with self._lock:
            self._ensure_loaded()
            now = self._clock()
            new = _generate(purpose, now)
            for old in [k for k in self._keys if k.purpose is purpose and k.retired_at is None]:
                self._write(GatewayKey(old.key, old.purpose, old.created_at, retired_at=now), replace=True)
            self._write(new, replace=False)
            self._loaded_stamp = None
        return new

    def _current(self) -> list[GatewayKey]:
        with self._lock:
            self._ensure_loaded()
            return list(self._keys)

    def _ensure_loaded(self) -> None:
        # Another process (a rotation by the CLI, another replica) may change the folder: reload when it
        # changed. Writing a key file changes the folder's modification time.
        stamp = _stamp(self.folder)
        if stamp is not None and stamp == self._loaded_stamp:
            return
        keys = _read_folder(self.folder) if stamp is not None else []
        missing = [p for p in KeyPurpose if not any(k.purpose is p and k.retired_at is None for k in keys)]
        if missing:
            if not self._generate:
                raise GatewayKeyError(
                    f"gatewaysleutels ontbreken in {self.folder}; zet ze klaar (in ontwikkeling maakt"
                    " LOONBRUG_DEV_KEYS=true ze zelf)"
                )
            for purpose in missing:
                self._write(_generate(purpose, self._clock()), replace=False)
            keys = _read_folder(self.folder)
            stamp = _stamp(self.folder)
        self._keys = keys
        self._loaded_stamp = stamp

    def _write(self, stored: GatewayKey, *, replace: bool) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        document = {
            "format": FILE_FORMAT,
            "purpose": stored.purpose.value,
            "createdAt": stored.created_at.isoformat(),
            "retiredAt": stored.retired_at.isoformat() if stored.retired_at else None,
            "jwk": stored.key.as_dict(private=True),
        }
        path = self.folder / f"{stored.purpose.value}-{stored.kid}.json"
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
        if replace:
            os.replace(temporary, path)
            return
        # Two processes generating at once: the first file wins, the other process reads it.
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()


def _public(key: Key) -> Key:
    return type(key).import_key(key.as_dict(private=False))


def _stamp(folder: Path) -> tuple[int, int] | None:
    try:
        info = folder.stat()
    except FileNotFoundError:
        return None
    return (info.st_mtime_ns, info.st_ino)


def _read_folder(folder: Path) -> list[GatewayKey]:
    keys = []
    for path in sorted(folder.glob("*.json")):
        if path.stat().st_mode & (stat.S_IRWXO):
            raise GatewayKeyError(
                f"sleutelbestand {path} is toegankelijk voor anderen; zet de rechten op 0600"
            )
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("format") != FILE_FORMAT:
                raise GatewayKeyError(f"onbekend formaat in {path}")
            jwk = document["jwk"]
            key: Key = ECKey.import_key(jwk) if jwk["kty"] == "EC" else RSAKey.import_key(jwk)
            retired = document.get("retiredAt")
            keys.append(
                GatewayKey(
                    key=key,
                    purpose=KeyPurpose(document["purpose"]),
                    created_at=dt.datetime.fromisoformat(document["createdAt"]),
                    retired_at=dt.datetime.fromisoformat(retired) if retired else None,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GatewayKeyError(f"sleutelbestand {path} is onleesbaar ({type(exc).__name__})") from None
    return keys
