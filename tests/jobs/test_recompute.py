"""The recompute service: pushed pay records become stored week figures and month settlements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.recompute import RecomputeOutcome, recompute_worker
from gateway.store import case_facts, outbox, settlements, signals
from gateway.store.db import Database
from gateway.store.models import MonthSettlement, OutboxEvent, SettlementStatus, WeekFigures
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case import MunicipalPolicy
from schemas.case_facts import CaseFacts
from schemas.periods import IsoWeek, Month
from tests.factories import make_municipality, make_worker
from tests.jobs.scenario import PUSHED_AT, Scenario, build_scenario

NOW = dt.datetime(2026, 2, 27, 12, 0, tzinfo=dt.UTC)
FEBRUARY = Month(2026, 2)


def _drain(
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    max_events: int | None = None,
) -> int:
    table = handlers(
        sealer=context.sealer,
        parameters=parameters,
        default_policy=default_policy,
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )
    report = process_outbox(
        sessions=context.sessions, handlers=table, now=now, policy=jobs_policy().outbox, max_events=max_events
    )
    assert report.count("failed") == 0, report.summary()
    return report.count("processed")


def _recompute(
    context: JobContext,
    sealer: Sealer,
    worker_id: str,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    *,
    full: bool = False,
) -> RecomputeOutcome:
    """One recompute of a worker in its own transaction, as the jobs run it."""
    with context.sessions.begin() as job_session:
        return recompute_worker(
            session=job_session,
            sealer=sealer,
            worker_id=worker_id,
            parameters=parameters,
            default_policy=default_policy,
            now=now,
            full=full,
        )


def _count(session: Session, model: type[WeekFigures] | type[MonthSettlement]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _push_february(scenario: Scenario) -> list[str]:
    rows = [
        scenario.push(dt.date(2026, 2, 2) + dt.timedelta(weeks=week), net="350.00", gross="400.00")
        for week in range(4)
    ]
    return [row.id for row in rows]


def test_pushed_records_become_week_figures_and_a_month_settlement(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    record_ids = _push_february(scenario)

    assert _drain(context, parameters, default_policy, NOW) == 4

    february = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert february is not None
    assert february.version == 1
    assert february.status == SettlementStatus.DRAFT.value
    result = settlements.result(sealer=sealer, row=february)
    assert result["month"] == "2026-02"
    assert result["kind"] == "verrekening"
    # Four weeks of 350.00 net, all working days in February: 1400.00 counts as income.
    assert result["income"] == "1400.00"
    assert february.inputs["payRecordVersionIds"] == sorted(record_ids)
    assert {"key": "norm.single", "validFrom": "2026-01-01", "confirmed": True} in february.inputs[
        "parameters"
    ]
    assert february.inputs["asOf"] == "2026-02-27"
    week = settlements.latest_week_figures(
        session=session, worker_id=scenario.worker.id, iso_week=IsoWeek(2026, 6)
    )
    assert week is not None
    week_result = settlements.result(sealer=sealer, row=week)
    assert (week_result["net"], week_result["hours"]) == ("350.00", "20.00")
    assert week.inputs["payRecordVersionIds"] == [record_ids[0]]
    january = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=Month(2026, 1)
    )
    assert january is not None
    assert settlements.result(sealer=sealer, row=january)["income"] == "0.00"


def test_inputs_hold_no_amounts(
    session: Session,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    _push_february(scenario)
    _drain(context, parameters, default_policy, NOW)

    rows = list(session.scalars(select(MonthSettlement))) + list(session.scalars(select(WeekFigures)))
    text = repr([row.inputs for row in rows])
    assert rows
    assert "350.00" not in text
    assert "1400.00" not in text


def test_recomputing_twice_stores_nothing_new(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    _push_february(scenario)
    _drain(context, parameters, default_policy, NOW)
    weeks, months = _count(session, WeekFigures), _count(session, MonthSettlement)

    later = NOW + dt.timedelta(hours=3)
    outcome = _recompute(context, sealer, scenario.worker.id, parameters, default_policy, later, full=True)

    assert (outcome.status, outcome.weeks_stored, outcome.months_stored) == ("recomputed", 0, 0)
    assert outcome.unchanged == weeks + months  # every stored week and month was looked at again
    assert (_count(session, WeekFigures), _count(session, MonthSettlement)) == (weeks, months)


def test_a_digest_key_rotation_stores_no_new_versions_until_the_old_key_is_retired(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    _push_february(scenario)
    _drain(context, parameters, default_policy, NOW)
    weeks, months = _count(session, WeekFigures), _count(session, MonthSettlement)
    rotated = Sealer(sealer.keyring.rotated_digest())
    later = NOW + dt.timedelta(hours=3)

    # The stored figures still compare under the key they were stored with: nothing is stored again.
    during = _recompute(context, rotated, scenario.worker.id, parameters, default_policy, later, full=True)
    assert (during.weeks_stored, during.months_stored) == (0, 0)
    # Without the old key they are compared, and stored, once under the new one.
    retired = Sealer(rotated.keyring.retired())
    after = _recompute(context, retired, scenario.worker.id, parameters, default_policy, later, full=True)
    again = _recompute(context, retired, scenario.worker.id, parameters, default_policy, later, full=True)

    assert (after.weeks_stored, after.months_stored) == (weeks, months)
    assert (again.weeks_stored, again.months_stored) == (0, 0)
    newest = session.scalars(select(MonthSettlement).order_by(MonthSettlement.version.desc())).first()
    assert newest is not None
    assert newest.inputs["digestKid"] == retired.keyring.active_digest_kid


def test_a_correction_stores_a_new_settlement_version_naming_the_new_record_version(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    first = scenario.push(dt.date(2026, 2, 2), net="350.00")
    _drain(context, parameters, default_policy, NOW)

    corrected = scenario.correct(first, net="300.00")
    _drain(context, parameters, default_policy, NOW)

    february = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert february is not None
    assert february.version == 2
    assert february.supersedes_id is not None
    assert february.inputs["payRecordVersionIds"] == [corrected.id]
    assert settlements.result(sealer=sealer, row=february)["income"] == "300.00"
    earlier = session.get(MonthSettlement, february.supersedes_id)
    assert earlier is not None
    assert settlements.result(sealer=sealer, row=earlier)["income"] == "350.00"


def test_a_changed_approved_month_is_recomputed_and_its_difference_carried_into_the_open_month(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    first = scenario.push(dt.date(2026, 2, 2), net="350.00")
    _drain(context, parameters, default_policy, NOW)
    february = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert february is not None
    for status in (SettlementStatus.PROPOSED, SettlementStatus.APPROVED):
        settlements.transition(
            session=session, sealer=sealer, settlement=february, to_status=status, actor="tl-1"
        )
    session.commit()
    approved_payout = Decimal(settlements.result(sealer=sealer, row=february)["payout"])

    march = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    scenario.correct(first, net="250.00")
    _drain(context, parameters, default_policy, march)

    recomputed = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert recomputed is not None
    assert recomputed.version == 2
    assert recomputed.status == SettlementStatus.DRAFT.value
    recomputation = settlements.result(sealer=sealer, row=recomputed)
    assert recomputation["kind"] == "herberekening"
    assert recomputation["correctionTo"] == "2026-03"
    # 100.00 less income in February raises its payout by 95% of 100.00 (the rest is holiday allowance).
    delta = Decimal(recomputation["correctionCarried"]["payoutDelta"])
    assert delta == Decimal("95.00")
    assert Decimal(recomputation["payout"]) == approved_payout + delta
    open_month = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=Month(2026, 3)
    )
    assert open_month is not None
    carried = settlements.result(sealer=sealer, row=open_month)["corrections"]
    assert carried == [{"month": "2026-02", "payoutDelta": "95.00", "holidayAllowanceDelta": "5.00"}]
    open_signals = signals.open_for_worker(session=session, worker_id=scenario.worker.id)
    changed = [s for s in open_signals if s.kind == kinds.CHANGED_AFTER_APPROVAL]
    assert [s.payload["month"] for s in changed] == ["2026-02"]
    assert changed[0].payload["settlementId"] == recomputed.id


def test_approving_a_month_whose_figures_stand_adds_no_version_anywhere(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    march_tenth = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    scenario.push(dt.date(2026, 2, 2), net="350.00")
    _drain(context, parameters, default_policy, march_tenth)
    february = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert february is not None
    for status in (SettlementStatus.PROPOSED, SettlementStatus.APPROVED):
        settlements.transition(
            session=session, sealer=sealer, settlement=february, to_status=status, actor="tl-1"
        )
    session.commit()

    with context.sessions.begin() as job_session:
        outcome = recompute_worker(
            session=job_session,
            sealer=sealer,
            worker_id=scenario.worker.id,
            parameters=parameters,
            default_policy=default_policy,
            now=march_tenth + dt.timedelta(hours=1),
        )

    assert (outcome.weeks_stored, outcome.months_stored) == (0, 0)
    latest = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert latest is not None
    assert latest.id == february.id


def test_a_worker_without_case_facts_is_not_recomputed(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    session.commit()
    with context.sessions.begin() as job_session:
        outcome = recompute_worker(
            session=job_session,
            sealer=sealer,
            worker_id=worker.id,
            parameters=parameters,
            default_policy=default_policy,
            now=NOW,
        )
    assert outcome.status == "no_case"
    assert _count(session, MonthSettlement) == 0


def test_an_event_naming_several_workers_fans_out(
    session: Session,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    outbox.publish(
        session=session,
        topic=kinds.CASE_CHANGED,
        payload={"workerIds": [scenario.worker.id, "other"]},
        available_at=PUSHED_AT,
    )
    session.commit()

    # The fanned-out events are due at once: both rounds happen in one run.
    assert _drain(context, parameters, default_policy, NOW) == 3
    topics = sorted(e.topic for e in session.scalars(select(OutboxEvent)))
    assert topics == [kinds.CASE_CHANGED, kinds.RECOMPUTE_REQUESTED, kinds.RECOMPUTE_REQUESTED]
    assert _count(session, MonthSettlement) == 2


def test_a_fanned_out_event_is_due_when_the_event_it_came_from_was(
    session: Session,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """Two consumers: one fans out a push in a run that started later than the other's; the other, whose
    run claims only what was due when it started, can take the push's parts all the same."""
    outbox.publish(
        session=session,
        topic=kinds.CASE_CHANGED,
        payload={"workerIds": [scenario.worker.id, "other"]},
        available_at=PUSHED_AT,
    )
    session.commit()
    later = NOW + dt.timedelta(seconds=5)
    assert _drain(context, parameters, default_policy, later, max_events=1) == 1
    parts = list(session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.RECOMPUTE_REQUESTED)))
    assert len(parts) == 2
    assert {(part.created_at, part.available_at) for part in parts} == {(later, PUSHED_AT)}

    assert _drain(context, parameters, default_policy, NOW) == 2
    assert _count(session, MonthSettlement) == 2


@pytest.mark.postgres_only
def test_a_recompute_in_progress_holds_up_another_recompute_of_its_worker_but_not_new_data_about_them(
    committed_database: Database,
    sealer: Sealer,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """A foreign key to the worker takes a key-share lock on its row: a recompute locking its workers
    for update would make a consultant's change of the case wait until the whole batch committed."""
    with committed_database.sessions() as pushing:
        scenario = build_scenario(pushing, sealer, benefit_start=dt.date(2026, 1, 1))
        scenario.push(dt.date(2026, 2, 2))
        pushing.commit()

        def recompute(job_session: Session) -> RecomputeOutcome:
            return recompute_worker(
                session=job_session,
                sealer=sealer,
                worker_id=scenario.worker.id,
                parameters=parameters,
                default_policy=default_policy,
                now=NOW,
            )

        with committed_database.transaction() as recomputing:
            first = recompute(recomputing)
            assert first.status == "recomputed"
            # While that batch is open: the worker's next pay record and a change of their case (whose
            # row names the worker by a foreign key) are stored at once...
            scenario.push(dt.date(2026, 2, 9))
            pushing.commit()
            pushing.execute(text("SET LOCAL lock_timeout = '2s'"))
            case_facts.record(
                session=pushing,
                sealer=sealer,
                worker_id=scenario.worker.id,
                valid_from=dt.date(2026, 3, 1),
                valid_to=None,
                facts=CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE),
                recorded_by=scenario.consultant.id,
            )
            pushing.commit()
            # ...and a second recompute of the worker waits for the first.
            with committed_database.sessions() as second:
                second.execute(text("SET LOCAL lock_timeout = '200ms'"))
                with pytest.raises(OperationalError, match="lock timeout"):
                    recompute(second)
        # Only the first recompute stored anything.
        assert _count(pushing, MonthSettlement) == first.months_stored == 2


def test_the_agency_gateway_event_form_is_understood(
    session: Session,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    row = scenario.push(dt.date(2026, 2, 2))
    payload = {
        "submissionId": row.submission_id,
        "agencyId": scenario.agency.id,
        "workerIds": [scenario.worker.id],
    }
    outbox.publish(
        session=session,
        topic=kinds.PAY_RECORDS_RECEIVED,
        payload={**payload, "storedCount": 1},
        available_at=PUSHED_AT,
    )
    session.commit()

    assert _drain(context, parameters, default_policy, NOW) == 2
    assert _count(session, MonthSettlement) == 2


def test_recomputing_only_what_changed_stores_what_a_full_recompute_would(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """DESIGN §7: after an approval, new March pay, a late February correction and a new advance are each
    recomputed from the month they touch; a full recompute afterwards finds nothing to store."""
    first = scenario.push(dt.date(2026, 1, 5), net="350.00")
    scenario.push(dt.date(2026, 2, 9), net="410.00")
    march_second = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    _drain(context, parameters, default_policy, march_second)
    approved = []
    for month in (Month(2026, 1), FEBRUARY):
        row = settlements.latest_month_settlement(session=session, worker_id=scenario.worker.id, month=month)
        assert row is not None
        for status in (SettlementStatus.PROPOSED, SettlementStatus.APPROVED):
            settlements.transition(
                session=session, sealer=sealer, settlement=row, to_status=status, actor="tl"
            )
        approved.append(row.id)
    session.commit()
    march_twelfth = dt.datetime(2026, 3, 12, 12, 0, tzinfo=dt.UTC)
    scenario.push(dt.date(2026, 3, 2), net="380.00")
    _drain(context, parameters, default_policy, march_twelfth)
    scenario.correct(first, net="300.00")
    _drain(context, parameters, default_policy, march_twelfth)
    scenario.advance(Month(2026, 3), "700.00")
    for full in (False, True):  # the advance, then everything: the second finds nothing to store
        outcome = _recompute(
            context, sealer, scenario.worker.id, parameters, default_policy, march_twelfth, full=full
        )
    january = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=Month(2026, 1)
    )
    assert january is not None
    # The correction touches approved January, a month before the range today's date alone would give.
    assert january.id != approved[0]
    assert settlements.result(sealer=sealer, row=january)["kind"] == "herberekening"
    assert (outcome.status, outcome.weeks_stored, outcome.months_stored) == ("recomputed", 0, 0)
    february = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=FEBRUARY
    )
    assert february is not None
    assert february.id == approved[1]  # nothing touched February: its approved version stands


def test_open_months_before_the_range_hand_on_their_stored_ledger(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    """DESIGN §7: nothing approved, pay and an overpaid advance each month from January; in May only
    April and May are recomputed, from the stored April ledger (holiday allowance and overpayments), and a
    full recompute finds nothing to store."""
    for month in range(1, 6):
        scenario.advance(Month(2026, month), "900.00")
        scenario.push(dt.date(2026, month, 5), net="600.00")
        _drain(context, parameters, default_policy, dt.datetime(2026, month, 12, 12, 0, tzinfo=dt.UTC))
    may = dt.datetime(2026, 5, 12, 12, 0, tzinfo=dt.UTC)
    january = settlements.latest_month_settlement(
        session=session, worker_id=scenario.worker.id, month=Month(2026, 1)
    )
    assert january is not None
    assert settlements.result(sealer=sealer, row=january)["carryForward"]  # an overpayment is carried
    scenario.push(dt.date(2026, 5, 12), net="450.00")
    _drain(context, parameters, default_policy, may)
    outcome = _recompute(context, sealer, scenario.worker.id, parameters, default_policy, may, full=True)
    assert (outcome.weeks_stored, outcome.months_stored) == (0, 0)
