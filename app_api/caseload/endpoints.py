"""Routes for the caseload (`/v1/caseload`), a worker's overview and registering a worker."""

from __future__ import annotations

from fastapi import APIRouter, status

from app_api.access import WorkerId
from app_api.caseload import service
from app_api.caseload.auth import (
    CaseloadPurpose,
    CaseloadReader,
    ReadPurpose,
    RegisterPurpose,
    WorkerReader,
    WorkerRegistrar,
)
from app_api.caseload.schemas import CaseloadEntry, NewWorker, WorkerView
from app_api.dependencies import SealerDep, SessionsDep
from app_api.pagination import Page, PagingDep
from app_api.periods import Today

router = APIRouter(tags=["caseload"])


@router.get("/v1/caseload", response_model=Page[CaseloadEntry])
async def caseload(
    actor: CaseloadReader,
    paging: PagingDep,
    purpose: CaseloadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
    today: Today,
) -> Page[CaseloadEntry]:
    """Mijn caseload (teamleider: de hele gemeente) met openstaande signalen."""
    return await sessions.run(
        lambda session: service.caseload(
            session=session, sealer=sealer, actor=actor, paging=paging, purpose=purpose, today=today
        )
    )


@router.get("/v1/werkenden/{workerId}", response_model=WorkerView)
async def overview(
    actor: WorkerReader, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep, sealer: SealerDep
) -> WorkerView:
    """Overzicht van een werkende met openstaande signalen."""
    return await sessions.run(
        lambda session: service.overview(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, purpose=purpose
        )
    )


@router.post("/v1/werkenden", response_model=WorkerView, status_code=status.HTTP_201_CREATED)
async def register(
    actor: WorkerRegistrar,
    request: NewWorker,
    purpose: RegisterPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> WorkerView:
    """Meld een werkende met een bijstandsuitkering aan bij Loonbrug."""
    return await sessions.run(
        lambda session: service.register(
            session=session, sealer=sealer, actor=actor, request=request, purpose=purpose
        )
    )
