"""The keyring: field-encryption keys (one active, older ones still decrypt), the blind-index key and
the content-digest key, kept in one JSON file (mode 0600) in the key folder.

Key material never appears in a repr, a log line or an error message. In production a missing keyring
is an error: keys are provisioned, never generated on the fly.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gateway.security import blind_index, field_crypto
from gateway.settings import Environment, Settings

KEYRING_FILE = "keyring.json"
FILE_FORMAT = "loonbrug-keyring/1"


class KeyringError(Exception):
    """The keyring is missing, unreadable or inconsistent; the message names the file, never a key."""


def _new_kid(now: dt.datetime) -> str:
    return f"f{now:%Y%m%d}-{secrets.token_hex(3)}"


def _new_key() -> bytes:
    return secrets.token_bytes(field_crypto.KEY_BYTES)


@dataclass(frozen=True, repr=False)
class Keyring:
    """All symmetric keys of one installation."""

    field_keys: Mapping[str, bytes]
    active_kid: str
    blind_index_key: bytes
    digest_key: bytes
    created: Mapping[str, str] = field(default_factory=dict)
    _ciphers: Mapping[str, AESGCM] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if self.active_kid not in self.field_keys:
            raise KeyringError("the active key id is not among the field keys")
        for kid, key in self.field_keys.items():
            if len(key) != field_crypto.KEY_BYTES or not field_crypto.KID_PATTERN.match(kid):
                raise KeyringError("a field key has a bad id or is not 256 bits")
        if len(self.blind_index_key) < 32 or len(self.digest_key) < 32:
            raise KeyringError("the blind-index and digest keys must be at least 256 bits")
        object.__setattr__(self, "field_keys", MappingProxyType(dict(self.field_keys)))
        ciphers = {kid: field_crypto.cipher(key) for kid, key in self.field_keys.items()}
        object.__setattr__(self, "_ciphers", MappingProxyType(ciphers))

    def __repr__(self) -> str:
        return f"Keyring(active_kid={self.active_kid!r}, kids={sorted(self.field_keys)!r})"

    def seal(self, plaintext: bytes, *, aad: bytes) -> str:
        """Encrypt with the active key."""
        return field_crypto.seal_with(
            cipher=self._ciphers[self.active_kid], kid=self.active_kid, plaintext=plaintext, aad=aad
        )

    def open(self, sealed: str, *, aad: bytes) -> bytes:
        """Decrypt with whichever key the value names."""
        return field_crypto.open_with(ciphers=self._ciphers, sealed=sealed, aad=aad)

    def bsn_index(self, bsn: str) -> str:
        """The blind index of a BSN under this installation's index key."""
        return blind_index.bsn_index(key=self.blind_index_key, bsn=bsn)

    def content_digest(self, document: Mapping[str, Any]) -> str:
        """The keyed digest of a document (duplicate detection without revealing amounts)."""
        return blind_index.content_digest(key=self.digest_key, document=document)

    def digest(self, data: bytes) -> str:
        """The keyed digest of bytes that are already canonical."""
        return blind_index.keyed_digest(key=self.digest_key, data=data)

    def rotated(self, *, now: dt.datetime | None = None) -> Keyring:
        """A copy with one new field key that is active; every older key stays for decryption."""
        moment = now or dt.datetime.now(dt.UTC)
        kid = _new_kid(moment)
        while kid in self.field_keys:
            kid = _new_kid(moment)
        return Keyring(
            field_keys={**self.field_keys, kid: _new_key()},
            active_kid=kid,
            blind_index_key=self.blind_index_key,
            digest_key=self.digest_key,
            created={**self.created, kid: moment.isoformat(timespec="seconds")},
        )


def generate(*, now: dt.datetime | None = None) -> Keyring:
    """A new keyring with one active field key, a blind-index key and a digest key."""
    moment = now or dt.datetime.now(dt.UTC)
    kid = _new_kid(moment)
    return Keyring(
        field_keys={kid: _new_key()},
        active_kid=kid,
        blind_index_key=_new_key(),
        digest_key=_new_key(),
        created={kid: moment.isoformat(timespec="seconds")},
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise KeyringError("key material must be base64 text")
    return base64.b64decode(text, validate=True)


def to_json(keyring: Keyring) -> str:
    """The keyring file content."""
    return json.dumps(
        {
            "format": FILE_FORMAT,
            "active_field_key": keyring.active_kid,
            "field_keys": [
                {"kid": kid, "created_at": keyring.created.get(kid), "key": _b64(key)}
                for kid, key in keyring.field_keys.items()
            ],
            "blind_index_key": _b64(keyring.blind_index_key),
            "digest_key": _b64(keyring.digest_key),
        },
        indent=2,
    )


def from_json(text: str) -> Keyring:
    """Read the keyring file content."""
    try:
        data = json.loads(text)
        if data.get("format") != FILE_FORMAT:
            raise KeyringError(f"unknown keyring format; expected {FILE_FORMAT}")
        entries = data["field_keys"]
        return Keyring(
            field_keys={entry["kid"]: _unb64(entry["key"]) for entry in entries},
            active_kid=data["active_field_key"],
            blind_index_key=_unb64(data["blind_index_key"]),
            digest_key=_unb64(data["digest_key"]),
            created={entry["kid"]: entry["created_at"] for entry in entries if entry.get("created_at")},
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise KeyringError(f"keyring file is malformed ({type(exc).__name__})") from None


def _write_temporary(keyring: Keyring, path: Path) -> Path:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(to_json(keyring))
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def save(keyring: Keyring, path: Path) -> None:
    """Write the keyring atomically with mode 0600, replacing any file there (the folder 0700 if new)."""
    os.replace(_write_temporary(keyring, path), path)


def create(keyring: Keyring, path: Path) -> bool:
    """Write the keyring only if no file exists yet; tell whether it was written.

    Two processes starting at once must not each keep their own new keys: the loser of the race reads
    the winner's file instead of overwriting it (which would make the winner's data undecryptable).
    """
    temporary = _write_temporary(keyring, path)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink()
    return True


def load(path: Path) -> Keyring:
    """Read a keyring file; refuse one that other users may read or write."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyringError(f"sleutelbestand ontbreekt: {path}") from None
    # Like ssh and PostgreSQL key files: group access may be needed for a mounted secret, world access never.
    if mode & (stat.S_IROTH | stat.S_IWOTH | stat.S_IXOTH):
        raise KeyringError(f"sleutelbestand {path} is leesbaar voor anderen; zet de rechten op 0600")
    return from_json(path.read_text(encoding="utf-8"))


def keyring_path(settings: Settings) -> Path:
    """Where the keyring file of these settings lives."""
    return settings.resolved_key_dir / KEYRING_FILE


def load_for(settings: Settings) -> Keyring:
    """The keyring of this installation.

    In development with `dev_keys` a missing keyring is generated and saved; otherwise (and always in
    production) a missing keyring is an error naming the file and the command that creates one.
    """
    path = keyring_path(settings)
    if path.exists():
        return load(path)
    if settings.dev_keys and settings.environment is Environment.DEVELOPMENT:
        create(generate(), path)
        return load(path)
    raise KeyringError(
        f"sleutelbestand ontbreekt: {path}. Zet het sleutelbestand klaar"
        " (ontwikkeling: `loonbrug keys init`); in productie worden sleutels nooit zelf gemaakt."
    )
