"""Route for the settlement workflow: `POST /v1/werkenden/{workerId}/maanden/{month}/overgangen`."""

from __future__ import annotations

from fastapi import APIRouter, status

from app_api.access import WorkerId
from app_api.dependencies import SealerDep, SessionsDep
from app_api.months.schemas import MonthDetail
from app_api.periods import MonthPath, Now
from app_api.settlements import service
from app_api.settlements.auth import SettlementActor, WorkflowPurpose
from app_api.settlements.schemas import TransitionRequest

router = APIRouter(tags=["maanden"])


@router.post(
    "/v1/werkenden/{workerId}/maanden/{month}/overgangen",
    response_model=MonthDetail,
    status_code=status.HTTP_201_CREATED,
)
async def move(
    actor: SettlementActor,
    worker_id: WorkerId,
    month: MonthPath,
    request: TransitionRequest,
    purpose: WorkflowPurpose,
    now: Now,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> MonthDetail:
    """Zet een maand een stap verder: voorstellen, terugsturen, goedkeuren of exporteren."""
    return await sessions.run(
        lambda session: service.move(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            month=month,
            request=request,
            purpose=purpose,
            now=now,
        )
    )
