"""Routes for enrollments: `/v1/mij/uitzendbureaus` and `/v1/werkenden/{workerId}/inschrijvingen`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from app_api.access import ID_PATTERN, WorkerId
from app_api.dependencies import SessionsDep
from app_api.enrollments import service
from app_api.enrollments.auth import ChangePurpose, EnrollmentOwner, EnrollmentStaff, ReadPurpose
from app_api.enrollments.schemas import EnrollmentEnd, EnrollmentView, NewEnrollment

router = APIRouter(tags=["inschrijvingen"])

EnrollmentId = Annotated[
    str, Path(alias="enrollmentId", pattern=ID_PATTERN, description="Id van de inschrijving.")
]


@router.get("/v1/mij/uitzendbureaus", response_model=list[EnrollmentView])
async def list_own(principal: EnrollmentOwner, sessions: SessionsDep) -> list[EnrollmentView]:
    """De uitzendbureaus waar ik via werk, met de periodes."""
    return await sessions.run(lambda session: service.own(session=session, principal=principal))


@router.get("/v1/werkenden/{workerId}/inschrijvingen", response_model=list[EnrollmentView])
async def list_for_worker(
    actor: EnrollmentStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep
) -> list[EnrollmentView]:
    """De inschrijvingen van een werkende bij uitzendbureaus."""
    return await sessions.run(
        lambda session: service.read(session=session, actor=actor, worker_id=worker_id, purpose=purpose)
    )


@router.post(
    "/v1/werkenden/{workerId}/inschrijvingen",
    response_model=EnrollmentView,
    status_code=status.HTTP_201_CREATED,
)
async def enroll(
    actor: EnrollmentStaff,
    worker_id: WorkerId,
    request: NewEnrollment,
    purpose: ChangePurpose,
    sessions: SessionsDep,
) -> EnrollmentView:
    """Schrijf een werkende in bij een uitzendbureau vanaf een datum."""
    return await sessions.run(
        lambda session: service.enroll(
            session=session, actor=actor, worker_id=worker_id, request=request, purpose=purpose
        )
    )


@router.patch("/v1/werkenden/{workerId}/inschrijvingen/{enrollmentId}", response_model=EnrollmentView)
async def end(
    actor: EnrollmentStaff,
    worker_id: WorkerId,
    enrollment_id: EnrollmentId,
    request: EnrollmentEnd,
    purpose: ChangePurpose,
    sessions: SessionsDep,
) -> EnrollmentView:
    """Beëindig een inschrijving op een datum (de laatste dag die telt)."""
    return await sessions.run(
        lambda session: service.end(
            session=session,
            actor=actor,
            worker_id=worker_id,
            enrollment_id=enrollment_id,
            request=request,
            purpose=purpose,
        )
    )
