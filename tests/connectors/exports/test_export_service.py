"""Exporting approved settlements from the store: the file, line by line, and the `exported` step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from connectors.exports.rows import ExportError
from connectors.exports.service import export_approved
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.jobs.recompute import recompute_worker
from gateway.store import settlements
from gateway.store.models import MonthSettlement, SettlementStatus
from gateway.store.sealing import Sealer
from schemas.periods import Month
from tests.jobs.scenario import Scenario, build_scenario

FEBRUARY = Month(2026, 2)
COMPUTED_AT = dt.datetime(2026, 2, 26, 12, 0, tzinfo=dt.UTC)
APPROVED_AT = dt.datetime(2026, 2, 26, 15, 0, tzinfo=dt.UTC)
EXPORTED_AT = dt.datetime(2026, 2, 27, 9, 0, tzinfo=dt.UTC)


def _approved_february(session: Session, sealer: Sealer) -> tuple[Scenario, MonthSettlement]:
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2026, 2, 1))
    scenario.push(dt.date(2026, 2, 2), net="350.00")
    scenario.push(dt.date(2026, 2, 9), net="350.00")
    scenario.advance(FEBRUARY, "600.00")
    recompute_worker(
        session=session,
        sealer=sealer,
        worker_id=scenario.worker.id,
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        now=COMPUTED_AT,
    )
    february = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert february is not None
    settlements.transition(
        session=session,
        sealer=sealer,
        settlement=february,
        to_status=SettlementStatus.PROPOSED,
        actor="staff-1",
    )
    step = settlements.transition(
        session=session,
        sealer=sealer,
        settlement=february,
        to_status=SettlementStatus.APPROVED,
        actor="staff-2",
    )
    step.at = APPROVED_AT
    session.flush()
    return scenario, february


def test_the_csv_of_an_approved_month_matches_the_hand_worked_settlement(
    session: Session, sealer: Sealer
) -> None:
    scenario, february = _approved_february(session, sealer)

    exported = export_approved(
        session=session,
        sealer=sealer,
        municipality_id=scenario.municipality.id,
        actor="staff-3",
        now=EXPORTED_AT,
        file_format="csv",
        month=FEBRUARY,
    )

    # Single, 21 to pensionable age, February 2026: norm 1401.50. Two weeks of 350.00 net, all on February
    # working days: income 700.00, no disregard granted. Bijstand 1401.50 − 700.00 = 701.50; payout 95% =
    # 666.425 → 666.43 (half up); holiday allowance reserve 701.50 − 666.43 = 35.07. Advance 600.00:
    # difference 66.43, paid as back payment. Paid on the first working day of March: Monday 2 March.
    code = scenario.municipality.cbs_code
    assert exported.name == f"loonbrug-verrekeningen-{code}-2026-02.csv"
    assert exported.content.decode("utf-8").split("\r\n")[1:] == [
        f"{code};999900006;2026-02;{february.id};1;verrekening;1401.50;700.00;0.00;701.50;666.43;35.07;0.00;0.00;"
        "600.00;0.00;66.43;0.00;66.43;0.00;0.00;0.00;2026-03-02;staff-2;2026-02-26T15:00:00Z",
        "",
    ]
    assert exported.settlement_ids == (february.id,)
    assert february.status == SettlementStatus.EXPORTED.value
    steps = settlements.transitions(session=session, settlement_id=february.id)
    exported_steps = [(s.from_status, s.actor, s.at) for s in steps if s.to_status == "exported"]
    assert exported_steps == [("approved", "staff-3", EXPORTED_AT)]


def test_an_exported_settlement_is_not_exported_again(session: Session, sealer: Sealer) -> None:
    scenario, february = _approved_february(session, sealer)
    export_approved(
        session=session,
        sealer=sealer,
        municipality_id=scenario.municipality.id,
        actor="staff-3",
        now=EXPORTED_AT,
        file_format="json",
        month=FEBRUARY,
    )

    again = export_approved(
        session=session,
        sealer=sealer,
        municipality_id=scenario.municipality.id,
        actor="staff-3",
        now=EXPORTED_AT,
        file_format="json",
        month=FEBRUARY,
    )
    assert again.settlement_ids == ()
    with pytest.raises(ExportError, match="not every settlement"):
        export_approved(
            session=session,
            sealer=sealer,
            municipality_id=scenario.municipality.id,
            actor="staff-3",
            now=EXPORTED_AT,
            file_format="csv",
            settlement_ids=[february.id],
        )


def test_settlements_of_another_municipality_are_not_exported(session: Session, sealer: Sealer) -> None:
    _, february = _approved_february(session, sealer)
    other = build_scenario(session, sealer, benefit_start=dt.date(2026, 2, 1))

    with pytest.raises(ExportError):
        export_approved(
            session=session,
            sealer=sealer,
            municipality_id=other.municipality.id,
            actor="staff-3",
            now=EXPORTED_AT,
            file_format="csv",
            settlement_ids=[february.id],
        )
    assert february.status == SettlementStatus.APPROVED.value
    assert Decimal(settlements.result(sealer=sealer, row=february)["toPay"]) == Decimal("66.43")
