"""Route for handling a signal (`/v1/werkenden/{workerId}/signalen/{signalId}/afhandeling`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app_api.access import ID_PATTERN, WorkerId
from app_api.dependencies import SessionsDep
from app_api.periods import Now
from app_api.signals import service
from app_api.signals.auth import SignalHandler, SignalPurpose
from app_api.signals.schemas import SignalHandling, SignalView

router = APIRouter(tags=["caseload"])

SignalId = Annotated[str, Path(alias="signalId", pattern=ID_PATTERN, description="Id van het signaal.")]


@router.post("/v1/werkenden/{workerId}/signalen/{signalId}/afhandeling", response_model=SignalView)
async def handle_signal(
    actor: SignalHandler,
    worker_id: WorkerId,
    signal_id: SignalId,
    request: SignalHandling,
    purpose: SignalPurpose,
    now: Now,
    sessions: SessionsDep,
) -> SignalView:
    """Vraag het uitzendbureau om de loonstrook, sluit het signaal met een reden, of markeer geen werk."""
    return await sessions.run(
        lambda session: service.handle(
            session=session,
            actor=actor,
            worker_id=worker_id,
            signal_id=signal_id,
            request=request,
            purpose=purpose,
            now=now,
        )
    )
