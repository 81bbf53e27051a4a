"""Week figures and month settlements: versions and the settlement workflow; advances; case facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from gateway.store import advances, benefit_cases, settlements
from gateway.store.benefit_cases import FactPeriod, resolve_timeline
from gateway.store.models import SettlementStatus
from gateway.store.sealing import Sealer
from schemas.periods import IsoWeek, Month
from tests.factories import make_municipality, make_worker

D = dt.date
S = SettlementStatus


def test_week_figures_are_versioned(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    week = IsoWeek(2026, 6)
    first = settlements.store_week_figures(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        iso_week=week,
        result={"net": "400.00"},
        inputs={},
    )
    second = settlements.store_week_figures(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        iso_week=week,
        result={"net": Decimal("410.00")},
        inputs={"pay_records": ["a"]},
    )
    assert (first.version, second.version) == (1, 2)
    latest = settlements.latest_week_figures(session=session, worker_id=worker.id, iso_week=week)
    assert latest is second
    assert settlements.result(sealer=sealer, row=second) == {"net": "410.00"}
    assert settlements.result(sealer=sealer, row=first) == {"net": "400.00"}


def test_settlement_versions_and_workflow(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    month = Month(2026, 2)
    first = settlements.store_month_settlement(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=month,
        result={"payout": "900.00"},
        inputs={},
        actor="jobs",
    )
    for status in (S.PROPOSED, S.APPROVED, S.EXPORTED):
        settlements.transition(
            session=session, sealer=sealer, settlement=first, to_status=status, actor="staff-1"
        )
    with pytest.raises(settlements.TransitionRefused):
        settlements.transition(
            session=session, sealer=sealer, settlement=first, to_status=S.DRAFT, actor="staff-1"
        )
    second = settlements.store_month_settlement(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=month,
        result={"payout": "950.00"},
        inputs={},
        actor="jobs",
    )
    assert (second.version, second.supersedes_id, second.status) == (2, first.id, "draft")
    assert settlements.latest_month_settlement(session=session, worker_id=worker.id, month=month) is second
    steps = settlements.transitions(session=session, settlement_id=first.id)
    assert [(s.from_status, s.to_status) for s in steps] == [
        (None, "draft"),
        ("draft", "proposed"),
        ("proposed", "approved"),
        ("approved", "exported"),
    ]


def test_transition_note_is_encrypted(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    settlement = settlements.store_month_settlement(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=Month(2026, 3),
        result={},
        inputs={},
        actor="jobs",
    )
    with pytest.raises(settlements.TransitionRefused):
        settlements.transition(
            session=session, sealer=sealer, settlement=settlement, to_status=S.APPROVED, actor="x"
        )
    settlements.transition(
        session=session, sealer=sealer, settlement=settlement, to_status=S.PROPOSED, actor="x"
    )
    step = settlements.transition(
        session=session,
        sealer=sealer,
        settlement=settlement,
        to_status=S.DRAFT,
        actor="lead",
        note="Jan belt terug",
    )
    assert "Jan" not in (step.note_encrypted or "")
    assert sealer.get_text(step, "note_encrypted") == "Jan belt terug"


def test_last_recorded_advance_counts(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    for month, amount in ((Month(2026, 2), "700"), (Month(2026, 1), "650.5"), (Month(2026, 2), "720.00")):
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=month,
            amount=Decimal(amount),
            paid_on=None,
            recorded_by="staff",
        )
    entries = advances.for_worker(session=session, sealer=sealer, worker_id=worker.id)
    assert [(str(e.month), e.amount) for e in entries] == [
        ("2026-01", Decimal("650.50")),
        ("2026-02", Decimal("720.00")),
    ]
    with pytest.raises(ValueError, match="Decimal"):
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=Month(2026, 3),
            amount=650.0,  # type: ignore[arg-type]
            paid_on=None,
            recorded_by="staff",
        )


def _period(start: dt.date, end: dt.date | None, name: str) -> FactPeriod:
    return FactPeriod(start, end, {"name": name}, name)


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        (
            [_period(D(2026, 1, 1), None, "a"), _period(D(2026, 3, 1), None, "b")],
            [(D(2026, 1, 1), D(2026, 2, 28), "a"), (D(2026, 3, 1), None, "b")],
        ),
        (
            [_period(D(2026, 1, 1), None, "a"), _period(D(2026, 3, 1), D(2026, 3, 31), "b")],
            [
                (D(2026, 1, 1), D(2026, 2, 28), "a"),
                (D(2026, 3, 1), D(2026, 3, 31), "b"),
                (D(2026, 4, 1), None, "a"),
            ],
        ),
        (
            [_period(D(2026, 3, 1), None, "a"), _period(D(2026, 1, 1), None, "b")],
            [(D(2026, 1, 1), None, "b")],
        ),
        (
            [_period(D(2026, 1, 1), D(2026, 1, 31), "a"), _period(D(2026, 3, 1), None, "b")],
            [(D(2026, 1, 1), D(2026, 1, 31), "a"), (D(2026, 3, 1), None, "b")],
        ),
        (
            [_period(D(2026, 1, 1), D(2026, 6, 30), "a"), _period(D(2025, 12, 1), D(2026, 2, 28), "b")],
            [(D(2025, 12, 1), D(2026, 2, 28), "b"), (D(2026, 3, 1), D(2026, 6, 30), "a")],
        ),
    ],
)
def test_later_recordings_override_what_they_overlap(
    recorded: list[FactPeriod], expected: list[tuple[dt.date, dt.date | None, str]]
) -> None:
    assert [(p.valid_from, p.valid_to, p.fact_id) for p in resolve_timeline(recorded)] == expected


def test_case_facts_are_stored_encrypted_and_resolved(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    for start, household in ((D(2026, 1, 1), "alleenstaand"), (D(2026, 4, 1), "gehuwd_samenwonend")):
        benefit_cases.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=start,
            valid_to=None,
            facts={"household_type": household},
            recorded_by="staff",
        )
    history = benefit_cases.history(session=session, worker_id=worker.id)
    assert all("alleenstaand" not in fact.facts_encrypted for fact in history)
    timeline = benefit_cases.effective_facts(session=session, sealer=sealer, worker_id=worker.id)
    assert [(p.valid_from, p.valid_to, p.facts["household_type"]) for p in timeline] == [
        (D(2026, 1, 1), D(2026, 3, 31), "alleenstaand"),
        (D(2026, 4, 1), None, "gehuwd_samenwonend"),
    ]
