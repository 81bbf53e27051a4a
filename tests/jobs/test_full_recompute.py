"""A `worker.recompute` event with `"full": true` (sent after a published parameter value is confirmed)
recomputes every month, also those nothing the store can see has changed, and keeps `full` when fanned
out per worker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.layer import AddedValue, layer
from gateway.jobs import kinds
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.store import outbox, settlements
from gateway.store.models import OutboxEvent
from gateway.store.sealing import Sealer
from schemas.case import MunicipalPolicy
from schemas.periods import Month
from tests.jobs.scenario import PUSHED_AT, Scenario, build_scenario

NOW = dt.datetime(2026, 9, 10, 12, 0, tzinfo=dt.UTC)
JULY = Month(2026, 7)


def _drain(context: JobContext, parameters: ParameterSet, default_policy: MunicipalPolicy) -> None:
    table = handlers(
        sealer=context.sealer,
        parameters=parameters,
        default_policy=default_policy,
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )
    report = process_outbox(sessions=context.sessions, handlers=table, now=NOW, policy=jobs_policy().outbox)
    assert report.count("failed") == 0, report.summary()


def _july(session: Session, scenario: Scenario) -> tuple[int, Decimal]:
    session.expire_all()
    row = settlements.latest_month_settlement(session=session, worker_id=scenario.worker.id, month=JULY)
    assert row is not None
    return row.version, Decimal(settlements.result(sealer=scenario.sealer, row=row)["norm"])


def test_a_full_recompute_reaches_months_a_plain_one_leaves_alone(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    workers = [build_scenario(session, sealer, benefit_start=dt.date(2026, 6, 1)) for _ in range(2)]
    for scenario in workers:
        scenario.push(dt.date(2026, 6, 1), net="150.00", gross="200.00")
    session.commit()
    _drain(context, parameters, default_policy)
    assert [_july(session, scenario) for scenario in workers] == [(1, Decimal("1401.50"))] * 2

    confirmed = AddedValue(
        "a1",
        "norm.single",
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
        Decimal("1430.24"),
        "https://wetten.overheid.nl/BWBR0015703/2026-07-01",
        "art. 21 onderdeel a Participatiewet",
    )
    layered = layer(parameters, [confirmed]).parameters
    ids = sorted(scenario.worker.id for scenario in workers)
    for full in (False, True):
        payload = {"workerIds": ids, "full": True} if full else {"workerIds": ids}
        outbox.publish(
            session=session, topic=kinds.RECOMPUTE_REQUESTED, payload=payload, available_at=PUSHED_AT
        )
        session.commit()
        _drain(context, layered, default_policy)
        if not full:  # July is before the months a plain recompute looks at on 10 September
            assert [_july(session, scenario) for scenario in workers] == [(1, Decimal("1401.50"))] * 2
    assert [_july(session, scenario) for scenario in workers] == [(2, Decimal("1430.24"))] * 2
    fanned = session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.topic == kinds.RECOMPUTE_REQUESTED)
    ).all()
    assert {"workerId": ids[0], "full": True} in fanned
    assert {"workerId": ids[1], "full": True} in fanned
