"""Routes for invoices and business costs: the worker's own `/v1/mij/facturen` and `/v1/mij/kosten`, and
staff's `/v1/werkenden/{workerId}/facturen` and `.../kosten`. A new document answers 201, the same document
sent again 200 with what was stored."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from app_api.access import WorkerId
from app_api.dependencies import SealerDep, SessionsDep
from app_api.self_employed import service
from app_api.self_employed.auth import DocumentOwner, DocumentStaff, ReadPurpose, SubmitPurpose
from app_api.self_employed.schemas import CostList, CostView, InvoiceList, InvoiceView
from app_api.self_employed.service import Document
from gateway.store.business_documents import DocumentKind
from schemas.self_employed import BusinessCost, BusinessInvoice

router = APIRouter(tags=["eigen onderneming"])

_CREATED = {status.HTTP_200_OK: {"description": "Dit document was al ingediend; het opgeslagen document."}}
_UBL_RESPONSES = {
    **_CREATED,
    status.HTTP_400_BAD_REQUEST: {
        "description": "De e-factuur kan niet worden gelezen; elk fout element is genoemd."
    },
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: {"description": "Geen application/xml."},
}
_UBL_BODY = {
    "requestBody": {
        "required": True,
        "description": "Eén e-factuur in UBL 2.1 volgens SI-UBL 2.0 (NLCIUS), ten hoogste 1 MB.",
        "content": {"application/xml": {"schema": {"type": "string", "format": "binary"}}},
    }
}


async def _own(
    sessions: SessionsDep, sealer: SealerDep, principal: DocumentOwner, document: Document, response: Response
) -> InvoiceView | CostView:
    """Store the worker's own document; 201 when it is new, 200 when it was already stored."""
    view, created = await sessions.run(
        lambda session: service.submit_own(
            session=session, sealer=sealer, principal=principal, document=document
        )
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return view


async def _for(
    sessions: SessionsDep,
    sealer: SealerDep,
    actor: DocumentStaff,
    worker_id: str,
    document: Document,
    purpose: str,
    response: Response,
) -> InvoiceView | CostView:
    """Store a document a consultant sends for a worker (audited); 201 when new, 200 when already stored."""
    view, created = await sessions.run(
        lambda session: service.submit_for(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            document=document,
            purpose=purpose,
        )
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return view


@router.post(
    "/v1/mij/facturen", response_model=InvoiceView, status_code=status.HTTP_201_CREATED, responses=_CREATED
)
async def submit_own_invoice(
    principal: DocumentOwner,
    invoice: BusinessInvoice,
    response: Response,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> InvoiceView | CostView:
    """Dien een factuur van uw eigen onderneming in; de bijstand over de maanden van het werk wordt opnieuw
    berekend."""
    return await _own(sessions, sealer, principal, invoice, response)


@router.post(
    "/v1/mij/facturen/ubl",
    response_model=InvoiceView,
    status_code=status.HTTP_201_CREATED,
    responses=_UBL_RESPONSES,
    openapi_extra=_UBL_BODY,
)
async def upload_own_invoice(
    principal: DocumentOwner, request: Request, response: Response, sessions: SessionsDep, sealer: SealerDep
) -> InvoiceView | CostView:
    """Dien een e-factuur (UBL) van uw eigen onderneming in, zoals uw boekhoudprogramma die maakt."""
    invoice = service.invoice_from_ubl(await request.body(), request.headers.get("content-type"))
    return await _own(sessions, sealer, principal, invoice, response)


@router.post(
    "/v1/mij/kosten", response_model=CostView, status_code=status.HTTP_201_CREATED, responses=_CREATED
)
async def submit_own_cost(
    principal: DocumentOwner, cost: BusinessCost, response: Response, sessions: SessionsDep, sealer: SealerDep
) -> InvoiceView | CostView:
    """Dien bedrijfskosten van uw eigen onderneming in."""
    return await _own(sessions, sealer, principal, cost, response)


@router.get("/v1/mij/facturen", response_model=InvoiceList)
async def own_invoices(
    principal: DocumentOwner, sessions: SessionsDep, sealer: SealerDep
) -> InvoiceList | CostList:
    """Uw ingediende facturen."""
    return await sessions.run(
        lambda session: service.read_own(
            session=session, sealer=sealer, principal=principal, kind=DocumentKind.INVOICE
        )
    )


@router.get("/v1/mij/kosten", response_model=CostList)
async def own_costs(
    principal: DocumentOwner, sessions: SessionsDep, sealer: SealerDep
) -> InvoiceList | CostList:
    """Uw ingediende bedrijfskosten."""
    return await sessions.run(
        lambda session: service.read_own(
            session=session, sealer=sealer, principal=principal, kind=DocumentKind.COST
        )
    )


@router.post(
    "/v1/werkenden/{workerId}/facturen",
    response_model=InvoiceView,
    status_code=status.HTTP_201_CREATED,
    responses=_CREATED,
)
async def submit_invoice(
    actor: DocumentStaff,
    worker_id: WorkerId,
    invoice: BusinessInvoice,
    purpose: SubmitPurpose,
    response: Response,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> InvoiceView | CostView:
    """Leg een factuur van de eigen onderneming van een werkende vast."""
    return await _for(sessions, sealer, actor, worker_id, invoice, purpose, response)


@router.post(
    "/v1/werkenden/{workerId}/facturen/ubl",
    response_model=InvoiceView,
    status_code=status.HTTP_201_CREATED,
    responses=_UBL_RESPONSES,
    openapi_extra=_UBL_BODY,
)
async def upload_invoice(
    actor: DocumentStaff,
    worker_id: WorkerId,
    purpose: SubmitPurpose,
    request: Request,
    response: Response,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> InvoiceView | CostView:
    """Leg een e-factuur (UBL) van de eigen onderneming van een werkende vast."""
    invoice = service.invoice_from_ubl(await request.body(), request.headers.get("content-type"))
    return await _for(sessions, sealer, actor, worker_id, invoice, purpose, response)


@router.post(
    "/v1/werkenden/{workerId}/kosten",
    response_model=CostView,
    status_code=status.HTTP_201_CREATED,
    responses=_CREATED,
)
async def submit_cost(
    actor: DocumentStaff,
    worker_id: WorkerId,
    cost: BusinessCost,
    purpose: SubmitPurpose,
    response: Response,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> InvoiceView | CostView:
    """Leg bedrijfskosten van de eigen onderneming van een werkende vast."""
    return await _for(sessions, sealer, actor, worker_id, cost, purpose, response)


@router.get("/v1/werkenden/{workerId}/facturen", response_model=InvoiceList)
async def invoices(
    actor: DocumentStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep, sealer: SealerDep
) -> InvoiceList | CostList:
    """De facturen van de eigen onderneming van een werkende, ook de gecorrigeerde."""
    return await sessions.run(
        lambda session: service.read_for(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            kind=DocumentKind.INVOICE,
            purpose=purpose,
        )
    )


@router.get("/v1/werkenden/{workerId}/kosten", response_model=CostList)
async def costs(
    actor: DocumentStaff, worker_id: WorkerId, purpose: ReadPurpose, sessions: SessionsDep, sealer: SealerDep
) -> InvoiceList | CostList:
    """De bedrijfskosten van de eigen onderneming van een werkende, ook de gecorrigeerde."""
    return await sessions.run(
        lambda session: service.read_for(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            kind=DocumentKind.COST,
            purpose=purpose,
        )
    )
