"""Route of the bookkeeper API: POST /v1/bedrijfsdocumenten, with the guarantees of /v1/loonstroken."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from gateway.ingest import bookkeeping
from gateway.ingest.auth import Context, authenticated
from gateway.ingest.config import BOOKKEEPING_SCOPE
from gateway.ingest.endpoints import JOSE_BODY, PUSH_RESPONSES, created_receipt, read_envelope
from gateway.ingest.tokens import AccessClaims
from gateway.web.errors import Forbidden
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, Receipt

router = APIRouter(prefix="/v1")


def require_bookkeeping(
    claims: Annotated[AccessClaims, Depends(authenticated)], context: Context
) -> AccessClaims:
    """A bookkeeper allowed to push invoices and costs, within its rate limit."""
    if BOOKKEEPING_SCOPE not in claims.scopes:
        raise Forbidden(f"Hiervoor is de scope {BOOKKEEPING_SCOPE} nodig.", code="insufficient_scope")
    context.push_limiter.check(claims.client_id)
    return claims


BookkeeperWriter = Annotated[AccessClaims, Depends(require_bookkeeping)]
"""An authenticated bookkeeper with scope bedrijfsdocumenten:schrijven."""

DESCRIPTION = f"""\
Voor boekhouders en boekhoudpakketten met een machtiging van de werkende. Aanmelden, DPoP, de envelop en
Idempotency-Key werken als bij /v1/loonstroken; het token heeft scope `{BOOKKEEPING_SCOPE}`.

De body is een compacte JWE (RSA-OAEP-256 + A256GCM, naar de versleutelsleutel uit de JWKS) met als inhoud
een compacte JWS (ES256 of PS256, met een voor deze boekhouder geregistreerde sleutel) van een bericht met
messageId, createdAt en documents. Elk document heeft een bsn en precies één van: `invoice` (een factuur als
JSON), `cost` (een kostenpost als JSON) of `ublInvoice` (een e-factuur, UBL 2.1 volgens SI-UBL 2.0, als
XML-tekst). Een correctie is een nieuw document met een eigen nummer en `corrects`.

Elk document wordt apart beoordeeld. Een document van iemand die deze boekhouder op de documentdatum
geen machtiging gaf, wordt geweigerd (code no_mandate) zonder te zeggen of het BSN bekend is; fouten in
een e-factuur noemen het element. In het ontvangstbewijs is recordId het factuurnummer of kenmerk.

Het antwoord is het ontvangstbewijs als JSON in canonieke vorm, met in de header {RECEIPT_SIGNATURE_HEADER}
een losse JWS van de gateway over precies die bytes (zie /v1/loonstroken); opnieuw op te halen onder
/v1/inzendingen/{{id}}.
"""


@router.post(
    "/bedrijfsdocumenten",
    tags=["bedrijfsdocumenten"],
    status_code=201,
    summary="Lever facturen en kosten van zelfstandigen aan (JWS in JWE).",
    description=DESCRIPTION,
    openapi_extra={"requestBody": JOSE_BODY},
    response_model=Receipt,
    responses=PUSH_RESPONSES,
)
async def push_documents(
    request: Request,
    context: Context,
    bookkeeper: BookkeeperWriter,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Slaat facturen en kosten op van werkenden die deze boekhouder machtigden; noemt per geweigerd
    document alle redenen."""
    envelope = await read_envelope(request, context, what="de documenten")
    signed = await run_in_threadpool(
        bookkeeping.receive_documents,
        context=context,
        client_id=bookkeeper.client_id,
        idempotency_key=idempotency_key,
        envelope=envelope,
    )
    return created_receipt(signed)
