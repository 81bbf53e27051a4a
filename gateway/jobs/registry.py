"""Every job with its trigger: the one list the scheduler and `loonbrug jobs` read.

Cron triggers run in Dutch local time. The outbox runs in every jobs process (it claims with SKIP
LOCKED); every other job only in the leader. `recompute_all` has no trigger: it is run by hand, e.g. after new
parameter files were deployed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from apscheduler.triggers.base import BaseTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from gateway.engine.parameters import ParameterSet
from gateway.jobs import (
    alerts,
    anomalies,
    checkpoints,
    flextensie_alerts,
    handlers,
    missing_data,
    outbox_consumer,
    proposals,
    recompute_jobs,
    retention,
)
from gateway.jobs.clock import LOCAL_ZONE
from gateway.jobs.context import JobContext, JobReport
from gateway.jobs.policy import JobsPolicy
from gateway.jobs.webhooks import WebhookSender
from schemas.case import MunicipalPolicy

OUTBOX_INTERVAL_SECONDS = 5


@dataclass(frozen=True)
class JobEnvironment:
    """Everything the jobs need: the context plus the engine's parameters and the jobs' policy."""

    context: JobContext
    parameters: ParameterSet
    default_policy: MunicipalPolicy
    policy: JobsPolicy
    sender: WebhookSender | None
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set when the process shuts down: the outbox consumer ends after the batch in hand."""
    refresh: Callable[[], ParameterSet] | None = None
    """The parameter set as it is now (files plus confirmed added values); None keeps `parameters`."""

    def fresh(self) -> JobEnvironment:
        """This environment with the parameters as they are now, for the next run of a job."""
        if self.refresh is None:
            return self
        current = self.refresh()
        return self if current is self.parameters else replace(self, parameters=current)


@dataclass(frozen=True)
class JobDefinition:
    """A job: its name, what it does (Dutch, for `loonbrug jobs list`), when it runs, and the work."""

    name: str
    description: str
    schedule: str
    trigger: Callable[[], BaseTrigger] | None
    run: Callable[[JobEnvironment, dt.datetime], JobReport]
    every_process: bool = False
    """Runs in every jobs process, not only in the leader (work claimed with SKIP LOCKED, the outbox)."""


def _outbox(env: JobEnvironment, now: dt.datetime) -> JobReport:
    table = handlers.handlers(
        sealer=env.context.sealer,
        parameters=env.parameters,
        default_policy=env.default_policy,
        ytd_tolerance=env.policy.ytd_tolerance,
        missing=env.policy.missing_data,
        sender=env.sender,
    )
    return outbox_consumer.process_outbox(
        sessions=env.context.sessions,
        handlers=table,
        now=now,
        policy=env.policy.outbox,
        progress=env.context.progress,
        stopping=env.stopping.is_set,
    )


def _cron(**fields: int | str) -> Callable[[], BaseTrigger]:
    return lambda: CronTrigger(timezone=LOCAL_ZONE, **fields)


JOBS: tuple[JobDefinition, ...] = (
    JobDefinition(
        "outbox",
        "gebeurtenissen verwerken: herberekenen na nieuwe loongegevens of wijzigingen, meldingen afleveren",
        f"elke {OUTBOX_INTERVAL_SECONDS} seconden",
        lambda: IntervalTrigger(seconds=OUTBOX_INTERVAL_SECONDS),
        _outbox,
        every_process=True,
    ),
    JobDefinition(
        "recompute_new_month",
        "herberekenen wie nog geen verrekening voor de huidige maand heeft (nieuwe maand)",
        "dagelijks 00:15",
        _cron(hour=0, minute=15),
        lambda env, now: recompute_jobs.run_new_month(context=env.context, now=now),
    ),
    JobDefinition(
        "recompute_held",
        "vastgehouden betalingen vrijgeven waarvan de termijn is verstreken (herberekenen)",
        "dagelijks 00:30",
        _cron(hour=0, minute=30),
        lambda env, now: recompute_jobs.run_held(context=env.context, now=now),
    ),
    JobDefinition(
        "retention",
        "technische gegevens verwijderen waarvan de bewaartermijn voorbij is",
        "dagelijks 03:00",
        _cron(hour=3, minute=0),
        lambda env, now: retention.run(context=env.context, now=now, policy=env.policy.retention),
    ),
    JobDefinition(
        "anomalies",
        "loonstroken controleren: gaten, dubbele tijdvakken, gedeelde betaaldata, sprongen in cumulatieven",
        "dagelijks 05:00",
        _cron(hour=5, minute=0),
        lambda env, now: anomalies.run(context=env.context, now=now, tolerance=env.policy.ytd_tolerance),
    ),
    JobDefinition(
        "missing_data",
        "ontbrekende loonstroken melden aan consulenten en uitzendbureaus",
        "maandag 06:00",
        _cron(day_of_week="mon", hour=6, minute=0),
        lambda env, now: missing_data.run(context=env.context, now=now, policy=env.policy.missing_data),
    ),
    JobDefinition(
        "proposals",
        "conceptverrekeningen van de maand voorstellen",
        "dagelijks 06:30",
        _cron(hour=6, minute=30),
        lambda env, now: proposals.run(context=env.context, now=now, proposal_day=env.policy.proposal_day),
    ),
    JobDefinition(
        "alerts",
        "signaleren dat een vrijlating binnenkort afloopt",
        "dagelijks 07:00",
        _cron(hour=7, minute=0),
        lambda env, now: alerts.run(
            context=env.context,
            now=now,
            parameters=env.parameters,
            lead_months=env.policy.disregard_lead_months,
        ),
    ),
    JobDefinition(
        "flextensie_alerts",
        "signaleren dat een Flextensie-plaatsing haar einde nadert of de premie haar jaarmaximum",
        "dagelijks 07:10",
        _cron(hour=7, minute=10),
        lambda env, now: flextensie_alerts.run(context=env.context, now=now, parameters=env.parameters),
    ),
    JobDefinition(
        "audit_checkpoint",
        "auditketen controleren en een controlepunt vastleggen",
        "elk uur",
        lambda: IntervalTrigger(hours=1),
        lambda env, now: checkpoints.run(context=env.context, now=now),
    ),
    JobDefinition(
        "recompute_all",
        "iedereen herberekenen (na nieuwe parameterbestanden)",
        "alleen met de hand",
        None,
        lambda env, now: recompute_jobs.run_all(context=env.context, now=now),
    ),
)


def find(name: str) -> JobDefinition:
    """The job called `name`; KeyError when there is none."""
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
