"""Routes for mandates: the bookkeepers to choose from (`/v1/boekhouders`), the worker's own
`/v1/mij/machtigingen` and staff's `/v1/werkenden/{workerId}/machtigingen`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from app_api.access import ID_PATTERN, WorkerId
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor
from app_api.dependencies import SessionsDep
from app_api.mandates import service
from app_api.mandates.auth import MandateOwner, MandatePurpose, MandateStaff
from app_api.mandates.schemas import BookkeeperView, MandateEnd, MandateView, NewMandate

router = APIRouter(tags=["machtigingen"])

MandateId = Annotated[str, Path(alias="mandateId", pattern=ID_PATTERN, description="Id van de machtiging.")]
_staff_reader = staff_with(Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN)


@router.get("/v1/mij/machtigingen", response_model=list[MandateView])
async def list_own(principal: MandateOwner, sessions: SessionsDep) -> list[MandateView]:
    """De boekhouders die ik machtigde mijn facturen en kosten aan te leveren, met de periodes."""
    return await sessions.run(lambda session: service.own(session=session, principal=principal))


@router.get("/v1/mij/boekhouders", response_model=list[BookkeeperView])
async def bookkeepers_for_worker(principal: MandateOwner, sessions: SessionsDep) -> list[BookkeeperView]:
    """De geregistreerde boekhouders en boekhoudpakketten waaruit ik kan kiezen."""
    return await sessions.run(lambda session: service.listed_bookkeepers(session=session))


@router.post("/v1/mij/machtigingen", response_model=MandateView, status_code=status.HTTP_201_CREATED)
async def grant_own(principal: MandateOwner, request: NewMandate, sessions: SessionsDep) -> MandateView:
    """Machtig een boekhouder om vanaf een datum facturen en kosten van mijn onderneming aan te leveren."""
    return await sessions.run(
        lambda session: service.grant_own(session=session, principal=principal, request=request)
    )


@router.patch("/v1/mij/machtigingen/{mandateId}", response_model=MandateView)
async def end_own(
    principal: MandateOwner, mandate_id: MandateId, request: MandateEnd, sessions: SessionsDep
) -> MandateView:
    """Beëindig een machtiging op een datum (de laatste dag die telt)."""
    return await sessions.run(
        lambda session: service.end_own(
            session=session, principal=principal, mandate_id=mandate_id, request=request
        )
    )


@router.get("/v1/boekhouders", response_model=list[BookkeeperView])
async def bookkeepers_for_staff(
    actor: Annotated[StaffActor, Depends(_staff_reader)], sessions: SessionsDep
) -> list[BookkeeperView]:
    """De geregistreerde boekhouders en boekhoudpakketten, om een machtiging vast te leggen."""
    return await sessions.run(lambda session: service.listed_bookkeepers(session=session))


@router.get("/v1/werkenden/{workerId}/machtigingen", response_model=list[MandateView])
async def list_for_worker(
    actor: MandateStaff, worker_id: WorkerId, purpose: MandatePurpose, sessions: SessionsDep
) -> list[MandateView]:
    """De machtigingen die een werkende aan boekhouders gaf."""
    return await sessions.run(
        lambda session: service.read_for(session=session, actor=actor, worker_id=worker_id, purpose=purpose)
    )


@router.post(
    "/v1/werkenden/{workerId}/machtigingen", response_model=MandateView, status_code=status.HTTP_201_CREATED
)
async def grant_for_worker(
    actor: MandateStaff,
    worker_id: WorkerId,
    request: NewMandate,
    purpose: MandatePurpose,
    sessions: SessionsDep,
) -> MandateView:
    """Leg vast dat een werkende een boekhouder machtigde, vanaf een datum."""
    return await sessions.run(
        lambda session: service.grant_for(
            session=session, actor=actor, worker_id=worker_id, request=request, purpose=purpose
        )
    )


@router.patch("/v1/werkenden/{workerId}/machtigingen/{mandateId}", response_model=MandateView)
async def end_for_worker(
    actor: MandateStaff,
    worker_id: WorkerId,
    mandate_id: MandateId,
    request: MandateEnd,
    purpose: MandatePurpose,
    sessions: SessionsDep,
) -> MandateView:
    """Beëindig de machtiging van een werkende op een datum (de laatste dag die telt)."""
    return await sessions.run(
        lambda session: service.end_for(
            session=session,
            actor=actor,
            worker_id=worker_id,
            mandate_id=mandate_id,
            request=request,
            purpose=purpose,
        )
    )
