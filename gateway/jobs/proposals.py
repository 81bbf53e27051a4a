"""Monthly settlement proposals: move each month's newest draft settlement to `proposed`, as the jobs.

The consultant settles a month while it is still that month (DESIGN §1): from the policy's proposal day
(policy.json `proposals.dayOfMonth`) the current month's drafts are proposed; drafts of earlier months
are proposed on any day. Left alone:
- recomputations of approved months (result kind `herberekening`): their difference is carried into an
  open month as a correction, so proposing them would settle it twice;
- a version that was proposed before and sent back to draft by a consultant: that was their decision;
- versions that a newer version superseded.
Running the job twice proposes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from gateway.jobs.clock import local_date
from gateway.jobs.context import SYSTEM_ACTOR, JobContext, JobReport
from gateway.store import settlements
from gateway.store.models import MonthSettlement, SettlementStatus, SettlementTransition
from gateway.store.sealing import Sealer
from schemas.figures import ResultKind
from schemas.periods import Month

JOB_NAME = "proposals"


def last_month_to_propose(*, today: dt.date, proposal_day: int) -> Month:
    """The newest month whose drafts are proposed on `today`."""
    current = Month.of(today)
    return current if today.day >= proposal_day else current.shift(-1)


def candidates(
    *, session: Session, through: Month, settlement_id: str | None = None
) -> list[MonthSettlement]:
    """Newest versions up to month `through` that are drafts and were never proposed (or just this one).

    "Newest" is asked per row through the (worker, month, version) index, so the check for one settlement
    does not group the whole table.
    """
    newer = aliased(MonthSettlement)
    superseded = exists().where(
        newer.worker_id == MonthSettlement.worker_id,
        newer.month == MonthSettlement.month,
        newer.version > MonthSettlement.version,
    )
    proposed_before = exists().where(
        SettlementTransition.settlement_id == MonthSettlement.id,
        SettlementTransition.to_status == SettlementStatus.PROPOSED.value,
    )
    statement = (
        select(MonthSettlement)
        .where(
            MonthSettlement.status == SettlementStatus.DRAFT.value,
            MonthSettlement.month <= str(through),
            ~superseded,
            ~proposed_before,
        )
        .order_by(MonthSettlement.month, MonthSettlement.worker_id)
    )
    if settlement_id is not None:
        statement = statement.where(MonthSettlement.id == settlement_id)
    return list(session.scalars(statement))


def propose(*, session: Session, sealer: Sealer, settlement: MonthSettlement, now: dt.datetime) -> bool:
    """Propose one draft unless it is a recomputation of an approved month; tell whether it was proposed."""
    kind = settlements.result(sealer=sealer, row=settlement).get("kind")
    if kind != ResultKind.SETTLEMENT.value:
        return False
    step = settlements.transition(
        session=session,
        sealer=sealer,
        settlement=settlement,
        to_status=SettlementStatus.PROPOSED,
        actor=SYSTEM_ACTOR,
    )
    step.at = now
    session.flush()
    return True


def run(*, context: JobContext, now: dt.datetime, proposal_day: int) -> JobReport:
    """Propose the drafts due on the day of `now`."""
    report = JobReport(JOB_NAME)
    through = last_month_to_propose(today=local_date(now), proposal_day=proposal_day)
    with context.sessions() as session:
        rows = candidates(session=session, through=through)
        # A recomputation is never proposed; its kind is in the row's inputs (older rows: decrypted below).
        ids = [row.id for row in rows if row.inputs.get("kind") != ResultKind.RECOMPUTATION.value]
        if len(rows) > len(ids):
            report.add("recomputations_left", len(rows) - len(ids))
    for done, settlement_id in enumerate(ids, start=1):
        with context.sessions.begin() as session:
            session.get(MonthSettlement, settlement_id, with_for_update=True)
            # Checked again under the row lock: a consultant or a recompute may have acted in between.
            still = candidates(session=session, through=through, settlement_id=settlement_id)
            if not still:
                report.add("skipped")
            elif propose(session=session, sealer=context.sealer, settlement=still[0], now=now):
                report.add("proposed")
            else:
                report.add("recomputations_left")
        context.progress(JOB_NAME, done, len(ids))
    return report
