"""A couple where both partners work: the partner's pay records count in the claimant's couple months.

The partner is a worker of the same municipality (without a case of their own) whose agency pushes
under the partner's BSN; the claimant's case facts name that BSN for the couple period.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds
from gateway.jobs.context import JobContext
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.store import case_facts, outbox, settlements
from gateway.store.models import MonthSettlement, OutboxEvent, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case import MunicipalPolicy
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests.factories import TEST_BSNS, make_enrollment, make_worker
from tests.jobs.scenario import PUSHED_AT, Scenario

NOW = dt.datetime(2026, 2, 27, 12, 0, tzinfo=dt.UTC)
JANUARY, FEBRUARY = Month(2026, 1), Month(2026, 2)
COUPLE_FROM = dt.date(2026, 2, 1)
CLAIMANT_BSN, PARTNER_BSN = TEST_BSNS[0], TEST_BSNS[1]


def _drain(
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    *,
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
        sessions=context.sessions, handlers=table, now=NOW, policy=jobs_policy().outbox, max_events=max_events
    )
    assert report.count("failed") == 0, report.summary()
    return report.count("processed")


def _couple(
    scenario: Scenario, *, claimant: Worker, partner_bsn: str, valid_from: dt.date = COUPLE_FROM
) -> None:
    """Record the claimant as living together with `partner_bsn` from `valid_from`."""
    case_facts.record(
        session=scenario.session,
        sealer=scenario.sealer,
        worker_id=claimant.id,
        valid_from=valid_from,
        valid_to=None,
        facts=CaseFacts(
            benefit_start=dt.date(2026, 1, 1),
            household_type=HouseholdType.COUPLE,
            partner_birth_date=dt.date(1991, 8, 2),
            partner_bsn=partner_bsn,
        ),
        recorded_by=scenario.consultant.id,
    )
    scenario.session.commit()


def _partner(scenario: Scenario) -> Scenario:
    """The partner as a worker of the municipality, without a case, enrolled with the same agency;
    returned as a scenario whose pushes are the partner's."""
    partner = make_worker(
        scenario.session,
        scenario.sealer,
        municipality=scenario.municipality,
        bsn=PARTNER_BSN,
        name="Petra Testpartner",
        birth_date=dt.date(1991, 8, 2),
    )
    make_enrollment(scenario.session, worker=partner, agency=scenario.agency, valid_from=dt.date(2026, 1, 1))
    scenario.session.commit()
    return replace(scenario, worker=partner)


def _month(session: Session, sealer: Sealer, worker: Worker, month: Month) -> tuple[MonthSettlement, Any]:
    row = settlements.latest_month_settlement(session=session, worker_id=worker.id, month=month)
    assert row is not None
    return row, settlements.result(sealer=sealer, row=row)


def _lines(result: Any, code: str) -> list[tuple[str | None, str | None]]:
    return [(line.get("person"), line.get("amount")) for line in result["lines"] if line["code"] == code]


def test_both_incomes_count_against_the_couple_norm_with_lines_per_person(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    partner = _partner(scenario)
    _couple(scenario, claimant=scenario.worker, partner_bsn=PARTNER_BSN)
    own = [scenario.push(dt.date(2026, 2, 2) + dt.timedelta(weeks=w), net="350.00") for w in range(4)]
    theirs = [partner.push(dt.date(2026, 2, 2) + dt.timedelta(weeks=w), net="100.00") for w in range(4)]
    # Worked and paid in January, before the couple period: not the claimant's business.
    before = partner.push(dt.date(2026, 1, 5), net="100.00")

    _drain(context, parameters, default_policy)

    row, february = _month(session, sealer, scenario.worker, FEBRUARY)
    # Couple norm February 2026 (art. 21 b) 2002.13 − (1400.00 + 400.00) = 202.13.
    assert _lines(february, "NORM") == [(None, "2002.13")]
    assert (february["income"], february["bijstand"]) == ("1800.00", "202.13")
    assert sorted(_lines(february, "INKOMEN_TOTAAL")) == [("aanvrager", "1400.00"), ("partner", "400.00")]
    income_lines = _lines(february, "INKOMEN")
    assert sorted(income_lines) == sorted([("aanvrager", "350.00")] * 4 + [("partner", "100.00")] * 4)
    assert row.inputs["payRecordVersionIds"] == sorted(r.id for r in own + theirs)
    # The partner's days are checked for missing records only while they are the partner.
    assert all(m["start"] >= COUPLE_FROM.isoformat() for m in february["missing"] if m["person"] == "partner")

    january_row, january = _month(session, sealer, scenario.worker, JANUARY)
    assert before.id not in january_row.inputs["payRecordVersionIds"]
    assert all(line.get("person") != "partner" for line in january["lines"])
    assert all(m["person"] == "aanvrager" for m in january["missing"])
    # The partner has no case of their own, so nothing is settled for them.
    assert (
        settlements.latest_month_settlement(session=session, worker_id=partner.worker.id, month=FEBRUARY)
        is None
    )


def test_a_partner_record_arriving_later_recomputes_the_claimant_month_without_a_bsn_in_logs(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    partner = _partner(scenario)
    _couple(scenario, claimant=scenario.worker, partner_bsn=PARTNER_BSN)
    own = scenario.push(dt.date(2026, 2, 2), net="350.00")
    _drain(context, parameters, default_policy)
    first, result = _month(session, sealer, scenario.worker, FEBRUARY)
    assert (first.version, result["income"]) == (1, "350.00")

    late = partner.push(dt.date(2026, 2, 9), net="120.00")
    _drain(context, parameters, default_policy)

    second, result = _month(session, sealer, scenario.worker, FEBRUARY)
    assert (second.version, second.supersedes_id) == (2, first.id)
    assert result["income"] == "470.00"
    assert _lines(result, "INKOMEN_TOTAAL") == [("aanvrager", "350.00"), ("partner", "120.00")]
    assert second.inputs["payRecordVersionIds"] == sorted([own.id, late.id])

    payloads = [event.payload for event in session.scalars(select(OutboxEvent))]
    stored = repr(payloads) + repr([row.inputs for row in session.scalars(select(MonthSettlement))])
    for bsn in (CLAIMANT_BSN, PARTNER_BSN):
        assert bsn not in caplog.text
        assert bsn not in stored


def test_partners_who_name_each_other_are_both_recomputed_once(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    partner = _partner(scenario)
    _couple(scenario, claimant=scenario.worker, partner_bsn=PARTNER_BSN)
    # The partner's own case starts with the benefit, so it has facts for every settled day.
    _couple(partner, claimant=partner.worker, partner_bsn=CLAIMANT_BSN, valid_from=dt.date(2026, 1, 1))
    scenario.push(dt.date(2026, 2, 2), net="350.00")
    assert _drain(context, parameters, default_policy, max_events=20) == 3

    partner.push(dt.date(2026, 2, 2), net="100.00")
    # The push, then one recompute per partner: the fan-out is not widened again (a bound, so that a
    # recompute handed back and forth fails here instead of running for ever).
    assert _drain(context, parameters, default_policy, max_events=20) == 3

    for person in (scenario.worker, partner.worker):
        _, result = _month(session, sealer, person, FEBRUARY)
        assert result["income"] == "450.00"


def test_a_change_to_the_partner_enrollments_recomputes_the_claimant(
    session: Session,
    sealer: Sealer,
    context: JobContext,
    scenario: Scenario,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
) -> None:
    partner = _partner(scenario)
    _couple(scenario, claimant=scenario.worker, partner_bsn=PARTNER_BSN)
    _drain(context, parameters, default_policy)

    outbox.publish(
        session=session,
        topic=kinds.CASE_CHANGED,
        payload={"workerId": partner.worker.id},
        available_at=PUSHED_AT,
    )
    session.commit()
    _drain(context, parameters, default_policy)

    fanned_out = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == kinds.RECOMPUTE_REQUESTED))
    assert sorted(event.payload["workerId"] for event in fanned_out) == sorted(
        [scenario.worker.id, partner.worker.id]
    )
