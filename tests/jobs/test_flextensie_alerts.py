"""The Flextensie alerts job: end in sight at 5.5 or 2.5 months, premium near its maximum; idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine.flextensie import alerts
from gateway.engine.flextensie.placement import plaatsing_toetsen
from gateway.engine.parameters import ParameterSet
from gateway.jobs import flextensie_alerts
from gateway.jobs.context import JobContext
from gateway.store import flextensie, flextensie_ledger
from gateway.store.models import Placement, Signal, Worker
from gateway.store.sealing import Sealer
from schemas.flextensie import ClientApproval, NewPlacement, TimesheetSource
from schemas.periods import IsoWeek
from tests.factories import make_municipality, make_worker

START = dt.date(2026, 1, 5)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=dt.UTC)


def _placement(
    session: Session, sealer: Sealer, worker: Worker, parameters: ParameterSet, *, hours: str
) -> Placement:
    version = flextensie.policy_history(session=session, municipality_id=worker.municipality_id).at(START)
    new = NewPlacement(
        worker_id=worker.id,
        client_name="Bakkerij",
        start_date=START,
        expected_hours_per_week=Decimal(hours),
        hourly_tariff=Decimal("19.50"),
    )
    plan = plaatsing_toetsen(
        start_date=START,
        planned_end_date=None,
        ended_on=None,
        expected_hours=new.expected_hours_per_week,
        hourly_tariff=new.hourly_tariff,
        version=version,
        parameters=parameters,
    )
    row = flextensie.create_placement(
        session=session,
        sealer=sealer,
        municipality_id=worker.municipality_id,
        new=new,
        plan=plan,
        premium_per_hour=version.policy.premium_per_hour,
        policy_valid_from=version.valid_from,
        created_by="test",
    )
    session.commit()
    return row


def _signals(session: Session, worker: Worker) -> list[tuple[str, str, bool]]:
    statement = select(Signal).where(Signal.worker_id == worker.id).order_by(Signal.created_at, Signal.id)
    return [(s.kind, str(s.payload["key"]), s.resolved_at is None) for s in session.scalars(statement)]


def test_end_in_sight_after_five_and_a_half_months_once_and_resolved_after_the_end(
    session: Session, sealer: Sealer, context: JobContext, parameters: ParameterSet
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    placement = _placement(session, sealer, worker, parameters, hours="24.00")
    assert (placement.alert_date, placement.max_end_date) == (dt.date(2026, 6, 20), dt.date(2026, 7, 4))
    flextensie_alerts.run(context=context, now=_at(dt.date(2026, 6, 19)), parameters=parameters)
    assert _signals(session, worker) == []
    first = flextensie_alerts.run(context=context, now=_at(dt.date(2026, 6, 20)), parameters=parameters)
    second = flextensie_alerts.run(context=context, now=_at(dt.date(2026, 6, 21)), parameters=parameters)
    assert (first.count("signals_raised"), second.count("signals_raised")) == (1, 0)
    key = f"{placement.id}:2026-07-04"
    assert _signals(session, worker) == [(alerts.END_NEAR, key, True)]
    gone = flextensie_alerts.run(context=context, now=_at(dt.date(2026, 7, 5)), parameters=parameters)
    assert gone.count("signals_resolved") == 1
    assert _signals(session, worker) == [(alerts.END_NEAR, key, False)]


def test_more_than_24_hours_a_week_alerts_after_two_and_a_half_months(
    session: Session, sealer: Sealer, context: JobContext, parameters: ParameterSet
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    placement = _placement(session, sealer, worker, parameters, hours="26.00")
    assert placement.alert_date == dt.date(2026, 3, 20)
    flextensie_alerts.run(context=context, now=_at(dt.date(2026, 3, 20)), parameters=parameters)
    assert [kind for kind, _, _ in _signals(session, worker)] == [alerts.END_NEAR]


def test_an_ended_placement_raises_no_alert(
    session: Session, sealer: Sealer, context: JobContext, parameters: ParameterSet
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    placement = _placement(session, sealer, worker, parameters, hours="30.00")
    flextensie.end_placement(
        session=session, sealer=sealer, placement=placement, end_date=dt.date(2026, 2, 27), reason="contract"
    )
    session.commit()
    flextensie_alerts.run(context=context, now=_at(dt.date(2026, 3, 25)), parameters=parameters)
    assert _signals(session, worker) == []


def test_premium_near_its_yearly_maximum(
    session: Session, sealer: Sealer, context: JobContext, parameters: ParameterSet
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    placement = _placement(session, sealer, worker, parameters, hours="16.00")
    monday = START
    for _ in range(20):  # 20 weeks × 80 hours × 2.00 = 3200: over 90% of 3398, under the maximum
        record, _ = flextensie.record_timesheet(
            session=session,
            sealer=sealer,
            placement=placement,
            week=IsoWeek.of(monday),
            days=tuple((monday + dt.timedelta(days=i), Decimal("16")) for i in range(5)),
            source=TimesheetSource.CONSULTANT,
            recorded_by="test",
        )
        flextensie_ledger.approve_timesheet(
            session=session,
            sealer=sealer,
            placement=placement,
            timesheet=record,
            approval=ClientApproval(name="P. Tekenaar", approved_on=monday + dt.timedelta(days=7)),
            actor="test",
            parameters=parameters,
        )
        monday += dt.timedelta(days=7)
    session.commit()
    flextensie_alerts.run(context=context, now=_at(dt.date(2026, 5, 26)), parameters=parameters)
    assert (alerts.CAP_NEAR, "2026:bijna", True) in _signals(session, worker)
