"""The scheduled jobs on the simulated clock: the same job functions the scheduler runs, given `now`.

Each at its cron time (gateway.jobs.registry) on the simulated clock: every day the new-month recompute
(00:15), the release of held payouts past their deadline (00:30) and the proposals (06:30); on Mondays
the missing-data check (06:00); on the first day of a month the anomaly checks (05:00) and the disregard
alerts (07:00). The outbox, which the scheduler polls every five seconds, runs after every burst of
activity (the advances, a day's pushes, the settlement day), so each event is handled on the day it arose.

Two daily jobs run monthly here, because a daily run would find nothing more and costs most of a
simulated year's time: the alerts' findings change only when a month begins (they look a number of months
ahead) or a case changes (which the simulation does not do mid-month), and the anomaly checks' findings
change only with pay records or enrollments, which the outbox already checks for every worker it
recomputes; their scheduled sweep is a safety net for events that failed.

Left out, because they keep the installation rather than serve the cases: retention and the audit-chain
checkpoint (both work by the real clock), and the Flextensie alerts (the pilot has no placements).

The outbox events are stamped with the real clock when they are written (gateway.store.outbox takes no
clock), which lies after the simulated year; so the consumer claims what is due by the real clock and its
handlers recompute as of the simulated moment. A real deployment's clocks agree, and then both are one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy.orm import Session

from gateway.jobs import handlers, outbox_consumer
from gateway.jobs.context import JobReport
from gateway.jobs.outbox_consumer import Batch, Handler
from gateway.jobs.registry import JobEnvironment, find
from gateway.store.models import OutboxEvent

DAILY = (
    (dt.time(0, 15), "recompute_new_month"),
    (dt.time(0, 30), "recompute_held"),
    (dt.time(6, 30), "proposals"),
)
MONDAYS = ((dt.time(6, 0), "missing_data"),)
FIRST_OF_MONTH = ((dt.time(5, 0), "anomalies"), (dt.time(7, 0), "alerts"))


def _at(handler: Handler, simulated: dt.datetime) -> Handler:
    def handle(session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        handler(session, event, simulated, batch)

    return handle


class Jobs:
    """Runs the jobs for one simulated installation and adds up what they report."""

    def __init__(self, environment: JobEnvironment) -> None:
        self.environment = environment
        self.counts: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self._handlers = handlers.handlers(
            sealer=environment.context.sealer,
            parameters=environment.parameters,
            default_policy=environment.default_policy,
            ytd_tolerance=environment.policy.ytd_tolerance,
            missing=environment.policy.missing_data,
            sender=environment.sender,
        )

    def _add(self, report: JobReport) -> None:
        for name, value in report.counts.items():
            self.counts[f"{report.job}.{name}"] += value
        if report.failed or report.count("failed"):
            self.failures[report.job] += 1

    def run(self, name: str, now: dt.datetime) -> JobReport:
        """Run one scheduled job as of the simulated `now`; the recomputes a job asked for (published
        outbox events) are then done at once, as the scheduler's consumers would within seconds."""
        report = find(name).run(self.environment, now)
        self._add(report)
        if report.count("published"):
            self.outbox(now)
        return report

    def outbox(self, now: dt.datetime) -> JobReport:
        """Handle every waiting event as of the simulated `now` (see the module docstring)."""
        report = outbox_consumer.process_outbox(
            sessions=self.environment.context.sessions,
            handlers={topic: _at(handler, now) for topic, handler in self._handlers.items()},
            now=dt.datetime.now(dt.UTC),
            policy=self.environment.policy.outbox,
            progress=self.environment.context.progress,
        )
        self._add(report)
        return report

    def due(self, day: dt.date) -> list[tuple[dt.time, str]]:
        """The scheduled jobs of `day`, in the order of their times."""
        due = list(DAILY)
        if day.weekday() == 0:
            due += MONDAYS
        if day.day == 1:
            due += FIRST_OF_MONTH
        return sorted(due)
