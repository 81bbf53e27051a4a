"""Routes of the agency API; thin: read the request, call the service, shape the response."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from gateway.ingest import notifications, oauth, service
from gateway.ingest.auth import AgencyReader, AgencyWriter, Context, NotificationReader
from gateway.ingest.config import SCOPES
from gateway.ingest.service import SignedReceipt
from gateway.store.base import ID_PATTERN
from gateway.web.body import read_limited_body
from gateway.web.errors import ApiError, InvalidInput, UnsupportedMediaType
from gateway.web.problems import problem_response
from schemas.notifications import Notification, NotificationPage
from schemas.problems import Problem
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, REPLAYED_HEADER, Receipt
from schemas.text import has_control_character

JOSE_MEDIA_TYPE = "application/jose"
JOSE_BODY: dict[str, object] = {
    "required": True,
    "content": {
        JOSE_MEDIA_TYPE: {
            "schema": {
                "type": "string",
                # RFC 7516 §7.1: five base64url parts; the key-encryption part is empty only for `dir`.
                "pattern": "^{0}+\\.{0}*\\.{0}+\\.{0}+\\.{0}+$".format("[A-Za-z0-9_-]"),
                "description": "Een JWE (compacte vorm) met daarin de JWS van het bericht.",
            }
        }
    },
}
"""The request body of a push, as the OpenAPI document describes it."""
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
TOKEN_FORM_LIMIT = 32 * 1024

router = APIRouter(prefix="/v1")

PUSH_DESCRIPTION = f"""\
De body is een compacte JWE (RSA-OAEP-256 + A256GCM, naar de versleutelsleutel uit de JWKS) met als inhoud
een compacte JWS (ES256 of PS256, met een voor dit uitzendbureau geregistreerde sleutel) van een PayBatch:
messageId, createdAt en records. Elke loonstrook wordt apart beoordeeld.

Het antwoord is het ontvangstbewijs als JSON in canonieke vorm (gesorteerde sleutels, geen witruimte, UTF-8),
met in de header {RECEIPT_SIGNATURE_HEADER} een losse JWS (RFC 7515 bijlage F, `header..handtekening`) van de
gateway over precies die bytes. Verifieer met de ES256-sleutel uit /v1/.well-known/jwks.json.

Idempotency-Key is verplicht: dezelfde sleutel met dezelfde loonstroken geeft hetzelfde ontvangstbewijs
(header Idempotent-Replayed: true); dezelfde sleutel met andere loonstroken wordt geweigerd (422).
"""

_PROBLEM = {"model": Problem, "content": {"application/problem+json": {}}}
_SIGNED = {
    RECEIPT_SIGNATURE_HEADER: {
        "description": "Losse JWS (RFC 7515 bijlage F) van de gateway over precies de body.",
        "schema": {"type": "string"},
    }
}
PUSH_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"headers": _SIGNED},
    **{status: _PROBLEM for status in (400, 401, 403, 409, 413, 415, 422, 429)},
}
"""What a push answers (agency and bookkeeper alike): a signed receipt, or a problem."""


@router.post(
    "/oauth/token",
    tags=["autorisatie"],
    summary="Vraag een access token aan (client credentials, private_key_jwt, DPoP).",
    openapi_extra={
        "parameters": [
            {
                "name": "DPoP",
                "in": "header",
                "required": True,
                "description": "DPoP-bewijs (RFC 9449): JWT met typ dpop+jwt, ondertekend met de sleutel"
                " van het bureau, htm POST en htu de token-URL. Het token wordt aan die sleutel gebonden.",
                "schema": {"type": "string"},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                FORM_MEDIA_TYPE: {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type", "client_assertion_type", "client_assertion"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "scope": {
                                "type": "string",
                                "example": " ".join(SCOPES),
                                "description": "Gevraagde scopes, door spaties gescheiden; zonder: alle.",
                            },
                            "client_assertion_type": {
                                "type": "string",
                                "enum": ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"],
                            },
                            "client_assertion": {"type": "string", "description": "JWT, ES256 of PS256."},
                        },
                    }
                }
            },
        },
    },
    responses={400: _PROBLEM, 401: _PROBLEM, 429: _PROBLEM},
)
async def token(request: Request, context: Context) -> Response:
    """Geeft een access token van 10 minuten met de gevraagde scopes (standaard loonstroken:schrijven en
    meldingen:lezen); geen refresh token."""
    context.token_limiter.check(request.client.host if request.client else "onbekend")
    if request.headers.get("content-type", "").split(";")[0].strip() != FORM_MEDIA_TYPE:
        raise UnsupportedMediaType(f"Stuur het tokenverzoek als {FORM_MEDIA_TYPE}.")
    form = _form(await read_limited_body(request, limit=TOKEN_FORM_LIMIT))
    headers = dict(request.headers)
    proofs = request.headers.getlist("dpop")

    def issue() -> oauth.TokenOutcome:
        with context.database.transaction() as session:
            return oauth.issue_token(
                session=session,
                keys=context.keys,
                config=context.config,
                form=form,
                headers=headers,
                dpop_proofs=proofs,
                now=context.clock(),
            )

    outcome = await run_in_threadpool(issue)
    if outcome.status == 200:
        return JSONResponse(outcome.body, headers=dict(outcome.headers))
    return _oauth_problem(outcome, request.url.path)


@router.get(
    "/sleutels",
    tags=["autorisatie"],
    summary="De publieke sleutels van de gateway (ondertekenen en versleutelen).",
    description="Dezelfde JWK Set staat ook op `/v1/.well-known/jwks.json`, waar JWKS-clients hem zoeken.",
    responses={200: {"content": {"application/jwk-set+json": {"schema": {"type": "object"}}}}},
)
# The usual JWKS place, kept out of the document: the API Design Rules want kebab-case path segments.
@router.get("/.well-known/jwks.json", include_in_schema=False)
async def jwks(context: Context) -> Response:
    """JWK Set: de ES256-sleutel van tokens en ontvangstbewijzen en de RSA-sleutel voor versleuteling."""
    document = await run_in_threadpool(context.keys.jwks)
    # Public material that changes only at a rotation; old keys stay valid for days, so caching is safe.
    return JSONResponse(
        document, media_type="application/jwk-set+json", headers={"Cache-Control": "public, max-age=300"}
    )


@router.post(
    "/loonstroken",
    tags=["loonstroken"],
    status_code=201,
    summary="Lever loonstroken aan (JWS in JWE).",
    description=PUSH_DESCRIPTION,
    openapi_extra={
        "requestBody": JOSE_BODY,
    },
    response_model=Receipt,
    responses=PUSH_RESPONSES,
)
async def push(
    request: Request,
    context: Context,
    agency: AgencyWriter,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Slaat geldige loonstroken op en noemt per geweigerde loonstrook alle redenen."""
    envelope = await read_envelope(request, context, what="de loonstroken")
    signed = await run_in_threadpool(
        service.receive_push,
        context=context,
        client_id=agency.client_id,
        idempotency_key=idempotency_key,
        envelope=envelope,
    )
    return created_receipt(signed)


async def read_envelope(request: Request, context: Context, *, what: str) -> bytes:
    """The body of a push (JWS in JWE), read within the body limit; any other media type is refused
    naming `what` was to be sent."""
    if request.headers.get("content-type", "").split(";")[0].strip() != JOSE_MEDIA_TYPE:
        raise UnsupportedMediaType(f"Stuur {what} als {JOSE_MEDIA_TYPE} (JWS in JWE).")
    return (await read_limited_body(request, limit=context.config.max_body_bytes)).strip()


def created_receipt(signed: SignedReceipt) -> Response:
    """The 201 answer to a push: the signed receipt, where to fetch it again, and whether it was a replay."""
    headers = {"Location": f"/v1/inzendingen/{signed.submission_id}"}
    if signed.replayed:
        headers[REPLAYED_HEADER] = "true"
    return _receipt_response(signed, status=201, extra=headers)


@router.get(
    "/inzendingen/{submission_id}",
    tags=["loonstroken"],
    summary="Haal het ontvangstbewijs van een inzending opnieuw op.",
    response_model=Receipt,
    responses={200: {"headers": _SIGNED}, 401: _PROBLEM, 404: _PROBLEM},
)
async def submission_receipt(
    submission_id: Annotated[str, Path(pattern=ID_PATTERN, description="Id van de inzending.")],
    context: Context,
    agency: AgencyReader,
) -> Response:
    """Het ondertekende ontvangstbewijs van een eigen inzending; die van een ander uitzendbureau: 404."""
    signed = await run_in_threadpool(
        service.receipt, context=context, client_id=agency.client_id, submission_id=submission_id
    )
    return _receipt_response(signed, status=200)


@router.get(
    "/meldingen",
    tags=["meldingen"],
    summary="Uw meldingen over ontbrekende loonstroken, nieuwste eerst.",
    response_model=NotificationPage,
    responses={400: _PROBLEM, 401: _PROBLEM, 403: _PROBLEM},
)
async def list_notifications(
    context: Context,
    agency: NotificationReader,
    page: Annotated[int, Query(ge=1, le=100_000, description="Paginanummer, vanaf 1.")] = 1,
    page_size: Annotated[
        int,
        Query(
            alias="pageSize",
            ge=1,
            le=notifications.MAX_PAGE_SIZE,
            description=f"Aantal meldingen per pagina, hoogstens {notifications.MAX_PAGE_SIZE}.",
        ),
    ] = notifications.DEFAULT_PAGE_SIZE,
) -> NotificationPage:
    """Per melding de week en hoeveel werkenden en tijdvakken erin staan; de BSN's staan in de melding."""
    return await run_in_threadpool(
        notifications.list_page, context=context, client_id=agency.client_id, page=page, page_size=page_size
    )


@router.get(
    "/meldingen/{notification_id}",
    tags=["meldingen"],
    summary="Eén melding: van welke werkenden (BSN) welke tijdvakken ontbreken.",
    response_model=Notification,
    responses={401: _PROBLEM, 403: _PROBLEM, 404: _PROBLEM},
)
async def get_notification(
    context: Context,
    agency: NotificationReader,
    notification_id: Annotated[
        str,
        Path(pattern=ID_PATTERN, description="Kenmerk van de melding, uit de webhook of de lijst."),
    ],
) -> Notification:
    """De ontbrekende tijdvakken van werkenden die nu bij u ingeschreven zijn; een melding van een ander
    uitzendbureau: 404."""
    return await run_in_threadpool(
        notifications.notification,
        context=context,
        client_id=agency.client_id,
        notification_id=notification_id,
    )


def _receipt_response(signed: SignedReceipt, *, status: int, extra: dict[str, str] | None = None) -> Response:
    headers = {RECEIPT_SIGNATURE_HEADER: signed.signature, **(extra or {})}
    return Response(signed.body, status_code=status, media_type="application/json", headers=headers)


def _form(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("Het tokenverzoek is geen geldig formulier.", code="invalid_request") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            # RFC 6749 §3.2: parameters must not be repeated.
            raise InvalidInput(f"De parameter {name} komt meer dan eens voor.", code="invalid_request")
        if has_control_character(value):
            raise InvalidInput(f"De parameter {name} bevat een stuurteken.", code="invalid_request")
        form[name] = value
    return form


_OAUTH_TEXTS: dict[str, str] = {
    "invalid_client": "De client kon niet worden geauthenticeerd (private_key_jwt).",
    "invalid_request": "Het tokenverzoek is onvolledig of onjuist.",
    "invalid_scope": f"Deze scope bestaat niet; vraag {' of '.join(SCOPES)}.",
    "unauthorized_client": "Deze client mag deze grant niet gebruiken.",
    "unsupported_grant_type": "Alleen grant_type=client_credentials wordt ondersteund.",
    "invalid_grant": "De grant is ongeldig.",
    "invalid_dpop_proof": "Het DPoP-bewijs ontbreekt of is ongeldig.",
}


def _oauth_problem(outcome: oauth.TokenOutcome, path: str) -> Response:
    """An OAuth error (RFC 6749 §5.2) as a problem document that still carries `error`."""
    error = str(outcome.body.get("error", "invalid_request"))
    text = outcome.reason or _OAUTH_TEXTS.get(error, "Het tokenverzoek is geweigerd.")
    problem = ApiError(text, code=error, status=outcome.status).to_problem(path)
    headers = {k: v for k, v in outcome.headers if k.lower() != "content-type"}
    return problem_response(
        problem, headers, extra={"title": "Tokenverzoek geweigerd", "error": error, "error_description": text}
    )
