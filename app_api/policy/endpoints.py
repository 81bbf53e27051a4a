"""Routes for the municipality's policy parameters: `/v1/beheer/beleid`."""

from __future__ import annotations

from fastapi import APIRouter

from app_api.dependencies import SessionsDep
from app_api.policy import service
from app_api.policy.auth import ChangePurpose, PolicyAdmin
from app_api.policy.schemas import PolicyChange, PolicyView

router = APIRouter(tags=["beheer"])


@router.get("/v1/beheer/beleid", response_model=PolicyView)
async def get_policy(actor: PolicyAdmin, sessions: SessionsDep) -> PolicyView:
    """Het beleid van de gemeente: toerekening, vakantiegeld, art. 34a, betaaldag en vier ogen."""
    return await sessions.run(lambda session: service.view(session=session, actor=actor))


@router.patch("/v1/beheer/beleid", response_model=PolicyView)
async def change_policy(
    actor: PolicyAdmin, changes: PolicyChange, purpose: ChangePurpose, sessions: SessionsDep
) -> PolicyView:
    """Wijzig beleidsparameters; de cijfers van alle werkenden worden opnieuw berekend."""
    return await sessions.run(
        lambda session: service.change(session=session, actor=actor, changes=changes, purpose=purpose)
    )
