"""Routes for advances: `/v1/werkenden/{workerId}/voorschotten`."""

from __future__ import annotations

from fastapi import APIRouter, status

from app_api.access import WorkerId
from app_api.advances import service
from app_api.advances.auth import AdvanceStaff, ChangePurpose, ReadPurpose
from app_api.advances.schemas import Advances
from app_api.dependencies import SealerDep, SessionsDep
from schemas.benefit_case import Advance

router = APIRouter(tags=["dossier"])


@router.get("/v1/werkenden/{workerId}/voorschotten", response_model=Advances)
async def read(
    actor: AdvanceStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep, sealer: SealerDep
) -> Advances:
    """De voorschotten per maand."""
    return await sessions.run(
        lambda session: service.read(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, purpose=purpose
        )
    )


@router.post(
    "/v1/werkenden/{workerId}/voorschotten", response_model=Advances, status_code=status.HTTP_201_CREATED
)
async def record(
    actor: AdvanceStaff,
    worker_id: WorkerId,
    advance: Advance,
    purpose: ChangePurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> Advances:
    """Leg het voorschot van een maand vast; de verrekening wordt opnieuw berekend."""
    return await sessions.run(
        lambda session: service.record(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, advance=advance, purpose=purpose
        )
    )
