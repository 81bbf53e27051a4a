"""A 30-worker, 3-month pilot through the real pipeline, its figures checked against the store.

Runs on the test database: SQLite by default, or an own schema in the PostgreSQL database of
LOONBRUG_TEST_DATABASE_URL. The checks read the store with their own queries, not through the metrics
module: the approved settlements recounted, every delivered pay record found in the pay ledger with its
amounts, the advances equal to what the consultant actor recorded, and four eyes on every approval.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select

from gateway.engine.parameters.loader import load_default_policy
from gateway.simulation.cohort import build_cohort
from gateway.simulation.installation import Installation, fresh_installation
from gateway.simulation.metrics import months_on_benefit, read_metrics
from gateway.simulation.outcome import RegimeMetrics
from gateway.simulation.pipeline import LoonbrugRun, run_in
from gateway.simulation.settings import CohortSettings
from gateway.simulation.truth import Delivery, Truth, pay_history
from gateway.store import advances, pay_records, settlements
from gateway.store.models import (
    Agency,
    MonthSettlement,
    PayRecord,
    SettlementStatus,
    SettlementTransition,
    StaffMember,
)
from schemas.periods import Month
from tests.conftest import TEST_DATABASE_URL_VARIABLE

pytestmark = pytest.mark.slow

WORKERS = 30
MONTHS = 3
SETTLED = (SettlementStatus.APPROVED.value, SettlementStatus.EXPORTED.value)


@dataclass(frozen=True)
class Simulated:
    installation: Installation
    truth: Truth
    run: LoonbrugRun
    metrics: RegimeMetrics


@pytest.fixture(scope="module")
def simulated() -> Iterator[Simulated]:
    settings = CohortSettings()
    cohort = build_cohort(
        settings=settings, workers=WORKERS, first_month=Month(2025, 2), months=MONTHS, seed=7
    )
    truth = pay_history(cohort=cohort, settings=settings)
    with fresh_installation(os.environ.get(TEST_DATABASE_URL_VARIABLE)) as installation:
        run = run_in(installation=installation, truth=truth, settings=settings, policy=load_default_policy())
        metrics, _ = read_metrics(
            installation=installation,
            truth=truth,
            settings=settings,
            worker_ids=run.seeded.worker_ids,
            actions=run.log.total,
        )
        yield Simulated(installation, truth, run, metrics)


def _approved(simulated: Simulated) -> list[dict[str, object]]:
    """Every worker-month's newest approved version, decrypted."""
    installation = simulated.installation
    with installation.database.sessions() as session:
        rows = list(session.scalars(select(MonthSettlement).where(MonthSettlement.status.in_(SETTLED))))
        newest: dict[tuple[str, str], MonthSettlement] = {}
        for row in rows:
            if (row.worker_id, row.month) not in newest or row.version > newest[
                (row.worker_id, row.month)
            ].version:
                newest[(row.worker_id, row.month)] = row
        return [settlements.result(sealer=installation.sealer, row=row) for row in newest.values()]


def test_every_active_worker_month_and_final_settlement_is_approved(simulated: Simulated) -> None:
    cohort = simulated.truth.cohort
    months = sum(len(months_on_benefit(cohort, worker.key)) for worker in cohort.workers)
    finals = len(simulated.run.final_months)
    assert finals == sum(1 for worker in cohort.workers if worker.leaves_on is not None)
    assert not simulated.run.pending
    assert sum(simulated.run.settled.values()) == months + finals
    approved = _approved(simulated)
    assert len(approved) == months + finals
    assert sum(1 for result in approved if result["kind"] == "eindafrekening") == finals
    assert simulated.metrics.months_complete + simulated.metrics.months_incomplete == months
    assert not simulated.run.job_failures


def test_claims_offsets_and_back_payments_recount_from_the_store(simulated: Simulated) -> None:
    approved = _approved(simulated)

    def amounts(field: str) -> list[Decimal]:
        return [Decimal(str(result[field])) for result in approved if result.get(field) not in (None, "0.00")]

    metrics = simulated.metrics
    assert metrics.not_offset_count == metrics.recovery_claims == len(amounts("notOffset"))
    assert metrics.not_offset_total == metrics.recovery_total == sum(amounts("notOffset"), Decimal("0.00"))
    assert metrics.offsets == len(amounts("offset"))
    assert metrics.offset_total == sum(amounts("offset"), Decimal("0.00"))
    assert metrics.back_payments == len(amounts("toPay"))
    assert metrics.back_payment_total == sum(amounts("toPay"), Decimal("0.00"))
    assert metrics.months_complete == sum(
        1 for result in approved if result["complete"] and result["kind"] == "verrekening"
    )


def _delivered(simulated: Simulated) -> list[Delivery]:
    return [d for d in simulated.truth.deliveries if d.arrives_on <= simulated.run.last_day]


def test_every_delivered_record_is_in_the_pay_ledger(simulated: Simulated) -> None:
    installation = simulated.installation
    delivered = _delivered(simulated)
    # An agency's second record for a period already sent is refused at the door, and so is the later
    # correction that cancels it: the gateway stores one record per period.
    duplicates = {(d.agency, d.record.record_id) for d in delivered if d.duplicate}
    refused = [d for d in delivered if d.duplicate or (d.agency, d.record.corrects) in duplicates]
    assert simulated.run.pushes.refused == len(refused)
    assert set(simulated.run.pushes.refusals) <= {"period_already_sent", "corrected_record_unknown"}
    with installation.database.sessions() as session:
        clients = {agency.id: agency.client_id for agency in session.scalars(select(Agency))}
        stored = {(clients[row.agency_id], row.record_id): row for row in session.scalars(select(PayRecord))}
        assert len(stored) == len(delivered) - len(refused)
        for delivery in delivered:
            if delivery in refused:
                continue
            row = stored[(delivery.agency, delivery.record.record_id)]
            content = pay_records.content(sealer=installation.sealer, record=row)
            assert Decimal(str(content["net_wage"])) == delivery.record.net_wage
            assert Decimal(str(content["hours"])) == delivery.record.hours


def test_the_stored_advances_are_the_ones_the_consultant_recorded(simulated: Simulated) -> None:
    installation = simulated.installation
    found: dict[tuple[str, Month], Decimal] = {}
    with installation.database.sessions() as session:
        for key, worker_id in simulated.run.seeded.worker_ids.items():
            for entry in advances.for_worker(
                session=session, sealer=installation.sealer, worker_id=worker_id
            ):
                found[(key, entry.month)] = entry.amount
    assert found == simulated.run.log.advances
    assert len(found) == sum(
        len(months_on_benefit(simulated.truth.cohort, w.key)) for w in simulated.truth.cohort.workers
    )


def test_every_approval_is_by_a_team_lead_who_did_not_propose(simulated: Simulated) -> None:
    with simulated.installation.database.sessions() as session:
        subjects = {f"staff:{member.id}": member.subject for member in session.scalars(select(StaffMember))}
        steps = list(session.scalars(select(SettlementTransition)))
    by_settlement: dict[str, dict[str, str]] = {}
    for step in steps:
        by_settlement.setdefault(step.settlement_id, {})[step.to_status] = step.actor
    approvals = [actors for actors in by_settlement.values() if SettlementStatus.APPROVED.value in actors]
    assert len(approvals) == sum(simulated.run.settled.values())
    for actors in approvals:
        approver = actors[SettlementStatus.APPROVED.value]
        assert subjects[approver] in simulated.run.seeded.team_leads
        assert actors[SettlementStatus.PROPOSED.value] != approver


def test_the_investigation_share_counts_workers_of_the_cohort(simulated: Simulated) -> None:
    metrics = simulated.metrics
    assert 0 <= metrics.investigation_workers <= WORKERS
    assert metrics.investigation_share == (Decimal(metrics.investigation_workers) / WORKERS).quantize(
        Decimal("0.0001")
    )
    assert metrics.consultant_actions == simulated.run.log.total > 0


def test_the_approved_versions_are_the_ones_the_team_leads_approved(simulated: Simulated) -> None:
    keys = {worker_id: key for key, worker_id in simulated.run.seeded.worker_ids.items()}
    with simulated.installation.database.sessions() as session:
        rows = session.scalars(select(MonthSettlement).where(MonthSettlement.status.in_(SETTLED)))
        stored = {(keys[row.worker_id], Month.parse(row.month)): row.version for row in rows}
    assert stored == simulated.run.log.approved
