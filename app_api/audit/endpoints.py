"""Routes for the audit log: `/v1/auditlog` and `/v1/auditlog/verificatie`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app_api.access import ID_PATTERN
from app_api.audit import service
from app_api.audit.auth import AuditPurpose, AuditReader, ChainVerifier
from app_api.audit.schemas import AuditEventView, Verification
from app_api.dependencies import SessionsDep
from app_api.pagination import Page, PagingDep

router = APIRouter(tags=["audit"])


@router.get("/v1/auditlog", response_model=Page[AuditEventView])
async def list_events(
    actor: AuditReader,
    paging: PagingDep,
    purpose: AuditPurpose,
    sessions: SessionsDep,
    worker_id: Annotated[str | None, Query(alias="workerId", pattern=ID_PATTERN)] = None,
) -> Page[AuditEventView]:
    """Het auditlog van de gemeente, nieuwste eerst (optioneel over één werkende)."""
    return await sessions.run(
        lambda session: service.events(
            session=session, actor=actor, worker_id=worker_id, paging=paging, purpose=purpose
        )
    )


@router.get("/v1/auditlog/verificatie", response_model=Verification)
async def verify(actor: ChainVerifier, purpose: AuditPurpose, sessions: SessionsDep) -> Verification:
    """Controleer de hele hashketen van het auditlog en noem de eerste gewijzigde gebeurtenis."""
    return await sessions.run(lambda session: service.verify(session=session, actor=actor, purpose=purpose))
