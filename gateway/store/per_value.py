"""Looking up many values at once, each as one index probe, whatever the planner's statistics say.

A batch (a push's thousand BSN indexes or record ids, a recompute's hundred workers) looks rows up by a
set of values. On PostgreSQL such a set is one array parameter, unnested, with the lookup as a LATERAL
subquery per value: that can only be planned as one index probe per value. A plain join with
`unnest(...)` (or `column = ANY(array)` / `IN (...)`) lets the planner choose to read every row and hash
them, which it does whenever its statistics are behind the table (autovacuum off, or a table that grew
since the last ANALYZE), and then each batch costs more the larger the table. SQLite gets plain IN
lists of a thousand (its parameter limit).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, Text, bindparam, cast, func, select, true
from sqlalchemy.orm import Session, aliased

_IN_CHUNK = 1000

AnySelect = Select[*tuple[Any, ...]]


def matching(
    session: Session, statement: AnySelect, column: Any, values: Collection[str], entity: Any = None
) -> Iterator[AnySelect]:
    """`statement` restricted to rows whose `column` is one of `values`, as one or more statements; with
    `entity`, `statement` selects that mapped class and so do the statements made of it."""
    unique = sorted(set(values))
    if not unique:
        return
    if session.get_bind().dialect.name == "postgresql":
        wanted = func.unnest(pg_array(unique)).table_valued("value").render_derived("wanted")
        # OFFSET 0 keeps PostgreSQL from flattening the subquery back into a join it may hash.
        found = statement.where(column == wanted.c.value).offset(0).lateral("found")
        columns = [aliased(entity, found)] if entity is not None else list(found.c)
        yield select(*columns).select_from(wanted).join(found, true())
        return
    for start in range(0, len(unique), _IN_CHUNK):
        yield statement.where(column.in_(unique[start : start + _IN_CHUNK]))


def pg_array(values: list[str]) -> ColumnElement[Any]:
    """A text[] parameter written as one array literal: psycopg adapts a list element by element,
    which costs more than the query itself for a few thousand values."""
    return cast(bindparam(None, array_literal(values), type_=Text()), ARRAY(Text()))


def array_literal(values: Collection[str]) -> str:
    """PostgreSQL's text form of a text[] holding `values`, each quoted and escaped."""
    quoted = ",".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)
    return "{" + quoted + "}"


def pg_matching_named(statement: AnySelect, column: Any, name: str) -> AnySelect:
    """`matching`'s PostgreSQL statement with the array as the named parameter `name` (its value given
    by `array_literal`), so that the statement can be built once and executed with new values."""
    array = cast(bindparam(name, type_=Text()), ARRAY(Text()))
    wanted = func.unnest(array).table_valued("value").render_derived("wanted")
    found = statement.where(column == wanted.c.value).offset(0).lateral("found")
    return select(*found.c).select_from(wanted).join(found, true())
