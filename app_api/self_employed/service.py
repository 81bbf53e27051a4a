"""Storing and reading a worker's invoices and business costs (rule 11).

A new document is an append-only row and an outbox event, so the jobs recompute the worker's months.
Sending the same document again answers with the stored one; a different document under a used number
is refused with 409. Staff reads and submissions are audited; a worker reads and sends only their own.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.access import own_worker, staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.self_employed.schemas import CostList, CostView, InvoiceList, InvoiceView
from connectors.einvoice.ubl_invoice import is_xml_media_type, read_invoice
from gateway.jobs import kinds
from gateway.store import business_documents, outbox
from gateway.store.business_documents import DocumentKind, DocumentRefused, Source, StoredDocument
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict, InvalidInput, UnsupportedMediaType
from schemas.problems import InvalidParam
from schemas.self_employed import BusinessCost, BusinessInvoice

Document = BusinessInvoice | BusinessCost


class NumberTaken(Conflict):
    """The number was already used for a different document."""

    code = "number_taken"


def _view(stored: StoredDocument) -> InvoiceView | CostView:
    common = {
        "source": stored.source.value,
        "submitted_at": stored.submitted_at,
        "corrected_by": stored.corrected_by,
    }
    if isinstance(stored.document, BusinessInvoice):
        return InvoiceView(invoice=stored.document, **common)
    return CostView(cost=stored.document, **common)


def _store(
    *, session: Session, sealer: Sealer, worker: Worker, document: Document, source: Source, by: str
) -> tuple[InvoiceView | CostView, bool]:
    try:
        stored, created = business_documents.submit(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            document=document,
            source=source,
            submitted_by=by,
        )
    except DocumentRefused as refused:
        if refused.conflict:
            raise NumberTaken(refused.message) from None
        raise InvalidInput(
            "Controleer de gemarkeerde velden.",
            invalid_params=[
                InvalidParam(name=refused.field, code="invalid_correction", reason=refused.message)
            ],
        ) from None
    if created:
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
    return _view(stored), created


def submit_own(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, document: Document
) -> tuple[InvoiceView | CostView, bool]:
    """The worker sends an invoice or cost of their own business; True when it is new."""
    worker = own_worker(session=session, principal=principal)
    result = _store(
        session=session, sealer=sealer, worker=worker, document=document, source=Source.WORKER, by=worker.id
    )
    session.commit()
    return result


def submit_for(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, document: Document, purpose: str
) -> tuple[InvoiceView | CostView, bool]:
    """A consultant sends an invoice or cost for a worker of their municipality (audited)."""
    action = "invoice.submit" if isinstance(document, BusinessInvoice) else "cost.submit"
    with audited(session=session, actor=actor, action=action, purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        result = _store(
            session=session,
            sealer=sealer,
            worker=worker,
            document=document,
            source=Source.MUNICIPALITY,
            by=actor.actor,
        )
    return result


def _list(session: Session, sealer: Sealer, worker: Worker, kind: DocumentKind) -> InvoiceList | CostList:
    views = [
        _view(d)
        for d in business_documents.for_worker(session=session, sealer=sealer, worker_id=worker.id, kind=kind)
    ]
    if kind is DocumentKind.INVOICE:
        return InvoiceList(items=[v for v in views if isinstance(v, InvoiceView)])
    return CostList(items=[v for v in views if isinstance(v, CostView)])


def read_own(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, kind: DocumentKind
) -> InvoiceList | CostList:
    """The worker's own invoices or costs."""
    return _list(session, sealer, own_worker(session=session, principal=principal), kind)


def read_for(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, kind: DocumentKind, purpose: str
) -> InvoiceList | CostList:
    """A worker's invoices or costs, for staff of their municipality (audited)."""
    action = "invoice.read" if kind is DocumentKind.INVOICE else "cost.read"
    with audited(session=session, actor=actor, action=action, purpose=purpose, worker_id=worker_id):
        result = _list(session, sealer, staff_worker(session=session, actor=actor, worker_id=worker_id), kind)
    return result


def invoice_from_ubl(content: bytes, content_type: str | None) -> BusinessInvoice:
    """The invoice in an uploaded e-invoice (UBL 2.1, SI-UBL 2.0); 415 for another content type, 400 naming
    each element that is wrong."""
    if not is_xml_media_type(content_type):
        raise UnsupportedMediaType("Stuur de e-factuur als application/xml (UBL 2.1, SI-UBL 2.0).")
    result = read_invoice(content)
    if result.invoice is None:
        raise InvalidInput(
            "De e-factuur kan niet worden gelezen; controleer de genoemde elementen.",
            invalid_params=[
                InvalidParam(
                    name=problem.element,
                    code="invalid_einvoice",
                    reason=problem.message
                    if problem.line is None
                    else f"regel {problem.line}: {problem.message}",
                )
                for problem in result.problems
            ],
        )
    return result.invoice
