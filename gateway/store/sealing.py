"""Reading and writing the encrypted columns of model rows, so callers never build associated data.

Every sealed value is bound to its table, column and row id (gateway.security.field_crypto). Rows get
their id here if they have none yet, because the id must be known before the value is encrypted.
JSON documents are stored in canonical form: Decimals as text ("12.50"), dates in ISO 8601; reading
gives those back as strings, to be parsed by the caller's pydantic model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table

from gateway.security.blind_index import canonical_json
from gateway.security.field_crypto import associated_data
from gateway.security.keyring import Keyring
from gateway.store.base import Base, new_id


class Sealer:
    """Encrypts and decrypts column values with a keyring."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    def __repr__(self) -> str:
        return f"Sealer({self.keyring!r})"

    def seal_bytes(self, *, table: str, column: str, row_id: str, plaintext: bytes) -> str:
        """Encrypt `plaintext` for the given place (for bulk inserts that build rows as dictionaries)."""
        return self.keyring.seal(plaintext, aad=_aad(table, column, row_id))

    def seal_many(self, *, table: str, column: str, values: Sequence[tuple[str, bytes]]) -> list[str]:
        """`seal_bytes` of each (row id, plaintext) in one column, in order, in one call (for the thousand
        values of a pushed batch): each its own nonce and associated data, the same sealed text."""
        # The associated data ends with the row id (field_crypto.associated_data): the rest is common.
        prefix = _aad(table, column, "")
        return self.keyring.seal_many([(plaintext, prefix + row_id.encode()) for row_id, plaintext in values])

    def seal_text(self, *, table: str, column: str, row_id: str, value: str) -> str:
        """Encrypt text for the given place."""
        return self.seal_bytes(table=table, column=column, row_id=row_id, plaintext=value.encode())

    def open_text(self, *, table: str, column: str, row_id: str, sealed: str) -> str:
        """Decrypt a value read from the given place."""
        return self.keyring.open(sealed, aad=_aad(table, column, row_id)).decode()

    def seal_json(self, *, table: str, column: str, row_id: str, document: Any) -> str:
        """Encrypt a JSON document for the given place."""
        return self.seal_text(table=table, column=column, row_id=row_id, value=_dump(document))

    def open_json(self, *, table: str, column: str, row_id: str, sealed: str) -> Any:
        """Decrypt a JSON document read from the given place."""
        return json.loads(self.open_text(table=table, column=column, row_id=row_id, sealed=sealed))

    def put_text(self, row: Base, column: str, value: str) -> None:
        """Encrypt `value` into `row.<column>`, giving the row its id first if needed."""
        table, row_id = _place(row, column)
        setattr(row, column, self.seal_text(table=table, column=column, row_id=row_id, value=value))

    def get_text(self, row: Base, column: str) -> str:
        """Decrypt `row.<column>`."""
        table, row_id = _place(row, column)
        return self.open_text(table=table, column=column, row_id=row_id, sealed=getattr(row, column))

    def put_json(self, row: Base, column: str, document: Any) -> None:
        """Encrypt a JSON document into `row.<column>`."""
        self.put_text(row, column, _dump(document))

    def get_json(self, row: Base, column: str) -> Any:
        """Decrypt the JSON document in `row.<column>`."""
        return json.loads(self.get_text(row, column))


def _aad(table: str, column: str, row_id: str) -> bytes:
    return associated_data(table=table, column=column, row_id=row_id)


def _dump(document: Any) -> str:
    return canonical_json(document).decode()


def _place(row: Base, column: str) -> tuple[str, str]:
    table = cast(Table, row.__table__)
    if column not in table.c or not table.c[column].info.get("encrypted"):
        raise ValueError(f"{table.name}.{column} is not an encrypted column")
    row_id = getattr(row, "id", None)
    if row_id is None:
        row_id = new_id()
        setattr(row, "id", row_id)  # noqa: B010 - every model has `id`, but Base does not declare it
    return table.name, str(row_id)
