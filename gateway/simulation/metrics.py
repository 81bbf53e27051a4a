"""The Loonbrug regime's figures, read from the store after a simulated run.

Nothing here trusts the simulator's own bookkeeping: the settlements are the approved versions as stored
(decrypted through the Sealer), the payments are the advances in the store plus the back payments of the
approved settlements, and the signals come from the signal table. Per worker-month the version that
counts is the newest approved (or exported) one; recomputations of approved months are carried into an
open month as corrections, so they are counted there.

- Recovery claim: an approved settlement that reports an amount `notOffset` (an overpayment not set off
  within the art. 58 term, or what a final settlement could not set off): one claim each, made on the
  settlement day it was approved on. Cause: "uitstroom" for a worker who left the benefit, else
  "verrekentermijn" (the set-off term ran out while the worker stayed). A leaver whose case has no
  approved final settlement has no payout left to set off against: what their last approved month still
  carries forward counts as one claim too. Overpayments of stayers still within their term when the
  pilot ends are not claims (yet).
- Set-off: an approved settlement that set an earlier overpayment off (`offset`).
- Back payment: an approved settlement with `toPay`, paid on the settlement day.
- Complete / incomplete: the `complete` flag of the approved version (the month was over and no enrolled
  period was missing) at approval.
- Investigation: a worker whose pay data contradicted itself when the consultant settled: a year-to-date
  jump (the year-to-date figures do not follow from the records) or two overlapping periods of one
  agency, open at 14:00 on a settlement day (gateway.jobs.kinds). That is Loonbrug's counterpart of the
  baseline's signal, where two sources about the same income disagree. Not counted: a gap between
  periods (a record not delivered yet, which makes the month incomplete and is chased with the agency,
  like a declaration that is late in the baseline), two periods paid on one date (usual after a late
  payment), missing-period notices, disregard alerts, exit forecasts and held payouts.
- Consultant actions: the actor's app API calls that changed something (advances, proposals, approvals,
  export files, case ends, bufferbudget decisions), per worker-month on the benefit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from gateway.jobs import kinds
from gateway.simulation.clock import SimulatedClock
from gateway.simulation.cohort import Cohort
from gateway.simulation.installation import Installation
from gateway.simulation.outcome import ZERO, Claim, Ledger, RegimeMetrics, WorkerTrace
from gateway.simulation.settings import CohortSettings
from gateway.simulation.truth import Truth
from gateway.store import advances, settlements
from gateway.store.models import MonthSettlement as SettlementRow
from gateway.store.models import SettlementStatus, Signal
from schemas.figures import MonthSettlement, ResultKind
from schemas.periods import Month

SETTLED = (SettlementStatus.APPROVED.value, SettlementStatus.EXPORTED.value)
INVESTIGATION_KINDS = frozenset({kinds.YTD_JUMP, kinds.DUPLICATE_PERIOD})
"""The signals that count as an investigation (see the module docstring)."""
SETTLE_TIME = dt.time(14, 0)
"""When the consultant settles on a settlement day (gateway.simulation.pipeline)."""


def months_on_benefit(cohort: Cohort, worker_key: str) -> list[Month]:
    """The pilot months a worker is on the benefit (a leaver up to the month they leave in)."""
    worker = cohort.worker(worker_key)
    last = cohort.last_month
    if worker.leaves_on is not None:
        last = min(last, Month.of(worker.leaves_on))
    count = (last.year - cohort.first_month.year) * 12 + last.month - cohort.first_month.month + 1
    return [cohort.first_month.shift(index) for index in range(max(0, count))]


def approved_settlements(
    *, installation: Installation, worker_ids: dict[str, str]
) -> dict[str, dict[Month, MonthSettlement]]:
    """Per worker key and month, the newest approved or exported version, decrypted."""
    keys = {worker_id: key for key, worker_id in worker_ids.items()}
    newest: dict[tuple[str, str], SettlementRow] = {}
    with installation.database.sessions() as session:
        rows = session.scalars(select(SettlementRow).where(SettlementRow.status.in_(SETTLED)))
        for row in rows:
            found = newest.get((row.worker_id, row.month))
            if found is None or row.version > found.version:
                newest[(row.worker_id, row.month)] = row
        result: dict[str, dict[Month, MonthSettlement]] = defaultdict(dict)
        for (worker_id, month), row in newest.items():
            figures = MonthSettlement.model_validate(settlements.result(sealer=installation.sealer, row=row))
            result[keys[worker_id]][Month.parse(month)] = figures
    return dict(result)


def paid_advances(
    *, installation: Installation, worker_ids: dict[str, str]
) -> dict[str, dict[Month, tuple[Decimal, dt.date]]]:
    """Per worker key and month, the advance that counts (the last one recorded) and the day it was paid."""
    result: dict[str, dict[Month, tuple[Decimal, dt.date]]] = {}
    with installation.database.sessions() as session:
        for key, worker_id in worker_ids.items():
            entries = advances.for_worker(session=session, sealer=installation.sealer, worker_id=worker_id)
            result[key] = {
                entry.month: (entry.amount, entry.paid_on or entry.month.first_day) for entry in entries
            }
    return result


def investigated(
    *, installation: Installation, worker_ids: dict[str, str], moments: list[dt.datetime]
) -> set[str]:
    """Worker keys with an investigation signal open at one of `moments` (see the module docstring)."""
    keys = {worker_id: key for key, worker_id in worker_ids.items()}
    found: set[str] = set()
    with installation.database.sessions() as session:
        signals = session.scalars(select(Signal).where(Signal.kind.in_(sorted(INVESTIGATION_KINDS))))
        for signal in signals:
            if any(
                signal.created_at <= moment and (signal.resolved_at is None or signal.resolved_at > moment)
                for moment in moments
            ):
                found.add(keys[signal.worker_id])
    return found


def read_metrics(
    *,
    installation: Installation,
    truth: Truth,
    settings: CohortSettings,
    worker_ids: dict[str, str],
    actions: int,
) -> tuple[RegimeMetrics, dict[str, WorkerTrace]]:
    """The Loonbrug regime's figures and every worker's trace, from the store."""
    cohort = truth.cohort
    pilot = [cohort.first_month.shift(index) for index in range(cohort.months)]
    settle_days = {month: settings.settlement_date(month.shift(1)) for month in pilot}
    approved = approved_settlements(installation=installation, worker_ids=worker_ids)
    paid = paid_advances(installation=installation, worker_ids=worker_ids)
    ledger = Ledger(
        workers=len(cohort.workers),
        worker_months=sum(len(months_on_benefit(cohort, worker.key)) for worker in cohort.workers),
        actions=actions,
    )
    ledger.investigated = investigated(
        installation=installation,
        worker_ids=worker_ids,
        moments=[SimulatedClock.moment(day, SETTLE_TIME) for day in settle_days.values()],
    )
    traces: dict[str, WorkerTrace] = {}
    for worker in cohort.workers:
        stayer = worker.leaves_on is None
        payouts: list[tuple[dt.date, Decimal]] = []
        for amount, paid_on in sorted(paid.get(worker.key, {}).values(), key=lambda entry: entry[1]):
            ledger.pay(worker.key, paid_on, amount)
            payouts.append((paid_on, amount))
        own = approved.get(worker.key, {})
        for month, figures in sorted(own.items()):
            # A final settlement is stored as the month after the case's end, and settled then.
            on = settle_days.get(month) or settings.settlement_date(month.shift(1))
            if figures.kind is ResultKind.SETTLEMENT:
                if figures.complete:
                    ledger.months_complete += 1
                else:
                    ledger.months_incomplete += 1
            if figures.offset:
                ledger.offsets.append(figures.offset)
            if figures.to_pay:
                ledger.back_payments.append(figures.to_pay)
                ledger.pay(worker.key, on, figures.to_pay)
                payouts.append((on, figures.to_pay))
            if figures.not_offset:
                cause = "verrekentermijn" if stayer else "uitstroom"
                ledger.claims.append(Claim(worker.key, on, figures.not_offset, cause, stayer))
                ledger.not_offset.append((figures.not_offset, stayer))
                payouts.append((on, -figures.not_offset))
        last = own[max(own)] if own else None
        if not stayer and last is not None and last.kind is not ResultKind.FINAL and last.carry_forward:
            # A leaver without a final settlement: no payout follows to set the open overpayments off.
            left = sum((item.amount for item in last.carry_forward), ZERO)
            on = settings.settlement_date(last.month.shift(1))
            ledger.claims.append(Claim(worker.key, on, left, "uitstroom", stayer))
            ledger.not_offset.append((left, stayer))
            payouts.append((on, -left))
        # The weekly exit line of the last whole month on the benefit: a final settlement has none, and
        # the month the case ends has a norm for part of the month only.
        whole = [figures for _, figures in sorted(own.items()) if figures.kind is not ResultKind.FINAL]
        whole = [figures for figures in whole if figures.end is None] or whole
        exit_weekly = whole[-1].remaining.weekly_exit_income if whole else ZERO
        traces[worker.key] = WorkerTrace(
            worker.key, worker.story, truth.weekly_net(worker.key), exit_weekly, sorted(payouts)
        )
    return ledger.metrics(months=pilot), traces
