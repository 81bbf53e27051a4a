"""The recompute of a new month: every worker without a settlement for it, but not a case long ended;
workers in batches, a failing one alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import recompute_jobs
from gateway.jobs.context import JobContext
from gateway.store import advances, case_ends
from gateway.store.models import Advance
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from schemas.case import MunicipalPolicy
from schemas.periods import Month
from tests.jobs.scenario import Scenario, build_scenario

APRIL = dt.datetime(2026, 4, 2, 0, 15, tzinfo=dt.UTC)


def _run(context: JobContext, parameters: ParameterSet, default_policy: MunicipalPolicy) -> int:
    report = recompute_jobs.run_new_month(
        context=context, now=APRIL, parameters=parameters, default_policy=default_policy
    )
    return report.count("recomputed")


def test_a_new_month_recomputes_a_worker_without_its_settlement(
    context: JobContext, scenario: Scenario, parameters: ParameterSet, default_policy: MunicipalPolicy
) -> None:
    assert _run(context, parameters, default_policy) == 1
    assert _run(context, parameters, default_policy) == 0  # April is stored now


def test_a_case_that_ended_before_last_month_is_left_alone(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """Ended 31 January: the final settlement is February; April is never settled, so without this rule
    the worker would be recomputed every night."""
    case_ends.record(
        session=session,
        sealer=sealer,
        worker_id=scenario.worker.id,
        end_date=dt.date(2026, 1, 31),
        reason=EndReason.WORK,
        recorded_by="test",
    )
    session.commit()
    assert _run(context, parameters, default_policy) == 0


def test_a_worker_that_cannot_be_recomputed_fails_alone(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """Workers are recomputed in batches; one that fails (here: an advance whose encrypted amount was
    copied from another row, which decryption refuses) is found by recomputing the batch one by one."""
    other = build_scenario(session, sealer, benefit_start=dt.date(2026, 1, 1))
    intact = advances.record(
        session=session,
        sealer=sealer,
        worker_id=scenario.worker.id,
        month=Month(2026, 3),
        amount=Decimal("500.00"),
        paid_on=None,
        recorded_by="test",
    )
    tampered = Advance(
        worker_id=other.worker.id,
        month="2026-03",
        paid_on=None,
        recorded_by="test",
        amount_encrypted=intact.amount_encrypted,
    )
    session.add(tampered)
    session.commit()

    report = recompute_jobs.run_new_month(
        context=context, now=APRIL, parameters=parameters, default_policy=default_policy
    )

    assert (report.count("recomputed"), report.count("failed"), report.failed) == (1, 1, True)
