"""Alerts for disregards ending: raised ahead of the last month, resolved once it has passed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import alerts, kinds
from gateway.jobs.context import JobContext
from gateway.store import case_facts, signals
from gateway.store.sealing import Sealer
from schemas.benefit_case import DisregardGrant, DisregardKind
from schemas.periods import Month
from tests.jobs.scenario import Scenario, build_scenario

N_FROM_JANUARY = DisregardGrant(kind=DisregardKind.N, start_month=Month(2026, 1))


def _at(year: int, month: int, day: int = 15) -> dt.datetime:
    return dt.datetime(year, month, day, 6, 0, tzinfo=dt.UTC)


def _alerts(session: Session, scenario: Scenario) -> list[dict[str, str]]:
    return [
        {k: v for k, v in s.payload.items() if k != "key"}
        for s in signals.open_for_worker(session=session, worker_id=scenario.worker.id)
        if s.kind == kinds.DISREGARD_ENDING
    ]


def test_disregard_n_is_alerted_a_month_before_its_sixth_month_and_resolves_after(
    session: Session, sealer: Sealer, context: JobContext, parameters: ParameterSet
) -> None:
    scenario = build_scenario(
        session, sealer, benefit_start=dt.date(2025, 10, 1), disregards=[N_FROM_JANUARY]
    )
    session.commit()

    alerts.run(context=context, now=_at(2026, 4), parameters=parameters, lead_months=1)
    assert _alerts(session, scenario) == []

    alerts.run(context=context, now=_at(2026, 5), parameters=parameters, lead_months=1)
    expected = {"disregardKind": "n", "person": "aanvrager", "startMonth": "2026-01", "lastMonth": "2026-06"}
    assert _alerts(session, scenario) == [expected]

    again = alerts.run(context=context, now=_at(2026, 6), parameters=parameters, lead_months=1)
    assert again.count("signals_raised") == 0
    assert _alerts(session, scenario) == [expected]

    alerts.run(context=context, now=_at(2026, 7), parameters=parameters, lead_months=1)
    assert _alerts(session, scenario) == []


def test_an_earlier_end_month_counts_r_runs_thirty_months_and_y_has_no_end(
    parameters: ParameterSet, session: Session, sealer: Sealer
) -> None:
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2025, 10, 1))
    case = case_facts.load(session=session, sealer=sealer, worker=scenario.worker)
    assert case is not None
    ended = DisregardGrant(kind=DisregardKind.N, start_month=Month(2026, 1), end_month=Month(2026, 3))
    medical = DisregardGrant(kind=DisregardKind.Y, start_month=Month(2026, 1))

    assert alerts.last_month(case=case, grant=ended, parameters=parameters) == Month(2026, 3)
    assert alerts.last_month(case=case, grant=medical, parameters=parameters) is None
    r_grant = DisregardGrant(kind=DisregardKind.R, start_month=Month(2026, 7))
    assert alerts.last_month(case=case, grant=r_grant, parameters=parameters) == Month(2028, 12)


def test_a_grant_older_than_the_parameter_files_has_their_earliest_window(
    parameters: ParameterSet, session: Session, sealer: Sealer
) -> None:
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2024, 6, 1))
    case = case_facts.load(session=session, sealer=sealer, worker=scenario.worker)
    assert case is not None
    granted_in_2024 = DisregardGrant(kind=DisregardKind.N, start_month=Month(2024, 10))

    assert alerts.last_month(case=case, grant=granted_in_2024, parameters=parameters) == Month(2025, 3)


def test_no_alert_when_the_person_reaches_pensionable_age_before_the_window_ends(
    session: Session, sealer: Sealer, context: JobContext, parameters: ParameterSet
) -> None:
    # Born 15 June 1959: 67 (the pensionable age) on 15 June 2026, so from July n has no time limit.
    scenario = build_scenario(
        session,
        sealer,
        benefit_start=dt.date(2025, 10, 1),
        disregards=[N_FROM_JANUARY],
        birth_date=dt.date(1959, 6, 15),
    )
    session.commit()

    alerts.run(context=context, now=_at(2026, 5), parameters=parameters, lead_months=1)

    assert _alerts(session, scenario) == []
