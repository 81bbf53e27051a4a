"""Alerts for consultants: granted disregards (vrijlatingen) whose last month is near.

A grant's window counts calendar months from its start month (as the engine's rule 3 does): n for
`disregard.n.months`, r for `disregard.r.months`, art. 34a for `balans.months` (the number valid in
the start month, from the engine's parameter files), ending earlier at the grant's `endMonth`; y has no
time limit, and neither have n and art. 34a for a person at pensionable age. The consultant is alerted
from `disregardLeadMonths` (policy.json) before the last month until it has passed; the alert then
resolves by itself. Flextensie placement alerts are gateway.jobs.flextensie_alerts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters import keys as k
from gateway.engine.rules.leeftijd import op_aow_leeftijd
from gateway.jobs import findings, kinds
from gateway.jobs.clock import local_date
from gateway.jobs.context import JobContext, JobReport
from gateway.store import case_facts
from gateway.store.models import BenefitCaseFact, Signal, Worker
from schemas.benefit_case import BenefitCase, DisregardGrant, DisregardKind, Person
from schemas.periods import Month

JOB_NAME = "alerts"
_WINDOW_MONTHS = {
    DisregardKind.N: k.DISREGARD_N_MONTHS,
    DisregardKind.R: k.DISREGARD_R_MONTHS,
    DisregardKind.BALANS: k.BALANS_MONTHS,
}
_NO_LIMIT_AT_PENSION_AGE = frozenset({DisregardKind.N, DisregardKind.BALANS})


def _birth_date(case: BenefitCase, person: Person, month: Month) -> dt.date | None:
    if person is Person.CLAIMANT:
        return case.birth_date
    for period in case.household:
        if period.valid_from <= month.first_day and (
            period.valid_to is None or period.valid_to >= month.first_day
        ):
            return period.partner_birth_date
    return None


def last_month(*, case: BenefitCase, grant: DisregardGrant, parameters: ParameterSet) -> Month | None:
    """The last month of a grant's window, or None when it has no end in sight."""
    key = _WINDOW_MONTHS.get(grant.kind)
    if key is None:
        return grant.end_month
    # A grant older than the parameter files has the window of the earliest value they hold.
    window = parameters.series(key)
    start = max(grant.start_month.first_day, window.values[0].valid_from)
    last = grant.start_month.shift(window.at(start).whole - 1)
    if grant.end_month is not None and grant.end_month <= last:
        return grant.end_month
    if grant.kind in _NO_LIMIT_AT_PENSION_AGE:
        birth_date = _birth_date(case, grant.person, last)
        after = last.shift(1)
        if (
            birth_date is not None
            and op_aow_leeftijd(birth_date=birth_date, month=after, parameters=parameters)[0]
        ):
            return grant.end_month
    return last


def ending_disregards(
    *, case: BenefitCase, parameters: ParameterSet, current: Month, lead_months: int
) -> list[findings.Finding]:
    """Grants whose last month lies from `current` to `lead_months` after it."""
    result = []
    for grant in case.disregards:
        last = last_month(case=case, grant=grant, parameters=parameters)
        if last is None or not current <= last <= current.shift(lead_months):
            continue
        payload = {
            "disregardKind": grant.kind.value,
            "person": grant.person.value,
            "startMonth": str(grant.start_month),
            "lastMonth": str(last),
        }
        key = f"{grant.kind.value}:{grant.person.value}:{grant.start_month}:{last}"
        result.append(findings.Finding(kinds.DISREGARD_ENDING, key, payload))
    return result


def run(*, context: JobContext, now: dt.datetime, parameters: ParameterSet, lead_months: int) -> JobReport:
    """Alert on disregards ending soon for every worker with case facts (or an open alert)."""
    report = JobReport(JOB_NAME)
    current = Month.of(local_date(now))
    with context.sessions() as session:
        with_facts = set(session.scalars(select(BenefitCaseFact.worker_id).distinct()))
        flagged = select(Signal.worker_id).where(
            Signal.kind == kinds.DISREGARD_ENDING, Signal.resolved_at.is_(None)
        )
        worker_ids = sorted(with_facts | set(session.scalars(flagged)))
    for done, worker_id in enumerate(worker_ids, start=1):
        with context.sessions.begin() as session:
            worker = session.get(Worker, worker_id)
            case = (
                None
                if worker is None
                else case_facts.load(session=session, sealer=context.sealer, worker=worker)
            )
            found = (
                []
                if case is None
                else ending_disregards(
                    case=case, parameters=parameters, current=current, lead_months=lead_months
                )
            )
            result = findings.sync(
                session=session, worker_id=worker_id, kinds={kinds.DISREGARD_ENDING}, findings=found, now=now
            )
        report.add("workers")
        report.add("signals_raised", result.raised)
        report.add("signals_resolved", result.resolved)
        context.progress(JOB_NAME, done, len(worker_ids))
    return report
