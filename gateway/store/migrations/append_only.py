"""Triggers that make a table append-only on PostgreSQL and SQLite, for use inside migrations.

The only way through is the transaction-local maintenance mode described in gateway.store.maintenance:
`reencrypt` lets an UPDATE change the encrypted columns and nothing else, `purge` lets DELETE (and on
PostgreSQL TRUNCATE) through. Everything here takes its column lists as arguments, so a later migration
that adds a column to a protected table calls `unprotect` and `protect` again with the new list
(on SQLite a batch table rebuild also drops the triggers, so it must re-create them the same way).

`keep_rows` is the lighter guard for a table whose rows change but are never deleted (the workers and
agencies that the pay ledger names without foreign keys): DELETE and TRUNCATE only in `purge` mode.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

PG_FUNCTION = """
CREATE FUNCTION loonbrug_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mode text := coalesce(current_setting('loonbrug.maintenance', true), '');
BEGIN
    IF TG_OP = 'UPDATE' AND mode = 'reencrypt' THEN
        -- TG_ARGV names the encrypted columns; every other column must be unchanged.
        IF (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
            RETURN NEW;
        END IF;
    ELSIF TG_OP = 'DELETE' AND mode = 'purge' THEN
        RETURN OLD;
    ELSIF TG_OP = 'TRUNCATE' AND mode = 'purge' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'loonbrug: % op % geweigerd: deze tabel is alleen-toevoegen', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


PG_KEPT_FUNCTION = """
CREATE OR REPLACE FUNCTION loonbrug_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('loonbrug.maintenance', true), '') = 'purge' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'loonbrug: % op % geweigerd: rijen van deze tabel worden niet verwijderd',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def _dialect() -> str:
    return op.get_context().dialect.name


def _message(action: str, table: str) -> str:
    return f"loonbrug: {action} op {table} geweigerd: deze tabel is alleen-toevoegen"


def create_function() -> None:
    """Create the shared PostgreSQL trigger function (nothing to do on SQLite)."""
    if _dialect() == "postgresql":
        op.execute(PG_FUNCTION)


def drop_function() -> None:
    """Drop the shared PostgreSQL trigger function."""
    if _dialect() == "postgresql":
        op.execute("DROP FUNCTION loonbrug_append_only()")


def protect(table: str, *, columns: Sequence[str], encrypted: Sequence[str]) -> None:
    """Refuse UPDATE and DELETE on `table`; `columns` are all its columns, `encrypted` the rewritable ones."""
    if _dialect() == "postgresql":
        arguments = ", ".join(f"'{name}'" for name in encrypted)
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION loonbrug_append_only({arguments})"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION loonbrug_append_only()"
        )
        return
    fixed = [name for name in columns if name not in encrypted]
    changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in fixed)
    op.execute(
        f"CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table}"
        f" WHEN loonbrug_maintenance() IS NOT 'reencrypt' OR {changed}"
        f" BEGIN SELECT RAISE(ABORT, '{_message('UPDATE', table)}'); END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}"
        " WHEN loonbrug_maintenance() IS NOT 'purge'"
        f" BEGIN SELECT RAISE(ABORT, '{_message('DELETE', table)}'); END"
    )


def unprotect(table: str) -> None:
    """Drop the triggers `protect` created on `table`."""
    if _dialect() == "postgresql":
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        return
    op.execute(f"DROP TRIGGER {table}_append_only_update")
    op.execute(f"DROP TRIGGER {table}_append_only_delete")


def keep_rows(table: str) -> None:
    """Refuse DELETE (and on PostgreSQL TRUNCATE) on `table` outside the `purge` maintenance mode; UPDATE
    stays allowed. On PostgreSQL the trigger function `loonbrug_kept` is (re)made for each table kept."""
    if _dialect() == "postgresql":
        op.execute(PG_KEPT_FUNCTION)
        op.execute(
            f"CREATE TRIGGER {table}_kept BEFORE DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION loonbrug_kept()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_kept_truncate BEFORE TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION loonbrug_kept()"
        )
        return
    message = f"loonbrug: DELETE op {table} geweigerd: rijen van deze tabel worden niet verwijderd"
    op.execute(
        f"CREATE TRIGGER {table}_kept BEFORE DELETE ON {table}"
        " WHEN loonbrug_maintenance() IS NOT 'purge'"
        f" BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def release_rows(table: str) -> None:
    """Drop the triggers `keep_rows` created on `table` (the PostgreSQL function stays: `drop_kept_function`
    drops it once no table is kept)."""
    if _dialect() == "postgresql":
        op.execute(f"DROP TRIGGER {table}_kept ON {table}")
        op.execute(f"DROP TRIGGER {table}_kept_truncate ON {table}")
        return
    op.execute(f"DROP TRIGGER {table}_kept")


def drop_kept_function() -> None:
    """Drop the PostgreSQL trigger function of `keep_rows`."""
    if _dialect() == "postgresql":
        op.execute("DROP FUNCTION loonbrug_kept()")
