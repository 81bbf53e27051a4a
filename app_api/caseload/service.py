"""The caseload, a worker's overview, and registering a worker; every person shown is audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import SUCCESS, audited, record, record_each
from app_api.auth.principal import Role, StaffActor
from app_api.caseload import queue, repository
from app_api.caseload.schemas import CaseloadEntry, NewWorker, WorkerView
from app_api.pagination import Page, Paging
from app_api.signals import views
from gateway.store import staff, workers
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict, InvalidInput
from schemas.problems import InvalidParam


class WorkerExists(Conflict):
    """A worker with this BSN is already registered in the municipality (the BSN is not repeated)."""

    code = "worker_exists"

    def __init__(self) -> None:
        super().__init__("Deze persoon is al als werkende van de gemeente geregistreerd.")


def caseload(
    *, session: Session, sealer: Sealer, actor: StaffActor, paging: Paging, purpose: str, today: dt.date
) -> Page[CaseloadEntry]:
    """A team lead's municipality or a consultant's caseload with open signals; one audit event per person."""
    consultant = None if actor.role is Role.TEAM_LEAD else actor.staff_id
    rows = repository.workers_page(
        session=session,
        municipality_id=actor.municipality_id,
        consultant_id=consultant,
        offset=paging.offset,
        limit=paging.fetch,
    )
    shown = rows[: paging.page_size]
    signals = repository.open_signals(session=session, worker_ids=[worker.id for worker in shown])
    entries = []
    for worker in shown:
        recent = queue.recent_months(session=session, worker_id=worker.id)
        entries.append(
            CaseloadEntry(
                worker_id=worker.id,
                name=sealer.get_text(worker, "name_encrypted"),
                consultant_id=worker.consultant_id,
                month=queue.summary(sealer=sealer, rows=recent, today=today),
                open_signals=views.views(session=session, signals=signals[worker.id]),
                to_do=queue.to_do(
                    session=session, sealer=sealer, actor=actor, rows=recent, signals=signals[worker.id]
                ),
            )
        )
    record_each(
        session=session,
        actor=actor,
        action="caseload.read",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=[worker.id for worker in shown],
    )
    return Page[CaseloadEntry].build(entries, paging, more=len(rows) > paging.page_size)


def overview(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, purpose: str
) -> WorkerView:
    """A worker's name, birth date, consultant and open signals (audited)."""
    with audited(session=session, actor=actor, action="worker.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        details = workers.personal_details(sealer=sealer, worker=worker)
        signals = repository.open_signals(session=session, worker_ids=[worker.id])[worker.id]
        view = WorkerView(
            id=worker.id,
            name=details.name,
            birth_date=details.birth_date,
            consultant_id=worker.consultant_id,
            registered_at=worker.created_at,
            open_signals=views.views(session=session, signals=signals),
        )
    return view


def register(
    *, session: Session, sealer: Sealer, actor: StaffActor, request: NewWorker, purpose: str
) -> WorkerView:
    """Register a worker in the staff member's municipality (audited with the new worker as subject)."""
    with audited(
        session=session,
        actor=actor,
        action="worker.register",
        purpose=purpose,
        worker_id=None,
        record_success=False,
    ):
        if (
            request.consultant_id is not None
            and staff.get(
                session=session, municipality_id=actor.municipality_id, staff_id=request.consultant_id
            )
            is None
        ):
            raise InvalidInput(
                "Deze consulent is niet bekend in de gemeente.",
                invalid_params=[
                    InvalidParam(name="consultantId", code="consultant_unknown", reason="Onbekend.")
                ],
            )
        existing = workers.find_by_bsn(
            session=session, sealer=sealer, municipality_id=actor.municipality_id, bsn=request.bsn
        )
        if existing is not None:
            raise WorkerExists()
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=actor.municipality_id,
            bsn=request.bsn,
            name=request.name,
            birth_date=request.birth_date,
            consultant_id=request.consultant_id,
        )
    record(
        session=session,
        actor=actor,
        action="worker.register",
        purpose=purpose,
        result=SUCCESS,
        worker_id=worker.id,
    )
    return WorkerView(
        id=worker.id,
        name=request.name,
        birth_date=request.birth_date,
        consultant_id=worker.consultant_id,
        registered_at=worker.created_at,
        open_signals=[],
    )
