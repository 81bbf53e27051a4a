"""Routes for pay records: `/v1/mij/loonstroken` (worker) and `/v1/werkenden/{workerId}/loonstroken`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app_api.access import ID_PATTERN, WorkerId
from app_api.dependencies import SealerDep, SessionsDep
from app_api.pagination import Page, PagingDep
from app_api.payslips import service
from app_api.payslips.auth import PayslipOwner, PayslipReader, ReadPurpose
from app_api.payslips.schemas import PaySlip

router = APIRouter(tags=["loonstroken"])

PayslipId = Annotated[
    str, Path(alias="payslipId", pattern=ID_PATTERN, description="Id van de loonstrookversie.")
]


@router.get("/v1/mij/loonstroken", response_model=Page[PaySlip])
async def list_own(
    principal: PayslipOwner, paging: PagingDep, sessions: SessionsDep, sealer: SealerDep
) -> Page[PaySlip]:
    """Mijn loonstroken (de geldende versies), nieuwste periode eerst."""
    return await sessions.run(
        lambda session: service.own_page(session=session, sealer=sealer, principal=principal, paging=paging)
    )


@router.get("/v1/mij/loonstroken/{payslipId}", response_model=PaySlip)
async def get_own(
    principal: PayslipOwner, payslip_id: PayslipId, sessions: SessionsDep, sealer: SealerDep
) -> PaySlip:
    """Eén van mijn loonstroken, ook een vervangen versie."""
    return await sessions.run(
        lambda session: service.own_one(
            session=session, sealer=sealer, principal=principal, pay_record_id=payslip_id
        )
    )


@router.get("/v1/werkenden/{workerId}/loonstroken", response_model=Page[PaySlip])
async def list_for_worker(
    actor: PayslipReader,
    worker_id: WorkerId,
    paging: PagingDep,
    purpose: ReadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> Page[PaySlip]:
    """De geldende loonstroken van een werkende, nieuwste periode eerst."""
    return await sessions.run(
        lambda session: service.staff_page(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, paging=paging, purpose=purpose
        )
    )


@router.get("/v1/werkenden/{workerId}/loonstroken/{payslipId}", response_model=PaySlip)
async def get_for_worker(
    actor: PayslipReader,
    worker_id: WorkerId,
    payslip_id: PayslipId,
    purpose: ReadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> PaySlip:
    """Eén loonstrookversie van een werkende."""
    return await sessions.run(
        lambda session: service.staff_one(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            pay_record_id=payslip_id,
            purpose=purpose,
        )
    )
