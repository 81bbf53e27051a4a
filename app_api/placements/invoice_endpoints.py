"""Routes for client invoices: `/v1/facturen` (JSON or CSV), one invoice (JSON or UBL e-invoice), and its
printable page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from app_api.access import ID_PATTERN
from app_api.dependencies import SealerDep, SessionDep
from app_api.periods import Today
from app_api.placements import invoices, render
from app_api.placements.auth import PlacementStaff, Purpose
from app_api.placements.dependencies import ParametersDep
from app_api.responses import problem
from connectors.einvoice import ubl_writer
from gateway.web.errors import InvalidInput
from schemas import flextensie as fx
from schemas.periods import Month
from schemas.problems import InvalidParam

router = APIRouter(tags=["flextensie"])

InvoiceId = Annotated[str, Path(alias="invoiceId", pattern=ID_PATTERN, description="Id van de factuur.")]


@router.post("/v1/facturen", response_model=fx.IssuedInvoices, status_code=status.HTTP_201_CREATED)
def issue(
    actor: PlacementStaff,
    request: fx.IssueInvoices,
    today: Today,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.IssuedInvoices:
    """Maak de facturen van een voorbije maand; plaatsingen met niet goedgekeurde uren wachten."""
    return invoices.issue(
        session=session,
        sealer=sealer,
        actor=actor,
        month=request.month,
        today=today,
        purpose=purpose,
        parameters=parameters,
    )


def _months(values: list[str]) -> list[Month]:
    try:
        return [Month.parse(value) for value in values]
    except ValueError:
        raise InvalidInput(
            "Controleer de maanden.",
            invalid_params=[
                InvalidParam(name="maand", code="period_format", reason="Verwacht bijv. 2026-03.")
            ],
        ) from None


@router.get(
    "/v1/facturen",
    response_model=list[fx.Invoice],
    responses={200: {"content": {render.CSV_MEDIA_TYPE: {"schema": {"type": "string"}}}}},
)
def list_invoices(
    actor: PlacementStaff,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    month: Annotated[
        list[str], Query(alias="maand", min_length=1, max_length=12, description="Maand(en), bijv. 2026-03.")
    ],
    accept: Annotated[str | None, Header(description="text/csv voor een CSV-bestand.")] = None,
) -> list[fx.Invoice] | Response:
    """De facturen van de gevraagde maanden, als JSON of (Accept: text/csv) als CSV."""
    found = invoices.listing(
        session=session, sealer=sealer, actor=actor, months=_months(month), purpose=purpose
    )
    if accept is not None and render.CSV_MEDIA_TYPE in accept:
        return Response(
            render.invoices_csv(found),
            media_type=f"{render.CSV_MEDIA_TYPE}; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="facturen.csv"'},
        )
    return found


@router.get(
    "/v1/facturen/{invoiceId}",
    response_model=fx.Invoice,
    responses={
        200: {"content": {ubl_writer.MEDIA_TYPE: {"schema": {"type": "string"}}}},
        409: problem(
            "Voor de e-factuur (Accept: application/xml) ontbreken gegevens van de gemeente als verkoper;"
            " invalidParams noemt elk gegeven dat de beheerder in het Flextensiebeleid invult."
        ),
    },
)
def read(
    actor: PlacementStaff,
    invoice_id: InvoiceId,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    accept: Annotated[
        str | None, Header(description="application/xml voor een e-factuur (UBL 2.1, SI-UBL 2.0).")
    ] = None,
) -> fx.Invoice | Response:
    """Eén factuur met de verdeling: premie, reiskosten, backoffice en restant voor de gemeente; of
    (Accept: application/xml) de factuur als e-factuur voor de boekhouding van de opdrachtgever."""
    if accept is not None and ubl_writer.MEDIA_TYPE in accept:
        invoice, content = invoices.electronic(
            session=session, sealer=sealer, actor=actor, invoice_id=invoice_id, purpose=purpose
        )
        return Response(
            content,
            media_type=ubl_writer.MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="factuur-{invoice.number}.xml"'},
        )
    return invoices.read(session=session, sealer=sealer, actor=actor, invoice_id=invoice_id, purpose=purpose)


@router.get(
    "/v1/facturen/{invoiceId}/afdrukversie",
    response_class=Response,
    responses={200: {"content": {render.HTML_MEDIA_TYPE: {"schema": {"type": "string"}}}}},
)
def printable(
    actor: PlacementStaff, invoice_id: InvoiceId, purpose: Purpose, session: SessionDep, sealer: SealerDep
) -> Response:
    """De factuur als afdrukbare pagina (A4) om aan de opdrachtgever te sturen."""
    invoice, worker_name = invoices.printable(
        session=session, sealer=sealer, actor=actor, invoice_id=invoice_id, purpose=purpose
    )
    return Response(
        render.invoice_html(invoice, worker_name=worker_name),
        media_type=f"{render.HTML_MEDIA_TYPE}; charset=utf-8",
        headers={"Content-Security-Policy": render.CONTENT_SECURITY_POLICY},
    )
