"""The weekly missing-data check: signals for consultants, one stored notification per agency per week."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine import load_default_policy, load_parameters
from gateway.jobs import kinds, missing_data
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import MissingDataPolicy
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.store import case_ends, signals
from gateway.store.models import OutboxEvent, Signal
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from tests.jobs.scenario import Scenario, build_scenario

# Monday 16 March 2026, 06:00 in the Netherlands. With 10 days' grace, periods ending by 6 March are due.
NOW = dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC)
POLICY = MissingDataPolicy(grace_days=10, lookback_weeks=13)


@pytest.fixture
def weekly(session: Session, sealer: Sealer) -> Scenario:
    """Enrolled from Monday 2 February; weeks of 2, 9 and 23 February received, 16 February not."""
    scenario = build_scenario(
        session, sealer, benefit_start=dt.date(2026, 2, 1), enrolled_from=dt.date(2026, 2, 2)
    )
    for day in (2, 9, 23):
        scenario.push(dt.date(2026, 2, day))
    return scenario


def _missing(session: Session, worker_id: str) -> list[tuple[str, str]]:
    return [
        (s.payload["periodStart"], s.payload["periodEnd"])
        for s in signals.open_for_worker(session=session, worker_id=worker_id)
        if s.kind == kinds.MISSING_PERIOD
    ]


def _notifications(session: Session) -> list[OutboxEvent]:
    statement = select(OutboxEvent).where(OutboxEvent.topic == kinds.AGENCY_MISSING_DATA)
    return list(session.scalars(statement))


def test_a_missing_week_becomes_a_signal_and_an_agency_notification(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    report = missing_data.run(context=context, now=NOW, policy=POLICY)

    # 2 March to 8 March ends after the 6th: not yet due.
    assert _missing(session, weekly.worker.id) == [("2026-02-16", "2026-02-22")]
    signal = next(s for s in signals.open_for_worker(session=session, worker_id=weekly.worker.id))
    assert signal.payload == {
        "agencyId": weekly.agency.id,
        "periodStart": "2026-02-16",
        "periodEnd": "2026-02-22",
        "periodType": "week",
        "key": f"{weekly.agency.id}:2026-02-16:2026-02-22",
    }
    [notification] = _notifications(session)
    assert notification.payload == {
        "agencyId": weekly.agency.id,
        "week": "2026-W12",
        "items": [{"workerId": weekly.worker.id, "periodStart": "2026-02-16", "periodEnd": "2026-02-22"}],
    }
    assert report.count("signals_raised") == 1
    assert report.count("agency_notifications") == 1


def test_running_twice_raises_and_notifies_nothing_new(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    missing_data.run(context=context, now=NOW, policy=POLICY)
    report = missing_data.run(context=context, now=NOW + dt.timedelta(hours=2), policy=POLICY)

    assert (report.count("signals_raised"), report.count("agency_notifications")) == (0, 0)
    assert len(list(session.scalars(select(Signal)))) == 1
    assert len(_notifications(session)) == 1


def test_the_signal_resolves_when_the_record_arrives(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    missing_data.run(context=context, now=NOW, policy=POLICY)
    weekly.push(dt.date(2026, 2, 16))

    report = missing_data.run(context=context, now=NOW + dt.timedelta(days=1), policy=POLICY)

    assert report.count("signals_resolved") == 1
    assert _missing(session, weekly.worker.id) == []
    [signal] = session.scalars(select(Signal))
    assert signal.payload["resolvedBy"] == "system:jobs"


def test_a_week_skipped_between_two_pay_slips_is_missing_before_its_grace_ends(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    # Wednesday 25 February: the week of 16 February ends on the 22nd, within its grace, but the agency
    # already sent the week of 23 February.
    missing_data.run(context=context, now=dt.datetime(2026, 2, 25, 9, 0, tzinfo=dt.UTC), policy=POLICY)

    assert _missing(session, weekly.worker.id) == [("2026-02-16", "2026-02-22")]
    assert [s.kind for s in signals.open_for_worker(session=session, worker_id=weekly.worker.id)] == [
        kinds.MISSING_PERIOD
    ]


def test_the_signal_closes_the_moment_the_pay_slip_arrives(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    missing_data.run(context=context, now=NOW, policy=POLICY)
    weekly.push(dt.date(2026, 2, 16))
    session.commit()

    table = handlers(
        sealer=context.sealer,
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        ytd_tolerance=Decimal("0.05"),
        missing=POLICY,
        sender=None,
    )
    arrived = NOW + dt.timedelta(minutes=1)
    report = process_outbox(
        sessions=context.sessions, handlers=table, now=arrived, policy=jobs_policy().outbox
    )

    assert report.count("failed") == 0, report.summary()
    assert _missing(session, weekly.worker.id) == []
    [signal] = session.scalars(select(Signal).where(Signal.kind == kinds.MISSING_PERIOD))
    assert (signal.resolved_at, signal.payload["resolvedBy"]) == (arrived, "system:jobs")


def test_a_consultants_request_does_not_replace_the_weeks_notification(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    missing_data.request_from_agency(
        session=session,
        agency_id=weekly.agency.id,
        worker_id=weekly.worker.id,
        start=dt.date(2026, 2, 16),
        end=dt.date(2026, 2, 22),
        now=NOW,
    )
    session.commit()

    report = missing_data.run(context=context, now=NOW + dt.timedelta(hours=1), policy=POLICY)

    assert report.count("agency_notifications") == 1
    assert sorted(bool(e.payload.get("requested")) for e in _notifications(session)) == [False, True]


def test_a_dismissed_period_is_not_raised_again_nor_sent_to_the_agency(
    session: Session, context: JobContext, weekly: Scenario
) -> None:
    missing_data.run(context=context, now=NOW, policy=POLICY)
    [signal] = signals.open_for_worker(session=session, worker_id=weekly.worker.id)
    signals.resolve(session=session, signal=signal)
    session.commit()

    next_week = NOW + dt.timedelta(weeks=1)
    report = missing_data.run(context=context, now=next_week, policy=POLICY)

    assert (
        report.count("signals_raised") == 1
    )  # the week of 2 March is due by now; 16 February stays dismissed
    assert _missing(session, weekly.worker.id) == [("2026-03-02", "2026-03-08")]
    newest = max(_notifications(session), key=lambda e: e.payload["week"])
    assert [item["periodStart"] for item in newest.payload["items"]] == ["2026-03-02"]


def test_a_monthly_cadence_expects_calendar_months(
    session: Session, sealer: Sealer, context: JobContext
) -> None:
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2026, 1, 1))
    scenario.push(dt.date(2026, 1, 1), days=31, period_type="maand")

    missing_data.run(context=context, now=NOW, policy=POLICY)

    assert _missing(session, scenario.worker.id) == [("2026-02-01", "2026-02-28")]


def test_weeks_after_the_end_of_the_case_are_not_missing(
    session: Session, sealer: Sealer, context: JobContext, weekly: Scenario
) -> None:
    """Rule 12: the case ended on 15 February; the week of 16 February is no longer asked for."""
    case_ends.record(
        session=session,
        sealer=sealer,
        worker_id=weekly.worker.id,
        end_date=dt.date(2026, 2, 15),
        reason=EndReason.WORK,
        recorded_by="test",
    )
    session.commit()

    report = missing_data.run(context=context, now=NOW, policy=POLICY)

    assert _missing(session, weekly.worker.id) == []
    assert report.count("agency_notifications") == 0


def test_periods_outside_the_enrollment_are_not_missing(
    session: Session, sealer: Sealer, context: JobContext
) -> None:
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2026, 3, 2))

    report = missing_data.run(context=context, now=NOW, policy=POLICY)

    assert _missing(session, scenario.worker.id) == []
    assert report.count("agency_notifications") == 0


def test_expected_periods_continue_from_the_anchor_in_both_directions() -> None:
    periods = list(
        missing_data.expected_periods(
            period_type="vierweken",
            anchor=dt.date(2026, 3, 2),
            start=dt.date(2026, 1, 20),
            end=dt.date(2026, 3, 3),
        )
    )
    assert periods == [
        (dt.date(2026, 1, 5), dt.date(2026, 2, 1)),
        (dt.date(2026, 2, 2), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 2), dt.date(2026, 3, 29)),
    ]
