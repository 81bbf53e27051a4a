"""Keyed HMAC-SHA256 lookups: the BSN blind index and the content digest of pay records.

Both use keys of their own, separate from the field-encryption keys, so that a leaked index key reveals
nothing about encrypted values and vice versa. Without the key an index value cannot be tested against
the one billion possible BSNs.

The BSN index is keyed per municipality: each tenant's key is derived from the installation's index key
with HKDF, so the same BSN has unrelated indexes in two municipalities and one municipality's index
values say nothing about whether a person is known in another.

An enrolment (agency and worker) carries a second index of the worker's BSN, under a key derived per
agency the same way (another HKDF salt, so it never equals a municipality's key): a push looks its
records' BSNs up with one HMAC each under its own agency's key, however many municipalities the agency
serves, and an agency's index values say nothing about another agency's or a municipality's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import orjson
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_BSN_SEPARATORS = str.maketrans("", "", " .-\t")


def normalise_bsn(value: str) -> str:
    """The nine-digit form of a BSN: separators removed, an eight-digit BSN padded with its leading zero."""
    digits = value.translate(_BSN_SEPARATORS)
    if len(digits) == 8 and digits.isdigit():
        # Older systems drop the leading zero of BSNs below 100000000.
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit():
        # The value is not echoed: a BSN never goes into an error message.
        raise ValueError("a BSN has nine digits")
    return digits


_TENANT_SALT = b"loonbrug/bsn-index"


def tenant_key(*, master: bytes, municipality_id: str) -> bytes:
    """The blind-index key of one municipality, derived from the installation's index key (HKDF-SHA256)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_TENANT_SALT, info=municipality_id.encode())
    return hkdf.derive(master)


_AGENCY_SALT = b"loonbrug/bsn-index/agency"


def agency_key(*, master: bytes, agency_id: str) -> bytes:
    """The blind-index key of one agency's enrolments, derived from the installation's index key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_AGENCY_SALT, info=agency_id.encode())
    return hkdf.derive(master)


def bsn_index(*, key: bytes, bsn: str) -> str:
    """The blind index of a BSN: hex HMAC-SHA256 over its normalised form."""
    return hmac.new(key, b"bsn\x1f" + normalise_bsn(bsn).encode(), hashlib.sha256).hexdigest()


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in canonical JSON")


def canonical_json(document: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8; Decimals as plain text ("12.50"), dates in ISO 8601."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    ).encode()


_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def canonical_json_without_floats(document: Mapping[str, Any]) -> bytes:
    """The bytes `canonical_json` gives, for a document that holds no float, written by orjson in C
    (about ten times faster): what a recompute digests and stores for every week and month, an API
    model dumped in JSON mode, whose amounts are text.

    Floats are the one difference: orjson writes `1e16` where the json module writes `1e+16`. Dates
    go through the same `isoformat` as in `canonical_json` (passed through to the default).
    """
    return orjson.dumps(document, option=_ORJSON_OPTIONS, default=_json_default)


def keyed_digest(*, key: bytes, data: bytes) -> str:
    """Keyed HMAC-SHA256 of canonical bytes, as hex."""
    return hmac.new(key, b"content\x1f" + data, hashlib.sha256).hexdigest()


def content_digest(*, key: bytes, document: Mapping[str, Any]) -> str:
    """Keyed HMAC-SHA256 of a document's canonical JSON: equal documents give equal digests."""
    return keyed_digest(key=key, data=canonical_json(document))
