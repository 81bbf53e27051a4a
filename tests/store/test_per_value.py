"""`per_value.matching`: a batch's lookups stay one index probe per value on PostgreSQL even when the
planner's statistics say the table is empty (autovacuum off, a table filled since its last ANALYZE)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from gateway.store import per_value

_PROBE = Table(
    "per_value_probe",
    MetaData(),
    Column("id", String, primary_key=True),
    Column("owner", String),
    Column("month", String),
    Column("version", Integer),
    Column("payload", String),
    Index(None, "owner", "month", "version"),
    prefixes=["TEMPORARY"],
)


def _plan_nodes(plan: dict[str, object]) -> list[dict[str, object]]:
    nodes = [plan]
    for child in plan.get("Plans", []):  # type: ignore[union-attr]
        nodes.extend(_plan_nodes(child))
    return nodes


def test_a_batch_lookup_probes_the_index_on_a_table_its_statistics_call_empty(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the planner's choice is PostgreSQL's; SQLite gets IN lists")
    _PROBE.create(session.connection())
    session.execute(text("ANALYZE per_value_probe"))  # statistics of an empty table
    session.execute(
        text(
            "INSERT INTO per_value_probe SELECT g::text, (g % 5000)::text, (g % 3)::text, g / 15000,"
            " repeat('x', 200) FROM generate_series(1, 50000) AS g"
        )
    )
    wanted = [str(owner) for owner in range(0, 5000, 50)]  # a batch: a hundred values
    # The newest version of each month, as a recompute reads its batch's stored months: written as a join
    # with the grouped maxima and an IN list, this was planned as two sequential scans of the table.
    newest = select(_PROBE).ext(distinct_on(_PROBE.c.month)).order_by(_PROBE.c.month, _PROBE.c.version.desc())
    [statement] = per_value.matching(session, newest, _PROBE.c.owner, wanted)

    rows = session.execute(statement).all()
    compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    [[explained]] = session.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).all()
    plan = (explained if isinstance(explained, list) else json.loads(explained))[0]["Plan"]

    assert sorted({row.owner for row in rows}) == sorted(wanted)
    assert len(rows) == 300  # three months of each
    scans = [node for node in _plan_nodes(plan) if node.get("Relation Name") == "per_value_probe"]
    assert scans
    assert [node["Node Type"] for node in scans if node["Node Type"] == "Seq Scan"] == []
