"""The Loonbrug regime of a simulated pilot: the cohort's true pay data through the real pipeline.

A fresh installation (gateway.simulation.installation) gets the municipality, its staff, the agencies
and every worker (gateway.simulation.seeding). Then an event clock walks day by day from the pilot's first
day to the settlement day of the month after its last month, so the last month is settled too:

    00:05        on the first day of a month: the consultants record the month's advance
    00:15-07:00  the scheduled jobs at their cron times (gateway.simulation.schedule)
    10:00        each agency pushes the records that arrive today, as one message, through the real
                 agency client to the in-process agency API; the outbox recomputes the workers
    11:00        the first working day after a leaver's last day of entitlement: end the case
    14:00        on the settlement day: propose, approve (four eyes) and export the previous month, and
                 a leaver's final settlement after their last month; what the API does not let through
                 yet is tried again every working day

The clock runs on after that day while a settlement waits, for at most a month (`TAIL_DAYS`).
Deliveries that arrive after the last simulated day are not pushed: they fall after the pilot (the
run counts them in `not_delivered`). The metrics are then read from the store (gateway.simulation.metrics).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from app_api.app import create_app as create_app_api
from app_api.config import AppApiSettings
from gateway.ingest.app import create_app as create_gateway
from gateway.ingest.config import IngestConfig
from gateway.jobs.runtime import build_environment
from gateway.simulation.advance import AdvanceRule
from gateway.simulation.agencies import Agencies, PushCounts
from gateway.simulation.asgi import Portal
from gateway.simulation.clock import SimulatedClock
from gateway.simulation.consultant import ActorLog, ConsultantActor
from gateway.simulation.installation import Installation, fresh_installation
from gateway.simulation.metrics import read_metrics
from gateway.simulation.outcome import RegimeMetrics, WorkerTrace
from gateway.simulation.schedule import Jobs
from gateway.simulation.seeding import Seeded, seed
from gateway.simulation.settings import CohortSettings
from gateway.simulation.truth import Delivery, Truth
from schemas.case import MunicipalPolicy
from schemas.pay_record import PayRecord
from schemas.periods import Month

Progress = Callable[[int, int], None]
"""Called as `progress(days_done, days_total)` after every simulated day."""

ADVANCE_TIME = dt.time(0, 5)
"""The advance run is recorded just after midnight, before the new-month recompute (00:15), so that one
recompute per worker serves both."""
PUSH_TIME = dt.time(10, 0)
END_TIME = dt.time(11, 0)
TAIL_DAYS = 31
"""After the last settlement day the clock runs on while a settlement waits (a final settlement that is
recomputed after its last month's approval, a held payout), for at most this many days."""
SETTLE_TIME = dt.time(14, 0)
UNLIMITED_RATE = 1_000_000.0
"""The agency API's per-client rate limits are for the real clock; a simulated year takes minutes."""


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day` (weekends skipped)."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def settlement_day(month: Month, settings: CohortSettings) -> dt.date:
    """The day month `month` is settled: the municipality's settlement day of the next month."""
    return settings.settlement_date(month.shift(1))


@dataclass
class LoonbrugRun:
    """What a simulated run did, besides what it stored."""

    seeded: Seeded
    log: ActorLog
    pushes: PushCounts
    job_counts: dict[str, int]
    job_failures: dict[str, int]
    last_day: dt.date
    """The last settlement day; the clock may run on after it (`TAIL_DAYS`)."""
    not_delivered: int
    """Deliveries that arrive after the last simulated day."""
    settled: dict[Month, int] = field(default_factory=dict)
    """Worker-months settled, per month."""
    pending: set[tuple[str, Month]] = field(default_factory=set)
    """Worker-months due for settlement that the API did not let through yet."""
    final_months: dict[str, Month] = field(default_factory=dict)
    """The month each ended case's final settlement is kept as, by worker key."""
    days: int = 0


def _days(first: dt.date, last: dt.date, run: LoonbrugRun) -> Iterator[dt.date]:
    """Every day from `first` to `last`, then on while settlements are pending (at most `TAIL_DAYS`)."""
    day = first
    while day <= last or (run.pending and day <= last + dt.timedelta(days=TAIL_DAYS)):
        yield day
        day += dt.timedelta(days=1)


def _active(truth: Truth, month: Month) -> list[str]:
    """Workers still on the benefit in `month` (a leaver's last month is the month they leave in)."""
    return [
        worker.key
        for worker in truth.cohort.workers
        if worker.leaves_on is None or Month.of(worker.leaves_on) >= month
    ]


@dataclass(frozen=True)
class _Day:
    """What the actors do at their moments of a simulated day; each step ends with the outbox."""

    truth: Truth
    actor: ConsultantActor
    agencies: Agencies
    jobs: Jobs
    run: LoonbrugRun

    def advances(self, month: Month, day: dt.date, now: dt.datetime) -> None:
        """The consultants record the advance of the month that begins today."""
        for worker_key in _active(self.truth, month):
            self.actor.record_advance(
                worker_key, month, self.actor.advance_for(worker_key, month), paid_on=day
            )
        self.jobs.outbox(now)

    def pushes(self, by_agency: dict[str, list[PayRecord]], now: dt.datetime) -> None:
        """Each agency pushes today's records in one message."""
        for agency, records in sorted(by_agency.items()):
            self.agencies.push(agency, records)
        self.jobs.outbox(now)

    def end_cases(self, worker_keys: list[str], now: dt.datetime) -> None:
        """The consultants end the cases of workers who left for a job."""
        for worker_key in worker_keys:
            leaves_on = self.truth.cohort.worker(worker_key).leaves_on
            assert leaves_on is not None  # only leavers are scheduled here
            self.run.final_months[worker_key] = self.actor.end_case(worker_key, leaves_on)
        self.jobs.outbox(now)

    def settle(self, month: Month, now: dt.datetime) -> None:
        """Settle every active worker's month (and a leaver's final settlement after their last month),
        then export; what the API does not let through today (a payout held until its pay data is
        complete, a bufferbudget decision to be recomputed first) is tried again every working day."""
        for worker_key in _active(self.truth, month):
            self.run.pending.add((worker_key, month))
            final = self.run.final_months.get(worker_key)
            if final is not None and final == month.shift(1):
                self.run.pending.add((worker_key, final))
        self.retry(now)

    def _settle(self, worker_key: str, month: Month) -> bool:
        if self.run.final_months.get(worker_key) == month:
            return self.actor.settle_final(worker_key, month)
        return self.actor.settle(worker_key, month)

    def retry(self, now: dt.datetime) -> None:
        """Try every pending worker-month again; export each month that got approvals."""
        done = {(key, month) for key, month in sorted(self.run.pending) if self._settle(key, month)}
        self.run.pending -= done
        for month in sorted({month for _, month in done}):
            self.run.settled[month] = self.run.settled.get(month, 0) + sum(1 for _, m in done if m == month)
            self.actor.export(month)
        self.jobs.outbox(now)


def run_in(
    *,
    installation: Installation,
    truth: Truth,
    settings: CohortSettings,
    policy: MunicipalPolicy,
    progress: Progress | None = None,
) -> LoonbrugRun:
    """Run the pilot in `installation` (see the module docstring) and return what was done."""
    cohort = truth.cohort
    seeded = seed(installation=installation, cohort=cohort, truth=truth, policy=policy)
    first_day = cohort.first_month.first_day
    last_day = settlement_day(cohort.last_month, settings)
    months = [cohort.first_month.shift(n) for n in range(cohort.months)]
    settle_on = {settlement_day(month, settings): month for month in months}
    end_on: dict[dt.date, list[str]] = defaultdict(list)
    for worker in cohort.workers:
        if worker.leaves_on is not None:
            end_on[next_working_day(worker.leaves_on)].append(worker.key)
    advance_on = {month.first_day: month for month in months}
    arrivals: dict[dt.date, dict[str, list[PayRecord]]] = defaultdict(lambda: defaultdict(list))
    late: list[Delivery] = []
    for delivery in truth.deliveries:
        if delivery.arrives_on > last_day:
            late.append(delivery)
        else:
            arrivals[max(first_day, delivery.arrives_on)][delivery.agency].append(delivery.record)

    clock = SimulatedClock(first_day)
    environment = build_environment(settings=installation.settings, database=installation.database)
    jobs = Jobs(environment)
    gateway = create_gateway(
        installation.settings,
        database=installation.database,
        sealer=installation.sealer,
        config=IngestConfig(
            issuer=installation.settings.gateway_url.rstrip("/"),
            push_rate=UNLIMITED_RATE,
            push_burst=1_000_000,
            token_rate=UNLIMITED_RATE,
            token_burst=1_000_000,
        ),
    )
    app = create_app_api(
        settings=installation.settings,
        api_settings=AppApiSettings(issuers=[]),
        database=installation.database,
        keyring=installation.keyring,
        clock=clock,
    )
    total_days = (last_day - first_day).days + 1
    with Portal() as portal:
        agencies = Agencies(portal=portal, gateway=gateway, signing_keys=seeded.signing_keys)
        rule = AdvanceRule(cohort=cohort, settings=settings, parameters=environment.parameters, policy=policy)
        actor = ConsultantActor(portal=portal, app=app, installation=installation, seeded=seeded, rule=rule)
        run = LoonbrugRun(
            seeded=seeded,
            log=actor.log,
            pushes=agencies.counts,
            job_counts={},
            job_failures={},
            last_day=last_day,
            not_delivered=len(late),
        )
        day_run = _Day(truth=truth, actor=actor, agencies=agencies, jobs=jobs, run=run)
        try:
            for number, day in enumerate(_days(first_day, last_day, run), start=1):
                agenda: list[tuple[dt.time, Callable[[dt.datetime], object]]] = [
                    (time, partial(jobs.run, name)) for time, name in jobs.due(day)
                ]
                if day in advance_on:
                    agenda.append((ADVANCE_TIME, partial(day_run.advances, advance_on[day], day)))
                if day in arrivals:
                    agenda.append((PUSH_TIME, partial(day_run.pushes, arrivals[day])))
                if day in end_on:
                    agenda.append((END_TIME, partial(day_run.end_cases, end_on[day])))
                if day in settle_on:
                    agenda.append((SETTLE_TIME, partial(day_run.settle, settle_on[day])))
                elif run.pending and day.weekday() < 5:
                    agenda.append((SETTLE_TIME, day_run.retry))
                for time, action in sorted(agenda, key=lambda item: item[0]):
                    action(clock.set(day, time))
                run.days = number
                if progress is not None:
                    progress(min(number, total_days), total_days)
        finally:
            agencies.close()
            actor.close()
    run.job_counts = dict(jobs.counts)
    run.job_failures = dict(jobs.failures)
    return run


def run_loonbrug(
    *,
    truth: Truth,
    settings: CohortSettings,
    database_url: str | None,
    policy: MunicipalPolicy,
    progress: Progress | None = None,
) -> tuple[RegimeMetrics, dict[str, WorkerTrace]]:
    """Run the Loonbrug regime on a fresh installation (SQLite, or an own schema in the PostgreSQL
    database of `database_url`) and read its metrics from the store; the installation is removed after."""
    with fresh_installation(database_url) as installation:
        run = run_in(
            installation=installation, truth=truth, settings=settings, policy=policy, progress=progress
        )
        return read_metrics(
            installation=installation,
            truth=truth,
            settings=settings,
            worker_ids=run.seeded.worker_ids,
            actions=run.log.total,
        )
