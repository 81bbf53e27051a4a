"""Reading month settlements: decrypt stored results, add status and workflow, within the access rules."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app_api import staff_names
from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.months import repository
from app_api.months.schemas import (
    HoldSummary,
    MonthDetail,
    MonthSummary,
    MonthVersion,
    MonthView,
    Status,
    Transition,
)
from app_api.months.sources import income_sources
from app_api.pagination import Page, Paging
from app_api.settlements import steps
from gateway.store import case_ends, settlements
from gateway.store.models import MonthSettlement as MonthSettlementRow
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from gateway.web.errors import NotFound
from schemas.figures import MonthSettlement
from schemas.periods import Month


class MonthNotFound(NotFound):
    """No settlement for this month (yet), or not this version."""

    code = "month_not_found"

    def __init__(self) -> None:
        super().__init__("Voor deze maand is (nog) geen verrekening berekend.")


def settlement(*, sealer: Sealer, row: MonthSettlementRow) -> MonthSettlement:
    """The stored result of one settlement version."""
    return MonthSettlement.model_validate_json(sealer.get_text(row, "result_encrypted"))


def _summary(sealer: Sealer, row: MonthSettlementRow, today: dt.date) -> MonthSummary:
    result = settlement(sealer=sealer, row=row)
    return MonthSummary(
        month=result.month,
        version=row.version,
        status=Status.of(row.status),
        kind=result.kind,
        computed_at=row.computed_at,
        complete=result.complete,
        running=result.month.first_day <= today <= result.month.last_day,
        payout=result.payout,
        to_pay=result.to_pay,
        overpaid=result.overpaid,
        payout_date=result.payout_date,
        unconfirmed=result.unconfirmed,
        hold=(
            None
            if result.hold is None
            else HoldSummary(reason=result.hold.reason, status=result.hold.status, until=result.hold.until)
        ),
    )


def transitions(*, session: Session, sealer: Sealer, row: MonthSettlementRow) -> list[Transition]:
    """The workflow steps of one version, oldest first, each with the name of who took it."""
    rows = settlements.transitions(session=session, settlement_id=row.id)
    worker = session.get(Worker, row.worker_id)
    named = staff_names.names(
        session=session,
        municipality_id="" if worker is None else worker.municipality_id,
        actors=[step.actor for step in rows],
    )
    return [
        Transition(
            from_status=Status.of(step.from_status) if step.from_status else None,
            to_status=Status.of(step.to_status),
            actor=step.actor,
            actor_name=named[step.actor],
            at=step.at,
            note=sealer.get_text(step, "note_encrypted") if step.note_encrypted else None,
        )
        for step in rows
    ]


def view(*, sealer: Sealer, row: MonthSettlementRow) -> MonthView:
    """A version with its result and status."""
    result = settlement(sealer=sealer, row=row)
    return MonthView(
        version=row.version,
        status=Status.of(row.status),
        computed_at=row.computed_at,
        settlement=result,
        income_sources=income_sources(result),
    )


def detail(*, session: Session, sealer: Sealer, actor: StaffActor, row: MonthSettlementRow) -> MonthDetail:
    """A version with its result, status, workflow steps and the steps `actor` may take (for staff)."""
    shown = view(sealer=sealer, row=row)
    return MonthDetail(
        **dict(shown),
        transitions=transitions(session=session, sealer=sealer, row=row),
        steps=steps.offered(session=session, actor=actor, row=row, result=shown.settlement),
    )


def _page(
    *, session: Session, sealer: Sealer, worker_id: str, paging: Paging, today: dt.date
) -> Page[MonthSummary]:
    _, last_month = case_ends.shown_until(session=session, worker_id=worker_id)
    rows = repository.latest_page(
        session=session, worker_id=worker_id, offset=paging.offset, limit=paging.fetch, until=last_month
    )
    return Page[MonthSummary].of([_summary(sealer, row, today) for row in rows], paging)


def _latest(*, session: Session, worker_id: str, month: Month) -> MonthSettlementRow:
    row = settlements.latest_month_settlement(session=session, worker_id=worker_id, month=month)
    if row is None:
        raise MonthNotFound()
    return row


def own_page(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, paging: Paging, today: dt.date
) -> Page[MonthSummary]:
    """The signed-in worker's months, latest first, as they read `today`."""
    return _page(session=session, sealer=sealer, worker_id=principal.worker_id, paging=paging, today=today)


def own_month(*, session: Session, sealer: Sealer, principal: WorkerPrincipal, month: Month) -> MonthView:
    """The signed-in worker's settlement of one month: payout, its date and the explanation lines."""
    return view(sealer=sealer, row=_latest(session=session, worker_id=principal.worker_id, month=month))


def staff_page(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    paging: Paging,
    purpose: str,
    today: dt.date,
) -> Page[MonthSummary]:
    """A worker's months for staff of their municipality (audited), as they read `today`."""
    with audited(session=session, actor=actor, action="months.list", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        page = _page(session=session, sealer=sealer, worker_id=worker.id, paging=paging, today=today)
    return page


def staff_month(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, month: Month, purpose: str
) -> MonthDetail:
    """The newest settlement of one month with its workflow, for staff (audited)."""
    with audited(session=session, actor=actor, action="month.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        result = detail(
            session=session,
            sealer=sealer,
            actor=actor,
            row=_latest(session=session, worker_id=worker.id, month=month),
        )
    return result


def staff_versions(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, month: Month, purpose: str
) -> list[MonthVersion]:
    """Every version of one month, newest first, for staff (audited)."""
    with audited(session=session, actor=actor, action="month.versions", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        rows = repository.versions(session=session, worker_id=worker.id, month=str(month))
        if not rows:
            raise MonthNotFound()
        result = []
        for row in rows:
            figures = settlement(sealer=sealer, row=row)
            result.append(
                MonthVersion(
                    version=row.version,
                    status=Status.of(row.status),
                    computed_at=row.computed_at,
                    kind=figures.kind,
                    payout=figures.payout,
                    difference=figures.difference,
                )
            )
    return result


def staff_version(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    month: Month,
    version: int,
    purpose: str,
) -> MonthDetail:
    """One earlier (or the current) version of a month, for staff (audited)."""
    with audited(session=session, actor=actor, action="month.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        rows = [
            row
            for row in repository.versions(session=session, worker_id=worker.id, month=str(month))
            if row.version == version
        ]
        if not rows:
            raise MonthNotFound()
        result = detail(session=session, sealer=sealer, actor=actor, row=rows[0])
    return result
