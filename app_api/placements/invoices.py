"""Client invoices: issue a month's invoices, list them (JSON or CSV), read one, print one.

An invoice names the worker who did the work, so every staff read is audited per worker shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app_api.audit.trail import SUCCESS, audited, record_each
from app_api.auth.principal import StaffActor
from app_api.placements import views
from app_api.placements.errors import InvoiceNotFound, problem_for
from connectors.einvoice import ubl_writer
from gateway.engine import dutch
from gateway.engine.parameters import ParameterSet
from gateway.store import flextensie, flextensie_ledger, municipalities, workers
from gateway.store.flextensie import Refused
from gateway.store.models import FlextensieInvoice, Placement
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict
from schemas import flextensie as fx
from schemas.periods import Month
from schemas.problems import InvalidParam


def _municipality_name(session: Session, municipality_id: str) -> str:
    municipality = municipalities.get(session=session, municipality_id=municipality_id)
    return municipality.name if municipality is not None else ""


def _views(session: Session, sealer: Sealer, rows: Sequence[FlextensieInvoice]) -> list[fx.Invoice]:
    names: dict[str, str] = {}
    result = []
    for row in rows:
        placement = session.get(Placement, row.placement_id)
        assert placement is not None  # a foreign key: an invoice always has its placement
        if row.municipality_id not in names:
            names[row.municipality_id] = _municipality_name(session, row.municipality_id)
        result.append(
            views.invoice(
                sealer=sealer, row=row, municipality=names[row.municipality_id], placement=placement
            )
        )
    return result


def issue(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    month: Month,
    today: dt.date,
    purpose: str,
    parameters: ParameterSet,
) -> fx.IssuedInvoices:
    """Issue the invoices of a month that has ended; placements with unapproved hours wait (audited)."""
    with audited(
        session=session,
        actor=actor,
        action="invoices.issue",
        purpose=purpose,
        worker_id=None,
        record_success=False,
    ):
        if month.last_day >= today:
            raise Conflict("Een maand wordt pas gefactureerd als die voorbij is.", code="month_not_ended")
        try:
            rows, skipped = flextensie_ledger.issue_invoices(
                session=session,
                sealer=sealer,
                municipality_id=actor.municipality_id,
                month=month,
                issued_on=today,
                actor=actor.actor,
                parameters=parameters,
            )
        except Refused as refusal:
            raise problem_for(refusal) from None
        issued = _views(session, sealer, rows)
    record_each(
        session=session,
        actor=actor,
        action="invoices.issue",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=sorted({invoice.worker_id for invoice in issued}) or [None],
    )
    return fx.IssuedInvoices(
        month=month,
        issued=issued,
        skipped=[
            fx.SkippedPlacement(placement_id=s.placement_id, code=s.code, reason=s.reason) for s in skipped
        ],
    )


def listing(
    *, session: Session, sealer: Sealer, actor: StaffActor, months: Sequence[Month], purpose: str
) -> list[fx.Invoice]:
    """The municipality's invoices of the given months, by number; one audit event per worker shown."""
    rows = flextensie_ledger.invoices(session=session, municipality_id=actor.municipality_id, months=months)
    result = _views(session, sealer, rows)
    record_each(
        session=session,
        actor=actor,
        action="invoices.list",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=sorted({invoice.worker_id for invoice in result}) or [None],
    )
    return result


def _subject(
    session: Session, actor: StaffActor, invoice_id: str
) -> tuple[FlextensieInvoice | None, str | None]:
    row = flextensie_ledger.get_invoice(
        session=session, municipality_id=actor.municipality_id, invoice_id=invoice_id
    )
    placement = session.get(Placement, row.placement_id) if row is not None else None
    return row, placement.worker_id if placement is not None else None


def read(*, session: Session, sealer: Sealer, actor: StaffActor, invoice_id: str, purpose: str) -> fx.Invoice:
    """One invoice with its settlement (audited)."""
    row, subject = _subject(session, actor, invoice_id)
    with audited(session=session, actor=actor, action="invoice.read", purpose=purpose, worker_id=subject):
        if row is None:
            raise InvoiceNotFound()
        result = _views(session, sealer, [row])[0]
    return result


def printable(
    *, session: Session, sealer: Sealer, actor: StaffActor, invoice_id: str, purpose: str
) -> tuple[fx.Invoice, str]:
    """One invoice and the name of the worker it names, for the printable page (audited)."""
    row, subject = _subject(session, actor, invoice_id)
    with audited(session=session, actor=actor, action="invoice.print", purpose=purpose, worker_id=subject):
        if row is None or subject is None:
            raise InvoiceNotFound()
        invoice = _views(session, sealer, [row])[0]
        worker = workers.get(session=session, municipality_id=actor.municipality_id, worker_id=subject)
        name = workers.personal_details(sealer=sealer, worker=worker).name if worker is not None else ""
    return invoice, name


def electronic(
    *, session: Session, sealer: Sealer, actor: StaffActor, invoice_id: str, purpose: str
) -> tuple[fx.Invoice, bytes]:
    """One invoice as a Dutch e-invoice (UBL 2.1, SI-UBL 2.0), with the municipality's seller details in
    force on its issue date; a 409 naming each detail the administrator must still set (audited)."""
    row, subject = _subject(session, actor, invoice_id)
    with audited(session=session, actor=actor, action="invoice.export", purpose=purpose, worker_id=subject):
        if row is None:
            raise InvoiceNotFound()
        invoice = _views(session, sealer, [row])[0]
        history = flextensie.policy_history(session=session, municipality_id=actor.municipality_id)
        try:
            content = ubl_writer.write_invoice(invoice, history.at(invoice.issued_on).policy.invoicing)
        except ubl_writer.IncompleteInvoiceDetails as incomplete:
            raise _incomplete(invoice, incomplete.missing) from None
    return invoice, content


def _incomplete(invoice: fx.Invoice, missing: Sequence[ubl_writer.MissingDetail]) -> Conflict:
    """The 409 naming each missing detail, and who sets it: the administrator or the consultant."""
    seller = any(not detail.of_client for detail in missing)
    client = any(detail.of_client for detail in missing)
    parts = []
    if seller:
        parts.append(
            "gegevens van de gemeente als verkoper; de beheerder vult ze in bij het Flextensiebeleid"
            f" (geldig op {dutch.date(invoice.issued_on)})"
        )
    if client:
        parts.append("gegevens van de opdrachtgever; de consulent vult ze in bij de plaatsing")
    return Conflict(
        f"Voor een e-factuur ontbreken {' en '.join(parts)}.",
        code="seller_details_missing" if seller else "client_details_missing",
        invalid_params=[
            InvalidParam(name=detail.field, code="missing", reason=detail.reason) for detail in missing
        ],
    )
