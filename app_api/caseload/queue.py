"""The work queue of the caseload: per worker the newest month at a glance and what needs doing.

What needs doing, in the order a consultant works: a complete month still in concept is to be proposed;
a proposed month is to be approved by a team lead who may (not the proposer under four eyes); missing pay
slips the agency was not asked for yet; other signals that want a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app_api.auth.principal import StaffActor
from app_api.caseload.schemas import CaseloadMonth, ToDo, ToDoAction
from app_api.months import repository as months_repository
from app_api.months import service as months
from app_api.months.schemas import Status
from app_api.settlements import steps
from app_api.signals import views
from gateway.jobs import kinds
from gateway.store import case_ends
from gateway.store.models import MonthSettlement as MonthSettlementRow
from gateway.store.models import Signal
from gateway.store.sealing import Sealer
from schemas.figures import ResultKind

_RECENT_MONTHS = 3
"""Months looked at for work: the running month and the two before, which may still be open."""


def recent_months(*, session: Session, worker_id: str) -> list[MonthSettlementRow]:
    """The newest version of the worker's latest months that still hold, latest first."""
    _, last_month = case_ends.shown_until(session=session, worker_id=worker_id)
    return months_repository.latest_page(
        session=session, worker_id=worker_id, offset=0, limit=_RECENT_MONTHS, until=last_month
    )


def summary(*, sealer: Sealer, rows: Sequence[MonthSettlementRow], today: dt.date) -> CaseloadMonth | None:
    """The newest month: status, earnings so far and the payout as it stands."""
    if not rows:
        return None
    row = rows[0]
    result = months.settlement(sealer=sealer, row=row)
    return CaseloadMonth(
        month=result.month,
        status=Status.of(row.status),
        kind=result.kind,
        complete=result.complete,
        running=result.month.first_day <= today <= result.month.last_day,
        income=result.income,
        payout=result.payout,
        difference=result.difference,
    )


def to_do(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    rows: Sequence[MonthSettlementRow],
    signals: Sequence[Signal],
) -> list[ToDo]:
    """What needs doing for one worker, most pressing first."""
    found: list[ToDo] = []
    for row in reversed(rows):
        if row.status == Status.CONCEPT.stored.value:
            result = months.settlement(sealer=sealer, row=row)
            if result.complete and result.kind is not ResultKind.RECOMPUTATION:
                found.append(ToDo(action=ToDoAction.PROPOSE, month=result.month))
        elif row.status == Status.PROPOSED.stored.value and steps.may_approve(
            session=session, actor=actor, row=row
        ):
            found.append(
                ToDo(action=ToDoAction.APPROVE, month=months.settlement(sealer=sealer, row=row).month)
            )
    missing = [s for s in signals if s.kind == kinds.MISSING_PERIOD and not s.payload.get(views.ASKED_AT)]
    if missing:
        found.append(ToDo(action=ToDoAction.ASK_AGENCY, count=len(missing)))
    others = [s for s in signals if s.kind != kinds.MISSING_PERIOD and views.actions(s.kind)]
    if others:
        found.append(ToDo(action=ToDoAction.REVIEW_SIGNALS, count=len(others)))
    return found
