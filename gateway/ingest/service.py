"""The push of pay records and the receipt lookup: the work behind the endpoints (DESIGN §5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from joserfc.jwk import Key
from sqlalchemy.orm import Session

from gateway.ingest import idempotency, judging, ledger, receipts, repository, rows
from gateway.ingest.context import GatewayContext
from gateway.ingest.idempotency import Claim, ClaimKind
from gateway.security import jose_envelope
from gateway.security.gateway_keys import KeyPurpose
from gateway.security.jose_envelope import EnvelopeError
from gateway.security.keyring import Keyring
from gateway.store import audit, outbox, submissions
from gateway.store.base import new_id, utcnow
from gateway.store.models import Agency
from gateway.web.errors import ApiError, InvalidInput, NotFound, Unauthorized, Unprocessable
from schemas.receipt import Outcome

OUTBOX_TOPIC = "pay_records.received"
PUSH_ACTION = "loonstroken.aanlevering"
"""The audit action of a push of pay records: one record per push, stored, replayed or refused."""
AGENCY_ROLE = "agency"
PUSH_PURPOSE = "aanlevering"

log = logging.getLogger("loonbrug.ingest")


@dataclass(frozen=True, slots=True)
class SignedReceipt:
    """A receipt body (canonical JSON bytes) with the gateway's detached signature over it."""

    submission_id: str
    body: bytes
    signature: str
    replayed: bool = False


def receive_push(
    *, context: GatewayContext, client_id: str, idempotency_key: str | None, envelope: bytes
) -> SignedReceipt:
    """Open, check and store one pushed message; return its signed receipt."""
    return audited_push(
        context,
        client_id=client_id,
        action=PUSH_ACTION,
        receive=lambda: _receive(
            context=context, client_id=client_id, idempotency_key=idempotency_key, envelope=envelope
        ),
    )


def audited_push(
    context: GatewayContext, *, client_id: str, action: str, receive: Callable[[], SignedReceipt]
) -> SignedReceipt:
    """Run `receive` and audit a push it refused or answered from the stored one; a stored push is
    audited by `append_push_record` in the transaction that stores it."""
    try:
        signed = receive()
    except ApiError as refusal:
        if refusal.status < 500:
            _audit_push(context, client_id=client_id, action=action, result=refusal.instance_code)
        raise
    if signed.replayed:
        _audit_push(context, client_id=client_id, action=action, result="replayed")
    return signed


def _audit_push(context: GatewayContext, *, client_id: str, action: str, result: str) -> None:
    with context.database.transaction() as session:
        append_push_record(session, client_id=client_id, action=action, result=result)


def append_push_record(
    session: Session, *, client_id: str, action: str, result: str, role: str = AGENCY_ROLE
) -> None:
    """Append the one audit record of a push (by an agency, or a sender of `role`) to the session's
    transaction."""
    audit.append(
        session=session,
        actor=client_id,
        actor_role=role,
        action=action,
        purpose=PUSH_PURPOSE,
        result=result,
    )


def _receive(
    *, context: GatewayContext, client_id: str, idempotency_key: str | None, envelope: bytes
) -> SignedReceipt:
    key = idempotency.check_key(idempotency_key)
    agency, agency_keys = agency_and_keys(context, client_id)
    payload = open_envelope(context, envelope, agency_keys)
    batch = judging.parse_batch(payload, max_records=context.config.max_records)
    keyring = context.sealer.keyring
    candidates = ledger.candidates(batch.records, keyring)
    now = context.clock()
    claim = idempotency.claim(
        database=context.database,
        sealer=context.sealer,
        agency_id=agency.id,
        key=key,
        digest=_records_digest(batch, candidates, keyring, keyring.active_digest_kid),
        # During a digest-key rotation a key used before the rotation still finds its stored answer.
        older_digests=[
            _records_digest(batch, candidates, keyring, kid)
            for kid in keyring.digest_keys
            if kid != keyring.active_digest_kid
        ],
        now=now,
        lease=context.config.idempotency_lease,
    )
    if claim.kind is ClaimKind.REPLAY:
        assert claim.submission_id is not None
        stored = receipt(context=context, client_id=client_id, submission_id=claim.submission_id)
        return SignedReceipt(stored.submission_id, stored.body, stored.signature, replayed=True)
    try:
        check_freshness(context, batch.created_at, now)
        signed = _store(context, agency, claim, batch, candidates, envelope)
    except BaseException:
        _release(context, claim)
        raise
    return signed


def receipt(*, context: GatewayContext, client_id: str, submission_id: str) -> SignedReceipt:
    """The receipt of one of this agency's submissions; another agency's is not found."""
    with context.database.transaction() as session:
        agency = repository.agency_by_client_id(session, client_id)
        submission = (
            submissions.get(session=session, agency_id=agency.id, submission_id=submission_id)
            if agency
            else None
        )
        if submission is None or submission.receipt is None:
            raise NotFound("Deze inzending bestaat niet (of hoort bij een ander uitzendbureau).")
        body = receipts.canonical(submission.receipt)
        signature = receipts.signature_for(body, submission.receipt_jws, context.keys)
        return SignedReceipt(submission_id=submission.id, body=body, signature=signature)


def _release(context: GatewayContext, claim: Claim) -> None:
    try:
        idempotency.release(database=context.database, claim=claim)
    except Exception as error:
        # The first failure is the one to report; this claim simply waits out its lease.
        log.warning("Idempotency-Key niet vrijgegeven (%s); vrij na de leasetijd", type(error).__name__)


def agency_and_keys(context: GatewayContext, client_id: str) -> tuple[Agency, list[Key]]:
    """The agency behind a token and its registered signing keys; 401 when it is no longer registered."""
    with context.database.transaction() as session:
        agency = repository.agency_by_client_id(session, client_id)
        if agency is None:
            raise Unauthorized("Dit uitzendbureau is niet (meer) geregistreerd.")
        return agency, repository.agency_signing_keys(session, agency_id=agency.id)


def open_envelope(context: GatewayContext, envelope: bytes, agency_keys: list[Key]) -> bytes:
    """Decrypt the JWE and verify the JWS inside with one of the agency's keys; the signed payload."""
    limit = context.config.max_body_bytes

    def encryption_key(header: dict[str, object]) -> Key | None:
        return context.keys.find(KeyPurpose.ENCRYPTION, header.get("kid"))

    def signing_key(header: dict[str, object]) -> Key | None:
        # The key must be registered for this agency and for exactly this algorithm.
        return next(
            (k for k in agency_keys if k.kid == header.get("kid") and k.alg == header.get("alg")), None
        )

    try:
        signed = jose_envelope.decrypt(envelope, encryption_key, max_bytes=limit)
        return jose_envelope.verify(signed, signing_key, max_bytes=limit).payload
    except EnvelopeError as error:
        raise InvalidInput(error.reason, code=error.code) from None


def _records_digest(
    batch: judging.ParsedBatch, candidates: list[ledger.Candidate], keyring: Keyring, kid: str
) -> str:
    """SHA-256 over what the records say, in order: what an Idempotency-Key is bound to.

    Each valid record counts with its ids, BSN and content digest under digest key `kid` (so "12.5" and
    "12.50" are the same record); a refused one with a hash of what was sent. The message id and
    creation time are left out, so a client that rebuilds the same batch after a crash of its own (new
    message id and time, same records and key) gets the stored answer.
    """
    digest = hashlib.sha256()
    prepared = {c.index: c for c in candidates}
    for index, item in enumerate(batch.records):
        if isinstance(item, judging.RefusedRecord):
            digest.update(f"refused|{item.raw_digest}\n".encode())
            continue
        candidate = prepared[index]
        record = candidate.record
        content = candidate.prepared.digest_under(keyring, kid)
        line = f"valid|{record.record_id}|{record.corrects or ''}|{record.bsn}|{content}\n"
        digest.update(line.encode())
    return digest.hexdigest()


def check_freshness(context: GatewayContext, created_at: dt.datetime, now: dt.datetime) -> None:
    """Refuse a message older than the allowed window or created in the future beyond the clock skew."""
    if created_at < now - context.config.message_window:
        minutes = int(context.config.message_window.total_seconds() // 60)
        raise Unprocessable(
            f"Het bericht is ouder dan {minutes} minuten; maak een nieuw bericht.", code="message_stale"
        )
    if created_at > now + context.config.clock_skew:
        raise Unprocessable(
            "createdAt ligt in de toekomst; controleer de klok van het verzendende systeem.",
            code="message_from_future",
        )


def _store(
    context: GatewayContext,
    agency: Agency,
    claim: Claim,
    batch: judging.ParsedBatch,
    candidates: list[ledger.Candidate],
    envelope: bytes,
) -> SignedReceipt:
    """Judge, then store the submission with its receipt and the records, in one transaction.

    The receipt is complete before anything is written, so the submission is one INSERT that also finds
    a replayed message id; its records follow in one COPY (one multi-row INSERT on SQLite).
    """
    sealer = context.sealer
    submission_id, received_at = new_id(), utcnow()
    with context.database.transaction() as session:
        judgement = ledger.judge(
            session=session,
            sealer=sealer,
            agency_id=agency.id,
            submission_id=submission_id,
            candidates=candidates,
        )
        refused_early = [
            receipts.outcome(index=r.index, record_id=r.record_id, kind=Outcome.REFUSED, problems=r.problems)
            for r in batch.records
            if isinstance(r, judging.RefusedRecord)
        ]
        document = receipts.build(
            submission_id=submission_id,
            message_id=batch.message_id,
            received_at=received_at.isoformat(),
            outcomes=judgement.outcomes + refused_early,
            corrections=judgement.corrections,
        )
        body = receipts.canonical(document)
        signature = receipts.sign(body, context.keys)
        counts = document["counts"]
        stored = submissions.insert_received(
            session=session,
            sealer=sealer,
            submission_id=submission_id,
            agency_id=agency.id,
            message_id=batch.message_id,
            message_created_at=batch.created_at,
            received_at=received_at,
            envelope=envelope.decode("ascii"),
            receipt=document,
            receipt_jws=signature,
            accepted=counts["stored"],
            refused=counts["refused"],
            duplicates=counts["duplicates"],
        )
        if not stored:
            raise replayed_message()
        rows.write(session=session, sealer=sealer, rows=judgement.rows, received_at=received_at)
        if judgement.stored:
            outbox.publish(
                session=session,
                topic=OUTBOX_TOPIC,
                payload={
                    "submissionId": submission_id,
                    "agencyId": agency.id,
                    "workerIds": sorted(judgement.affected_workers),
                    "storedCount": judgement.stored,
                },
            )
        idempotency.finish(
            session=session, sealer=sealer, claim=claim, status=200, submission_id=submission_id
        )
        # In the same transaction: a push is never stored without its audit record.
        append_push_record(session, client_id=agency.client_id, action=PUSH_ACTION, result="stored")
    log.info(
        "inzending %s van %s: %d ontvangen, %d opgeslagen, %d dubbel, %d geweigerd",
        submission_id,
        agency.client_id,
        counts["received"],
        counts["stored"],
        counts["duplicates"],
        counts["refused"],
    )
    return SignedReceipt(submission_id=submission_id, body=body, signature=signature)


def replayed_message() -> Unprocessable:
    """The refusal for a message id that was received before."""
    return Unprocessable(
        "Dit berichtkenmerk (messageId) is al eerder ontvangen; een bericht wordt één keer verwerkt.",
        code="message_replayed",
    )
