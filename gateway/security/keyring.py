"""The keyring: field-encryption keys (one active, older ones still decrypt), the blind-index keys and
the content-digest keys, kept in one JSON file (mode 0600) in the key folder.

The blind-index and digest keys rotate like the field keys: each has a key id, the id is stored beside
every index and digest, one key is active (new values) and the older ones stay readable until
`loonbrug keys reindex` has moved every row to the active key. A blind-index key is a master key: each
municipality indexes under its own key derived from it (gateway.security.blind_index.tenant_key), and so
does each agency for the BSNs of its enrolments (blind_index.agency_key).

A keyring of file format 1 had one index key used for every municipality alike; rows indexed under it
carry the key id `LEGACY_INDEX_KID` until they are re-indexed, and the keyring keeps that key readable.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gateway.security import blind_index, field_crypto
from gateway.settings import Environment, Settings

KEYRING_FILE = "keyring.json"
FILE_FORMAT = "loonbrug-keyring/2"
_FORMAT_1 = "loonbrug-keyring/1"

LEGACY_INDEX_KID = "global"
"""Key id of an index made under the one installation-wide key of keyring format 1 (not per municipality)."""

_FORMAT_1_INDEX_KID = "i0"
_FORMAT_1_DIGEST_KID = "d0"


class KeyringError(Exception):
    """The keyring is missing, unreadable or inconsistent; the message names the file, never a key."""


def _new_kid(now: dt.datetime, prefix: str = "f") -> str:
    return f"{prefix}{now:%Y%m%d}-{secrets.token_hex(3)}"


def _new_key() -> bytes:
    return secrets.token_bytes(field_crypto.KEY_BYTES)


def _check_keys(keys: Mapping[str, bytes], active: str, what: str) -> Mapping[str, bytes]:
    if active not in keys:
        raise KeyringError(f"the active {what} key id is not among the {what} keys")
    for kid, key in keys.items():
        if len(key) < 32 or not field_crypto.KID_PATTERN.match(kid) or kid == LEGACY_INDEX_KID:
            raise KeyringError(f"a {what} key has a bad id or is shorter than 256 bits")
    return MappingProxyType(dict(keys))


@dataclass(frozen=True, repr=False)
class Keyring:
    """All symmetric keys of one installation."""

    field_keys: Mapping[str, bytes]
    active_kid: str
    index_keys: Mapping[str, bytes]
    active_index_kid: str
    digest_keys: Mapping[str, bytes]
    active_digest_kid: str
    legacy_index_kid: str | None = None
    created: Mapping[str, str] = field(default_factory=dict)
    _ciphers: Mapping[str, AESGCM] = field(init=False, compare=False)
    _tenant_keys: dict[tuple[str, str], bytes] = field(init=False, compare=False)
    _agency_keys: dict[tuple[str, str], bytes] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if self.active_kid not in self.field_keys:
            raise KeyringError("the active key id is not among the field keys")
        for kid, key in self.field_keys.items():
            if len(key) != field_crypto.KEY_BYTES or not field_crypto.KID_PATTERN.match(kid):
                raise KeyringError("a field key has a bad id or is not 256 bits")
        object.__setattr__(self, "index_keys", _check_keys(self.index_keys, self.active_index_kid, "index"))
        object.__setattr__(
            self, "digest_keys", _check_keys(self.digest_keys, self.active_digest_kid, "digest")
        )
        if self.legacy_index_kid is not None and self.legacy_index_kid not in self.index_keys:
            raise KeyringError("the format-1 index key is not among the index keys")
        object.__setattr__(self, "field_keys", MappingProxyType(dict(self.field_keys)))
        ciphers = {kid: field_crypto.cipher(key) for kid, key in self.field_keys.items()}
        object.__setattr__(self, "_ciphers", MappingProxyType(ciphers))
        object.__setattr__(self, "_tenant_keys", {})
        object.__setattr__(self, "_agency_keys", {})

    def __repr__(self) -> str:
        return (
            f"Keyring(active_kid={self.active_kid!r}, kids={sorted(self.field_keys)!r},"
            f" index_kid={self.active_index_kid!r}, digest_kid={self.active_digest_kid!r})"
        )

    def seal(self, plaintext: bytes, *, aad: bytes) -> str:
        """Encrypt with the active key."""
        return field_crypto.seal_with(
            cipher=self._ciphers[self.active_kid], kid=self.active_kid, plaintext=plaintext, aad=aad
        )

    def seal_many(self, items: Sequence[tuple[bytes, bytes]]) -> list[str]:
        """Encrypt each (plaintext, associated data) with the active key, in one call."""
        return field_crypto.seal_many_with(
            cipher=self._ciphers[self.active_kid], kid=self.active_kid, items=items
        )

    def open(self, sealed: str, *, aad: bytes) -> bytes:
        """Decrypt with whichever key the value names."""
        return field_crypto.open_with(ciphers=self._ciphers, sealed=sealed, aad=aad)

    @property
    def blind_index_key(self) -> bytes:
        """The active blind-index master key (never used directly: see `index_key`)."""
        return self.index_keys[self.active_index_kid]

    @property
    def digest_key(self) -> bytes:
        """The active content-digest key."""
        return self.digest_keys[self.active_digest_kid]

    @property
    def index_kids(self) -> tuple[str, ...]:
        """Every index key id a stored index may carry: the active one first, then older ones."""
        older = [kid for kid in self.index_keys if kid != self.active_index_kid]
        legacy = [LEGACY_INDEX_KID] if self.legacy_index_kid is not None else []
        return (self.active_index_kid, *older, *legacy)

    def index_key(self, kid: str, municipality_id: str) -> bytes:
        """The HMAC key of municipality `municipality_id` under index key `kid` (KeyError when unknown)."""
        if kid == LEGACY_INDEX_KID:
            if self.legacy_index_kid is None:
                raise KeyError(kid)
            return self.index_keys[self.legacy_index_kid]
        cached = self._tenant_keys.get((kid, municipality_id))
        if cached is None:
            cached = blind_index.tenant_key(master=self.index_keys[kid], municipality_id=municipality_id)
            self._tenant_keys[(kid, municipality_id)] = cached
        return cached

    def bsn_index(self, bsn: str, *, municipality_id: str, kid: str | None = None) -> str:
        """The blind index of a BSN in one municipality, under the active index key or under `kid`."""
        key = self.index_key(kid or self.active_index_kid, municipality_id)
        return blind_index.bsn_index(key=key, bsn=bsn)

    def bsn_indexes(self, bsn: str, *, municipality_id: str) -> dict[str, str]:
        """Per readable index key id, the blind index of a BSN in one municipality (reads during rotation)."""
        return {kid: self.bsn_index(bsn, municipality_id=municipality_id, kid=kid) for kid in self.index_kids}

    @property
    def enrollment_index_kids(self) -> tuple[str, ...]:
        """Every index key id an enrolment's index may carry: the active one first (enrolment indexes were
        never made under keyring format 1's installation-wide key)."""
        return tuple(kid for kid in self.index_kids if kid != LEGACY_INDEX_KID)

    def agency_index_key(self, kid: str, agency_id: str) -> bytes:
        """The HMAC key of agency `agency_id`'s enrolments under index key `kid` (KeyError when unknown)."""
        cached = self._agency_keys.get((kid, agency_id))
        if cached is None:
            cached = blind_index.agency_key(master=self.index_keys[kid], agency_id=agency_id)
            self._agency_keys[(kid, agency_id)] = cached
        return cached

    def enrollment_index(self, bsn: str, *, agency_id: str, kid: str | None = None) -> str:
        """The blind index of a BSN in one agency's enrolments, under the active index key or under `kid`."""
        key = self.agency_index_key(kid or self.active_index_kid, agency_id)
        return blind_index.bsn_index(key=key, bsn=bsn)

    def content_digest(self, document: Mapping[str, Any], *, kid: str | None = None) -> str:
        """The keyed digest of a document under the active digest key or under `kid` (duplicates and
        changes found without the amounts)."""
        key = self.digest_key if kid is None else self.digest_keys[kid]
        return blind_index.content_digest(key=key, document=document)

    def digest(self, data: bytes, *, kid: str | None = None) -> str:
        """The keyed digest of bytes that are already canonical, under the active key or under `kid`."""
        key = self.digest_key if kid is None else self.digest_keys[kid]
        return blind_index.keyed_digest(key=key, data=data)

    def _with(self, **changes: Any) -> Keyring:
        values: dict[str, Any] = {
            "field_keys": self.field_keys,
            "active_kid": self.active_kid,
            "index_keys": self.index_keys,
            "active_index_kid": self.active_index_kid,
            "digest_keys": self.digest_keys,
            "active_digest_kid": self.active_digest_kid,
            "legacy_index_kid": self.legacy_index_kid,
            "created": self.created,
        }
        values.update(changes)
        return Keyring(**values)

    def rotated(self, *, now: dt.datetime | None = None) -> Keyring:
        """A copy with one new field key that is active; every older key stays for decryption."""
        moment = now or dt.datetime.now(dt.UTC)
        kid = _new_kid(moment)
        while kid in self.field_keys:
            kid = _new_kid(moment)
        return self._with(
            field_keys={**self.field_keys, kid: _new_key()},
            active_kid=kid,
            created={**self.created, kid: moment.isoformat(timespec="seconds")},
        )

    def rotated_index(self, *, now: dt.datetime | None = None) -> Keyring:
        """A copy with a new active blind-index key; older ones stay readable until `retired_index`."""
        moment = now or dt.datetime.now(dt.UTC)
        kid = _new_kid(moment, "i")
        return self._with(
            index_keys={**self.index_keys, kid: _new_key()},
            active_index_kid=kid,
            created={**self.created, kid: moment.isoformat(timespec="seconds")},
        )

    def rotated_digest(self, *, now: dt.datetime | None = None) -> Keyring:
        """A copy with a new active digest key; older ones stay readable until `retired_digest`."""
        moment = now or dt.datetime.now(dt.UTC)
        kid = _new_kid(moment, "d")
        return self._with(
            digest_keys={**self.digest_keys, kid: _new_key()},
            active_digest_kid=kid,
            created={**self.created, kid: moment.isoformat(timespec="seconds")},
        )

    def retired(self) -> Keyring:
        """A copy keeping only the active index and digest keys (after every row was re-indexed)."""
        return self._with(
            index_keys={self.active_index_kid: self.blind_index_key},
            digest_keys={self.active_digest_kid: self.digest_key},
            legacy_index_kid=None,
        )


def generate(*, now: dt.datetime | None = None) -> Keyring:
    """A new keyring with one active field key, a blind-index key and a digest key."""
    moment = now or dt.datetime.now(dt.UTC)
    kid, index_kid, digest_kid = _new_kid(moment), _new_kid(moment, "i"), _new_kid(moment, "d")
    stamp = moment.isoformat(timespec="seconds")
    return Keyring(
        field_keys={kid: _new_key()},
        active_kid=kid,
        index_keys={index_kid: _new_key()},
        active_index_kid=index_kid,
        digest_keys={digest_kid: _new_key()},
        active_digest_kid=digest_kid,
        created={kid: stamp, index_kid: stamp, digest_kid: stamp},
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise KeyringError("key material must be base64 text")
    return base64.b64decode(text, validate=True)


def _entries(keys: Mapping[str, bytes], created: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"kid": kid, "created_at": created.get(kid), "key": _b64(key)} for kid, key in keys.items()]


def to_json(keyring: Keyring) -> str:
    """The keyring file content (format 2)."""
    return json.dumps(
        {
            "format": FILE_FORMAT,
            "active_field_key": keyring.active_kid,
            "field_keys": _entries(keyring.field_keys, keyring.created),
            "active_index_key": keyring.active_index_kid,
            "index_keys": _entries(keyring.index_keys, keyring.created),
            "format1_index_key": keyring.legacy_index_kid,
            "active_digest_key": keyring.active_digest_kid,
            "digest_keys": _entries(keyring.digest_keys, keyring.created),
        },
        indent=2,
    )


def _keys(entries: Any) -> dict[str, bytes]:
    return {entry["kid"]: _unb64(entry["key"]) for entry in entries}


def _created(*lists: Any) -> dict[str, str]:
    return {
        entry["kid"]: entry["created_at"] for entries in lists for entry in entries if entry.get("created_at")
    }


def from_json(text: str) -> Keyring:
    """Read the keyring file content (format 2, or format 1 with its one index and one digest key)."""
    try:
        data = json.loads(text)
        entries = data["field_keys"]
        if data.get("format") == _FORMAT_1:
            # Format 1's index key made installation-wide indexes; it becomes the first master key.
            return Keyring(
                field_keys=_keys(entries),
                active_kid=data["active_field_key"],
                index_keys={_FORMAT_1_INDEX_KID: _unb64(data["blind_index_key"])},
                active_index_kid=_FORMAT_1_INDEX_KID,
                digest_keys={_FORMAT_1_DIGEST_KID: _unb64(data["digest_key"])},
                active_digest_kid=_FORMAT_1_DIGEST_KID,
                legacy_index_kid=_FORMAT_1_INDEX_KID,
                created=_created(entries),
            )
        if data.get("format") != FILE_FORMAT:
            raise KeyringError(f"unknown keyring format; expected {FILE_FORMAT}")
        return Keyring(
            field_keys=_keys(entries),
            active_kid=data["active_field_key"],
            index_keys=_keys(data["index_keys"]),
            active_index_kid=data["active_index_key"],
            digest_keys=_keys(data["digest_keys"]),
            active_digest_kid=data["active_digest_key"],
            legacy_index_kid=data.get("format1_index_key"),
            created=_created(entries, data["index_keys"], data["digest_keys"]),
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
