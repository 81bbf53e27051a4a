"""The half-year remainder statement and the monthly overview of placements and hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gateway.engine.flextensie.overview import PlacementMonth, maandoverzicht
from gateway.engine.flextensie.remainder import InvoiceSummary, Totals, halfjaar_maanden, halfjaaroverzicht
from schemas.periods import Month
from tests.engine.flextensie.kit import d


def _figures(net: str, premium: str, travel: str, office: str) -> Totals:
    remainder = d(net) - d(premium) - d(travel) - d(office)
    return Totals(1, d("10"), d(net), d(premium), d(travel), d(office), remainder)


def test_half_year_adds_up_per_month_per_placement_and_overall() -> None:
    invoices = [
        InvoiceSummary(Month(2026, 9), "p-2", "Bakkerij", _figures("1150.50", "118.00", "49.50", "92.04")),
        InvoiceSummary(Month(2026, 10), "p-2", "Bakkerij", _figures("1345.50", "138.00", "58.50", "107.64")),
        InvoiceSummary(Month(2026, 10), "p-1", "Apotheek", _figures("400.00", "40.00", "0.00", "0.00")),
        InvoiceSummary(Month(2026, 3), "p-1", "Apotheek", _figures("999.99", "1.00", "0.00", "0.00")),
    ]
    statement = halfjaaroverzicht(year=2026, half=2, invoices=invoices)
    assert [str(m) for m, _ in statement.months] == [
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    assert statement.months[0][1] == Totals()
    assert statement.months[3][1].invoices == 2
    assert statement.months[3][1].net_amount == d("1745.50")
    assert [(pid, name, t.invoices) for pid, name, t in statement.placements] == [
        ("p-1", "Apotheek", 1),
        ("p-2", "Bakkerij", 2),
    ]
    total = statement.total
    assert (total.invoices, total.net_amount, total.remainder) == (3, d("2896.00"), d("2292.32"))
    assert total.net_amount == total.premium + total.travel + total.back_office + total.remainder
    assert [line.code for line in statement.lines] == ["HALFJAAR", "RESTANT"]
    assert (str(statement.first_month), str(statement.last_month)) == ("2026-07", "2026-12")


def test_a_half_year_is_one_or_two() -> None:
    assert halfjaar_maanden(year=2026, half=1)[-1] == Month(2026, 6)
    with pytest.raises(ValueError, match="halfjaar"):
        halfjaar_maanden(year=2026, half=3)


def _placement(
    pid: str, worker: str, client: str, hours: str, *, start: str, last: str, unapproved: str = "0"
) -> PlacementMonth:
    return PlacementMonth(
        pid,
        worker,
        client,
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(last),
        True,
        d(hours),
        d(unapproved),
    )


def test_overview_counts_hours_per_worker_and_per_client_and_leaves_out_other_months() -> None:
    overview = maandoverzicht(
        month=Month(2026, 10),
        placements=[
            _placement("p1", "w1", "Bakkerij", "40", start="2026-09-07", last="2027-03-06"),
            _placement("p2", "w2", "Bakkerij", "12.5", start="2026-10-12", last="2026-12-31", unapproved="4"),
            _placement("p3", "w1", "Apotheek", "0", start="2026-10-20", last="2027-01-19"),
            _placement("p4", "w3", "Apotheek", "0", start="2026-04-01", last="2026-09-30"),
        ],
    )
    assert [p.placement_id for p in overview.placements] == ["p3", "p1", "p2"]
    assert [(w.worker_id, w.placements, w.hours) for w in overview.workers] == [
        ("w1", 2, d("40")),
        ("w2", 1, d("12.5")),
    ]
    assert [(c.client_name, c.placements, c.workers, c.hours) for c in overview.clients] == [
        ("Apotheek", 1, 1, d("0")),
        ("Bakkerij", 2, 2, d("52.5")),
    ]
    assert overview.hours == d("52.5")
    assert sum((p.unapproved_hours for p in overview.placements), Decimal(0)) == d("4")
