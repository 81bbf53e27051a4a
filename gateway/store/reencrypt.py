"""Re-encrypt every encrypted column value with the keyring's active key (after `keys rotate`).

Works in batches, each its own transaction, so it can be interrupted and started again: values already
under the active key are skipped. Append-only tables are rewritten under the `reencrypt` maintenance
mode, in which their triggers accept an UPDATE that changes encrypted columns only. Restart the
running services after a rotation before re-encrypting, so nothing keeps writing under the old key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, Table, bindparam, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.security.field_crypto import FORMAT_VERSION, FieldCryptoError, associated_data
from gateway.security.keyring import Keyring
from gateway.store.base import Base
from gateway.store.maintenance import MaintenanceMode, maintenance


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the re-encryption of one column has come."""

    table: str
    column: str
    done: int
    total: int


def encrypted_columns() -> list[tuple[Table, Column[str]]]:
    """Every (table, column) marked as encrypted in the models, in a stable order."""
    found: list[tuple[Table, Column[str]]] = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.info.get("encrypted"):
                found.append((table, column))
    return found


def _stale(column: Column[str], keyring: Keyring) -> ColumnElement[bool]:
    prefix = f"{FORMAT_VERSION}.{keyring.active_kid}."
    # substr rather than LIKE: key ids may contain '_', which LIKE reads as a wildcard.
    return column.is_not(None) & (func.substr(column, 1, len(prefix)) != prefix)


def pending(*, session: Session, keyring: Keyring) -> dict[str, int]:
    """Per `table.column`, how many values are not yet under the active key."""
    counts: dict[str, int] = {}
    for table, column in encrypted_columns():
        count = session.scalar(select(func.count()).select_from(table).where(_stale(column, keyring)))
        counts[f"{table.name}.{column.name}"] = int(count or 0)
    return counts


def _reencrypt_column(
    sessions: sessionmaker[Session],
    keyring: Keyring,
    table: Table,
    column: Column[str],
    batch_size: int,
    on_progress: Callable[[Progress], None] | None,
) -> int:
    identifier = table.c.id
    statement = (
        update(table).where(identifier == bindparam("row_id")).values({column.name: bindparam("sealed")})
    )
    with sessions() as session:
        total = int(
            session.scalar(select(func.count()).select_from(table).where(_stale(column, keyring))) or 0
        )
    done, after = 0, ""
    while done < total:
        with sessions.begin() as session, maintenance(session, MaintenanceMode.REENCRYPT):
            rows = session.execute(
                select(identifier, column)
                .where(_stale(column, keyring), identifier > after)
                .order_by(identifier)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            changes = []
            for row_id, sealed in rows:
                aad = associated_data(table=table.name, column=column.name, row_id=row_id)
                try:
                    plaintext = keyring.open(sealed, aad=aad)
                except FieldCryptoError as exc:
                    raise FieldCryptoError(f"{table.name}.{column.name} row {row_id}: {exc}") from None
                changes.append({"row_id": row_id, "sealed": keyring.seal(plaintext, aad=aad)})
            session.connection().execute(statement, changes)
            after = rows[-1][0]
            done += len(rows)
        if on_progress is not None:
            on_progress(Progress(table.name, column.name, done, total))
    return done


def reencrypt_all(
    *,
    sessions: sessionmaker[Session],
    keyring: Keyring,
    batch_size: int = 500,
    on_progress: Callable[[Progress], None] | None = None,
) -> int:
    """Re-encrypt every value not under the active key; return how many were rewritten."""
    return sum(
        _reencrypt_column(sessions, keyring, table, column, batch_size, on_progress)
        for table, column in encrypted_columns()
    )
