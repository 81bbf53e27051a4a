"""Routes for leaving the benefit: `/v1/werkenden/{workerId}/beeindiging`, `.../eindafrekening`,
`.../bufferbudget`, and the worker's own `/v1/mij/bufferbudget`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from app_api.access import WorkerId
from app_api.dependencies import SealerDep, SessionsDep
from app_api.leaving import service
from app_api.leaving.auth import BufferPurpose, EndPurpose, LeavingOwner, LeavingStaff, ReadPurpose
from app_api.leaving.schemas import (
    BufferDecisionRequest,
    BufferDecisionView,
    BufferLedgerView,
    CaseEndView,
    EndRequest,
    OwnBufferView,
)
from app_api.months.schemas import MonthDetail
from app_api.periods import Today
from app_api.placements.dependencies import ParametersDep

router = APIRouter(tags=["dossier"])

END = "/v1/werkenden/{workerId}/beeindiging"
BUFFER = "/v1/werkenden/{workerId}/bufferbudget"


@router.post(END, response_model=CaseEndView, status_code=status.HTTP_201_CREATED)
async def end(
    actor: LeavingStaff,
    worker_id: WorkerId,
    request: EndRequest,
    purpose: EndPurpose,
    today: Today,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> CaseEndView:
    """Beëindig de bijstand vanaf een datum; de laatste maand en de eindafrekening worden berekend."""
    return await sessions.run(
        lambda session: service.record_end(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            request=request,
            purpose=purpose,
            today=today,
        )
    )


@router.get(END, response_model=CaseEndView)
async def read_end(
    actor: LeavingStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep
) -> CaseEndView:
    """De beëindiging die nu geldt."""
    return await sessions.run(
        lambda session: service.read_end(session=session, actor=actor, worker_id=worker_id, purpose=purpose)
    )


@router.delete(END, status_code=status.HTTP_204_NO_CONTENT)
async def withdraw_end(
    actor: LeavingStaff, worker_id: WorkerId, purpose: EndPurpose, sessions: SessionsDep, sealer: SealerDep
) -> Response:
    """Trek de beëindiging in: de bijstand loopt door en wordt opnieuw berekend."""
    await sessions.run(
        lambda session: service.withdraw_end(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, purpose=purpose
        )
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/v1/werkenden/{workerId}/eindafrekening", response_model=MonthDetail, tags=["maanden"])
async def final_settlement(
    actor: LeavingStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep, sealer: SealerDep
) -> MonthDetail:
    """De nieuwste versie van de eindafrekening, met status en stappen (goedkeuren gaat als bij een maand)."""
    return await sessions.run(
        lambda session: service.final_settlement(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, purpose=purpose
        )
    )


@router.get(BUFFER, response_model=BufferLedgerView)
async def ledger(
    actor: LeavingStaff,
    worker_id: WorkerId,
    purpose: ReadPurpose,
    parameters: ParametersDep,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> BufferLedgerView:
    """Het bufferbudget (art. 34b) per kalenderjaar, de besluiten en de voorstellen van Loonbrug."""
    return await sessions.run(
        lambda session: service.ledger(
            session=session,
            sealer=sealer,
            parameters=parameters,
            actor=actor,
            worker_id=worker_id,
            purpose=purpose,
        )
    )


@router.post(BUFFER, response_model=BufferDecisionView, status_code=status.HTTP_201_CREATED)
async def decide(
    actor: LeavingStaff,
    worker_id: WorkerId,
    request: BufferDecisionRequest,
    purpose: BufferPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> BufferDecisionView:
    """Besluit een bedrag uit het bufferbudget te gebruiken; de maand wordt opnieuw berekend."""
    return await sessions.run(
        lambda session: service.decide(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, request=request, purpose=purpose
        )
    )


@router.get("/v1/mij/bufferbudget", response_model=OwnBufferView)
async def own(principal: LeavingOwner, sessions: SessionsDep, sealer: SealerDep) -> OwnBufferView:
    """Mijn bufferbudget: wat de gemeente betaalde of niet terugvordert, per maand en per jaar."""
    return await sessions.run(
        lambda session: service.own(session=session, sealer=sealer, principal=principal)
    )
