"""The recompute of a new month: every worker without a settlement for it, but not a case long ended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import recompute_jobs
from gateway.jobs.context import JobContext
from gateway.store import case_ends
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from schemas.case import MunicipalPolicy
from tests.jobs.scenario import Scenario

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
