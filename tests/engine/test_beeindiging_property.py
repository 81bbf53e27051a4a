"""Property (DESIGN §4.12-4.13): for any pushes, a late correction, approvals and an end of case, no amount
is lost or counted twice. What was paid (advances and back payments, the approved version of a month as
it was paid, then the newer versions) equals what the worker was entitled to (every month's bijstand as
finally recomputed, the reserved holiday allowance included) plus what stays not offset and what the
bufferbudget absorbed, to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.engine.contract import approved_month, month_settlement
from gateway.engine.results import MonthResult
from schemas.figures import ResultKind
from schemas.periods import Month
from tests.engine.factories import case, policy, record, run, weeks

MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
FIRST_MONDAY = dt.date(2026, 1, 5)
cents = st.integers(min_value=0, max_value=60_000).map(lambda c: Decimal(c) / 100)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    nets = draw(st.lists(cents, min_size=14, max_size=17))
    advances = {m: draw(cents.map(lambda a: a * 2)) for m in MONTHS if draw(st.booleans())}
    end = dt.date(2026, 2, 1) + dt.timedelta(days=draw(st.integers(0, 88)))
    corrected_week = draw(st.integers(0, len(nets) - 1))
    absorb = draw(st.none() | cents)
    first_as_of = end - dt.timedelta(days=draw(st.integers(0, 40)))
    return {
        "nets": nets,
        "advances": advances,
        "end": end,
        "corrected_week": corrected_week,
        "corrected_net": draw(cents),
        "absorb": absorb,
        "first_as_of": max(first_as_of, dt.date(2026, 1, 31)),
        "approve_final": draw(st.booleans()),
    }


def _paid(result: MonthResult) -> Decimal:
    return result.to_pay or Decimal(0)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_nothing_is_lost_or_counted_twice(scenario: dict[str, object]) -> None:
    end: dt.date = scenario["end"]  # type: ignore[assignment]
    end_month = Month.of(end)
    final_month = end_month.shift(1)
    uses = []
    if scenario["absorb"] is not None:
        uses = [{"month": str(final_month), "kind": "kwijtschelding", "amount": str(scenario["absorb"])}]
    the_case = case(
        advances={m: str(a) for m, a in scenario["advances"].items()},  # type: ignore[attr-defined]
        end=(end.isoformat(), "werk"),
        buffer_uses=uses,
    )
    the_policy = policy(bufferbudget_from=Month(2026, 1))
    nets = [str(n) for n in scenario["nets"]]  # type: ignore[attr-defined]
    records = weeks(FIRST_MONDAY.isoformat(), nets)
    index = scenario["corrected_week"]
    start = FIRST_MONDAY + dt.timedelta(days=7 * index)  # type: ignore[operator]
    correction = record(
        start.isoformat(),
        (start + dt.timedelta(days=6)).isoformat(),
        str(scenario["corrected_net"]),
        record_id="correctie",
        corrects=f"bureau-{start.isoformat()}",
    )
    first_as_of: dt.date = scenario["first_as_of"]  # type: ignore[assignment]
    first = run(
        the_case,
        records,
        "2026-01",
        str(Month.of(first_as_of)),
        as_of=first_as_of.isoformat(),
        the_policy=the_policy,
    )
    approved_results = [
        s
        for s in first.settlements
        if s.kind is not ResultKind.RECOMPUTATION
        and (s.kind is not ResultKind.FINAL or scenario["approve_final"])
    ]
    approved = [approved_month(month_settlement(s)) for s in approved_results]
    second = run(
        the_case,
        [*records, correction],
        "2026-01",
        str(final_month),
        as_of="2026-06-15",
        the_policy=the_policy,
        approved=approved,
    )
    paid = sum([_paid(s) for s in approved_results], Decimal(0))
    paid += sum([_paid(s) for s in second.settlements if s.kind is not ResultKind.RECOMPUTATION], Decimal(0))
    advances = sum([a.amount for a in the_case.advances], Decimal(0))
    latest = {s.month: s for s in approved_results}
    latest.update({s.month: s for s in second.settlements if s.kind is not ResultKind.RECOMPUTATION})
    not_offset = sum([s.not_offset or Decimal(0) for s in latest.values()], Decimal(0))
    absorbed = sum([s.buffer_used or Decimal(0) for s in latest.values()], Decimal(0))
    entitled = sum([s.bijstand for s in second.settlements if s.kind is not ResultKind.FINAL], Decimal(0))
    final = latest[final_month]
    assert final.carry_forward == ()
    assert advances + paid == entitled + not_offset + absorbed
