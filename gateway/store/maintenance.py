"""The one escape from the append-only triggers: a transaction-local maintenance mode.

`pay_record`, `advance` and `audit_event` refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) unless the
current transaction declared a maintenance mode (`agency` and `worker`, whose rows do change, refuse only
DELETE and TRUNCATE):

- `reencrypt`: an UPDATE is allowed when it changes only the table's encrypted columns (used by
  `loonbrug keys reencrypt`); every other column must stay identical.
- `purge`: DELETE and TRUNCATE are allowed (retention of data past its term, and test clean-up).

On PostgreSQL the mode is the setting `loonbrug.maintenance`, set with `set_config(..., true)` so it
ends with the transaction by itself. On SQLite it is per connection, read by the trigger through the
function `loonbrug_maintenance()` that gateway.store.db registers on every connection and that is reset
when the block ends or the connection returns to the pool. A connection without that function (the
sqlite3 shell) cannot change these tables at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.orm import Session

from gateway.store.db import MAINTENANCE_INFO_KEY


class MaintenanceMode(StrEnum):
    """What the append-only triggers let through in this transaction."""

    REENCRYPT = "reencrypt"
    PURGE = "purge"


def _set(session: Session, mode: str) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT set_config('loonbrug.maintenance', :mode, true)"), {"mode": mode})
    else:
        connection.info[MAINTENANCE_INFO_KEY].mode = mode


@contextmanager
def maintenance(session: Session, mode: MaintenanceMode) -> Iterator[None]:
    """Within the block, let the append-only triggers allow `mode` in this session's transaction."""
    _set(session, mode.value)
    try:
        yield
    finally:
        if session.is_active and session.in_transaction():
            _set(session, "")
