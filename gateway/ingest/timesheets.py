"""`POST /v1/urenstaten`: Flextensie timesheets pushed by an agency or back office (DESIGN §4.10, §5).

The same security as pay records, through the same machinery: the access token with scope
`loonstroken:schrijven`, the body a JWS (by a key registered for the agency) in a JWE (to the gateway's
key), a fresh message whose id was never used, the Idempotency-Key, the raw envelope kept encrypted, and
a signed receipt with one outcome per timesheet (fetched again at `/v1/inzendingen/{id}`).

Each timesheet is judged alone. It must name a placement this agency may push for and the BSN of that
placement's worker; its hours must lie inside the placement and not in a month already invoiced. A new
week is stored as version 1, a change of a week not yet approved as the next version, the same hours
again as a duplicate. With `clientApproval` the client's signature is recorded and the premium accrues.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import Field, TypeAdapter, ValidationError, ValidationInfo, WrapValidator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_parameters
from gateway.ingest import idempotency, receipts, service
from gateway.ingest.auth import AgencyWriter, Context
from gateway.ingest.context import GatewayContext
from gateway.ingest.endpoints import JOSE_BODY, JOSE_MEDIA_TYPE
from gateway.ingest.idempotency import Claim, ClaimKind
from gateway.ingest.service import SignedReceipt
from gateway.store import flextensie, flextensie_ledger, submissions, workers
from gateway.store.flextensie import Refused, Stored
from gateway.store.models import Agency, Placement, Worker
from gateway.web.body import read_limited_body
from gateway.web.errors import InvalidInput, UnsupportedMediaType
from gateway.web.validation import invalid_params
from schemas.base import ApiModel
from schemas.flextensie import TimesheetPush, TimesheetSource
from schemas.problems import InvalidParam
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, REPLAYED_HEADER, Outcome, Receipt

MAX_TIMESHEETS = 1_000
"""A week's timesheets of a large back office; more per message makes one transaction too long."""

log = logging.getLogger("loonbrug.ingest.timesheets")

router = APIRouter(prefix="/v1")

# Refusal codes of the Flextensie rules and the field of a timesheet they are about.
_FIELDS = {"hours_outside_placement": "days", "month_invoiced": "days", "timesheet_approved": "week"}


@lru_cache(maxsize=1)
def _parameters() -> ParameterSet:
    return load_parameters()


@dataclass(frozen=True, slots=True)
class _Invalid:
    raw: Any
    errors: list[Any]


def _judge(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    # Catch one timesheet's errors so that it is refused alone and the rest of the message goes on.
    try:
        return handler(value)
    except ValidationError as exc:
        return _Invalid(raw=value, errors=exc.errors(include_url=False, include_input=False))


class _Message(ApiModel):
    """`TimesheetBatch` with each timesheet judged on its own."""

    message_id: Annotated[str, Field(min_length=8, max_length=128)]
    created_at: dt.datetime
    timesheets: list[Annotated[TimesheetPush, WrapValidator(_judge)]] = Field(
        min_length=1, max_length=MAX_TIMESHEETS
    )


_MESSAGE = TypeAdapter(_Message)


def _parse(payload: bytes) -> _Message:
    """The message; its own fields must be valid, each timesheet is valid or `_Invalid`."""
    try:
        message = _MESSAGE.validate_json(payload)
    except ValidationError as exc:
        problems = invalid_params(exc.errors(include_url=False, include_input=False))
        raise InvalidInput("Het bericht is geen geldige batch urenstaten.", invalid_params=problems) from None
    if message.created_at.tzinfo is None:
        raise InvalidInput(
            "Het bericht is geen geldige batch urenstaten.",
            invalid_params=[
                InvalidParam(name="createdAt", code="timezone_aware", reason="Geef createdAt met tijdzone.")
            ],
        )
    return message


def _raw_digest(raw: Any) -> str:
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(message: _Message) -> str:
    """SHA-256 over what the timesheets say, in order: what an Idempotency-Key is bound to.

    The message id and creation time are left out, so a client that rebuilds the same message after a
    crash of its own (new id and time, same timesheets and key) gets the stored answer.
    """
    digest = hashlib.sha256()
    for item in message.timesheets:
        if isinstance(item, _Invalid):
            digest.update(f"refused|{_raw_digest(item.raw)}\n".encode())
        else:
            canonical = json.dumps(
                item.model_dump(mode="json", by_alias=True), sort_keys=True, separators=(",", ":")
            )
            digest.update(f"valid|{canonical}\n".encode())
    return digest.hexdigest()


def _refused(index: int, timesheet_id: str | None, name: str, code: str, reason: str) -> dict[str, Any]:
    problem = InvalidParam(name=f"timesheets[{index}].{name}", code=code, reason=reason)
    return receipts.outcome(index=index, record_id=timesheet_id, kind=Outcome.REFUSED, problems=[problem])


def _readable_id(raw: Any) -> str | None:
    value = raw.get("timesheetId") if isinstance(raw, dict) else None
    if isinstance(value, str) and 0 < len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum():
        return value
    return None


def _judge_and_store(
    *,
    session: Session,
    context: GatewayContext,
    agency: Agency,
    submission_id: str,
    index: int,
    item: TimesheetPush,
) -> tuple[dict[str, Any], bool]:
    """One timesheet's outcome, and whether it replaced an earlier version."""
    placement = session.get(Placement, item.placement_id)
    if placement is None or placement.agency_id != agency.id:
        reason = "Onbekende plaatsing, of dit bureau levert voor deze plaatsing geen urenstaten aan."
        return _refused(index, item.timesheet_id, "placementId", "placement_unknown", reason), False
    worker = session.get(Worker, placement.worker_id)
    if worker is None or not workers.has_bsn(keyring=context.sealer.keyring, worker=worker, bsn=item.bsn):
        reason = "Het BSN hoort niet bij de werkende van deze plaatsing."
        return _refused(index, item.timesheet_id, "bsn", "bsn_mismatch", reason), False
    try:
        record, stored = flextensie.record_timesheet(
            session=session,
            sealer=context.sealer,
            placement=placement,
            week=item.week,
            days=tuple((day.date, day.hours) for day in item.days),
            source=TimesheetSource.AGENCY,
            recorded_by=f"agency:{agency.id}",
            submission_id=submission_id,
            external_id=item.timesheet_id,
        )
        if item.client_approval is not None and not record.approved:
            record = flextensie_ledger.approve_timesheet(
                session=session,
                sealer=context.sealer,
                placement=placement,
                timesheet=record,
                approval=item.client_approval,
                actor=f"agency:{agency.id}",
                parameters=_parameters(),
            )
    except Refused as refusal:
        field = _FIELDS.get(refusal.code, "week")
        return _refused(index, item.timesheet_id, field, refusal.code, refusal.reason), False
    kind = Outcome.DUPLICATE if stored is Stored.DUPLICATE else Outcome.STORED
    version = record.row.version
    entry = receipts.outcome(index=index, record_id=item.timesheet_id, kind=kind, version=version)
    return entry, stored is Stored.REPLACED


TIMESHEET_PUSH_ACTION = "urenstaten.aanlevering"
"""The audit action of a push of timesheets: one record per push, stored, replayed or refused."""


def receive_timesheets(
    *, context: GatewayContext, client_id: str, idempotency_key: str | None, envelope: bytes
) -> SignedReceipt:
    """Open, check and store one pushed message of timesheets; return its signed receipt."""
    return service.audited_push(
        context,
        client_id=client_id,
        action=TIMESHEET_PUSH_ACTION,
        receive=lambda: _receive(
            context=context, client_id=client_id, idempotency_key=idempotency_key, envelope=envelope
        ),
    )


def _receive(
    *, context: GatewayContext, client_id: str, idempotency_key: str | None, envelope: bytes
) -> SignedReceipt:
    key = idempotency.check_key(idempotency_key)
    # The pay-record push's own steps (`service._*`), reused so both pushes are checked the same way; they
    # are private there and should become public (asked of the gateway's owner) rather than be copied here.
    agency, agency_keys = service.agency_and_keys(context, client_id)
    message = _parse(service.open_envelope(context, envelope, agency_keys))
    now = context.clock()
    claim = idempotency.claim(
        database=context.database,
        sealer=context.sealer,
        agency_id=agency.id,
        key=key,
        digest=_digest(message),
        now=now,
        lease=context.config.idempotency_lease,
    )
    if claim.kind is ClaimKind.REPLAY:
        assert claim.submission_id is not None
        stored = service.receipt(context=context, client_id=client_id, submission_id=claim.submission_id)
        return SignedReceipt(stored.submission_id, stored.body, stored.signature, replayed=True)
    try:
        service.check_freshness(context, message.created_at, now)
        signed = _store(context, agency, claim, message, envelope)
    except BaseException:
        idempotency.release(database=context.database, claim=claim)
        raise
    return signed


def _store(
    context: GatewayContext, agency: Agency, claim: Claim, message: _Message, envelope: bytes
) -> SignedReceipt:
    with context.database.transaction() as session:
        if submissions.by_message_id(session=session, agency_id=agency.id, message_id=message.message_id):
            raise service.replayed_message()
        try:
            with session.begin_nested():
                submission = submissions.create(
                    session=session,
                    sealer=context.sealer,
                    agency_id=agency.id,
                    message_id=message.message_id,
                    message_created_at=message.created_at,
                    envelope=envelope.decode("ascii"),
                )
        except IntegrityError:
            raise service.replayed_message() from None
        outcomes = []
        replaced = 0
        for index, item in enumerate(message.timesheets):
            if isinstance(item, _Invalid):
                problems = invalid_params(item.errors, prefix=("timesheets", index))
                outcomes.append(
                    receipts.outcome(
                        index=index, record_id=_readable_id(item.raw), kind=Outcome.REFUSED, problems=problems
                    )
                )
                continue
            entry, was_replaced = _judge_and_store(
                session=session,
                context=context,
                agency=agency,
                submission_id=submission.id,
                index=index,
                item=item,
            )
            outcomes.append(entry)
            replaced += was_replaced
        document = receipts.build(
            submission_id=submission.id,
            message_id=message.message_id,
            received_at=submission.received_at.isoformat(),
            outcomes=outcomes,
            corrections=replaced,
        )
        body, signature = receipts.attach(
            session=session, submission=submission, receipt=document, keys=context.keys
        )
        counts = document["counts"]
        idempotency.finish(
            session=session, sealer=context.sealer, claim=claim, status=200, submission_id=submission.id
        )
        service.append_push_record(
            session, client_id=agency.client_id, action=TIMESHEET_PUSH_ACTION, result="stored"
        )
    log.info(
        "urenstaten %s van %s: %d ontvangen, %d opgeslagen, %d dubbel, %d geweigerd",
        submission.id,
        agency.client_id,
        counts["received"],
        counts["stored"],
        counts["duplicates"],
        counts["refused"],
    )
    return SignedReceipt(submission_id=submission.id, body=body, signature=signature)


_PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


@router.post(
    "/urenstaten",
    tags=["urenstaten"],
    status_code=201,
    summary="Lever Flextensie-urenstaten aan (JWS in JWE).",
    description=(
        "Zoals /v1/loonstroken, maar de inhoud is een TimesheetBatch: messageId, createdAt en timesheets. "
        "Elke urenstaat noemt de plaatsing, het BSN van de werkende, de ISO-week en de uren per dag, en "
        "eventueel de goedkeuring door de opdrachtgever (clientApproval). Het antwoord is het ondertekende "
        f"ontvangstbewijs met per urenstaat de uitkomst; de handtekening staat in {RECEIPT_SIGNATURE_HEADER}."
    ),
    openapi_extra={
        "requestBody": JOSE_BODY,
    },
    response_model=Receipt,
    responses={code: _PROBLEM for code in (400, 401, 403, 409, 413, 415, 422, 429)},
)
async def push(
    request: Request,
    context: Context,
    agency: AgencyWriter,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Slaat geldige urenstaten op en noemt per geweigerde urenstaat alle redenen."""
    if request.headers.get("content-type", "").split(";")[0].strip() != JOSE_MEDIA_TYPE:
        raise UnsupportedMediaType(f"Stuur de urenstaten als {JOSE_MEDIA_TYPE} (JWS in JWE).")
    envelope = await read_limited_body(request, limit=context.config.max_body_bytes)
    signed = await run_in_threadpool(
        receive_timesheets,
        context=context,
        client_id=agency.client_id,
        idempotency_key=idempotency_key,
        envelope=envelope.strip(),
    )
    headers = {
        RECEIPT_SIGNATURE_HEADER: signed.signature,
        "Location": f"/v1/inzendingen/{signed.submission_id}",
    }
    if signed.replayed:
        headers[REPLAYED_HEADER] = "true"
    return Response(signed.body, status_code=201, media_type="application/json", headers=headers)
