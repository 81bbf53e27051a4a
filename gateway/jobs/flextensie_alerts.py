"""Flextensie alerts for consultants: a placement nears its end, or the premium nears its yearly maximum.

Daily, for every worker with a placement (or with an open Flextensie alert), the signals of these kinds are
made to match what the rules find today (gateway.engine.flextensie.alerts, synced by gateway.jobs.findings):
a new situation raises one signal, a situation that has passed resolves it, and a signal a consultant
dismissed stays dismissed. Running the job twice changes nothing the second time. Payloads hold ids,
dates and codes only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine.flextensie import alerts
from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters import keys as k
from gateway.jobs import findings
from gateway.jobs.clock import local_date
from gateway.jobs.context import JobContext, JobReport
from gateway.store import flextensie, flextensie_ledger
from gateway.store.models import Placement, Signal, Worker
from gateway.store.sealing import Sealer
from schemas.flextensie import PlacementStatus

JOB_NAME = "flextensie_alerts"


def worker_findings(
    *, session: Session, sealer: Sealer, worker: Worker, today: dt.date, parameters: ParameterSet
) -> list[findings.Finding]:
    """What the Flextensie rules find about one worker today."""
    found: list[alerts.Alert] = []
    for row in flextensie.placements(
        session=session, municipality_id=worker.municipality_id, worker_id=worker.id
    ):
        alert = alerts.einde_in_zicht(
            placement_id=row.id,
            alert_date=row.alert_date,
            last_day=flextensie.last_day(row),
            active=row.status == PlacementStatus.ACTIVE.value,
            today=today,
        )
        if alert is not None:
            found.append(alert)
    entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker.id)
    accrued = flextensie_ledger.accrued_per_year(entries).get(today.year)
    if accrued is not None:
        history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)
        cap_alert = alerts.premiemaximum_in_zicht(
            year=today.year,
            accrued=accrued,
            cap=parameters.at(k.PREMIUM_MAX_PER_YEAR, today),
            rate=history.at(today).policy.cap_alert_rate,
        )
        if cap_alert is not None:
            found.append(cap_alert)
    return [findings.Finding(a.kind, a.key, a.payload) for a in found]


def run(*, context: JobContext, now: dt.datetime, parameters: ParameterSet) -> JobReport:
    """Sync the Flextensie alerts of every worker with a placement or an open Flextensie alert."""
    report = JobReport(JOB_NAME)
    today = local_date(now)
    with context.sessions() as session:
        placed = set(session.scalars(select(Placement.worker_id).distinct()))
        flagged = select(Signal.worker_id).where(
            Signal.kind.in_(sorted(alerts.KINDS)), Signal.resolved_at.is_(None)
        )
        worker_ids = sorted(placed | set(session.scalars(flagged)))
    for done, worker_id in enumerate(worker_ids, start=1):
        with context.sessions.begin() as session:
            worker = session.get(Worker, worker_id)
            found = (
                []
                if worker is None
                else worker_findings(
                    session=session, sealer=context.sealer, worker=worker, today=today, parameters=parameters
                )
            )
            result = findings.sync(
                session=session, worker_id=worker_id, kinds=alerts.KINDS, findings=found, now=now
            )
        report.add("workers")
        report.add("signals_raised", result.raised)
        report.add("signals_resolved", result.resolved)
        context.progress(JOB_NAME, done, len(worker_ids))
    return report
