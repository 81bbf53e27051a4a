"""Routes for household facts: `/v1/werkenden/{workerId}/huishouden`."""

from __future__ import annotations

from fastapi import APIRouter, status

from app_api.access import WorkerId
from app_api.dependencies import SealerDep, SessionsDep
from app_api.household import service
from app_api.household.auth import ChangePurpose, HouseholdStaff, ReadPurpose
from app_api.household.schemas import FactsChange, Household

router = APIRouter(tags=["dossier"])


@router.get("/v1/werkenden/{workerId}/huishouden", response_model=Household)
async def read(
    actor: HouseholdStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep, sealer: SealerDep
) -> Household:
    """De leefsituatie per periode: huishouden, kostendelers, vrijlatingen."""
    return await sessions.run(
        lambda session: service.read(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, purpose=purpose
        )
    )


@router.post(
    "/v1/werkenden/{workerId}/huishouden", response_model=Household, status_code=status.HTTP_201_CREATED
)
async def change(
    actor: HouseholdStaff,
    worker_id: WorkerId,
    change: FactsChange,
    purpose: ChangePurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> Household:
    """Leg een wijziging vast vanaf een datum; de cijfers worden opnieuw berekend."""
    return await sessions.run(
        lambda session: service.change(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, change=change, purpose=purpose
        )
    )
