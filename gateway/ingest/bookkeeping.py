"""The push of business documents by a bookkeeper: the work behind POST /v1/bedrijfsdocumenten (rule 11).

The same steps as a push of pay records, and mostly the same code: the Idempotency-Key is claimed, the
JWS-in-JWE envelope is opened with the sender's registered keys, the message must be fresh and new, the
envelope is kept with the submission, and the gateway signs the receipt. What differs is the content
(invoices and costs, as JSON or as e-invoices), whom it may concern (workers who gave this bookkeeper a
mandate) and where it goes (`gateway.store.business_documents`, then a recompute of those workers).
"""

from __future__ import annotations

import hashlib
import json
import logging

from sqlalchemy.exc import IntegrityError

from gateway.ingest import business_batch, idempotency, mandates, receipts, service
from gateway.ingest.business_batch import Candidate, ParsedDocuments, Refused
from gateway.ingest.context import GatewayContext
from gateway.ingest.idempotency import Claim, ClaimKind
from gateway.ingest.service import SignedReceipt
from gateway.jobs import kinds
from gateway.security.keyring import Keyring
from gateway.store import outbox, submissions
from gateway.store.bookkeepers import BOOKKEEPER
from gateway.store.models import Agency
from gateway.web.errors import ApiError, Forbidden
from schemas.receipt import Outcome
from schemas.self_employed import BusinessCost

PUSH_ACTION = "bedrijfsdocumenten.aanlevering"
"""The audit action of a push of business documents: one record per push, stored, replayed or refused."""
BOOKKEEPER_ROLE = "bookkeeper"

log = logging.getLogger("loonbrug.ingest")


def receive_documents(
    *, context: GatewayContext, client_id: str, idempotency_key: str | None, envelope: bytes
) -> SignedReceipt:
    """Open, check and store one pushed message of business documents; return its signed receipt."""
    try:
        signed = _receive(
            context=context, client_id=client_id, idempotency_key=idempotency_key, envelope=envelope
        )
    except ApiError as refusal:
        if refusal.status < 500:
            _audit(context, client_id=client_id, result=refusal.instance_code)
        raise
    if signed.replayed:
        _audit(context, client_id=client_id, result="replayed")
    return signed


def _audit(context: GatewayContext, *, client_id: str, result: str) -> None:
    with context.database.transaction() as session:
        service.append_push_record(
            session, client_id=client_id, action=PUSH_ACTION, result=result, role=BOOKKEEPER_ROLE
        )


def _receive(
    *, context: GatewayContext, client_id: str, idempotency_key: str | None, envelope: bytes
) -> SignedReceipt:
    key = idempotency.check_key(idempotency_key)
    bookkeeper, keys = service.agency_and_keys(context, client_id)
    if bookkeeper.kind != BOOKKEEPER:
        # The scope already keeps agencies out; this holds even if a client's kind changed since its token.
        raise Forbidden("Alleen een boekhouder levert facturen en kosten aan.", code="not_a_bookkeeper")
    payload = service.open_envelope(context, envelope, keys)
    batch = business_batch.parse(payload, max_documents=context.config.max_records)
    keyring = context.sealer.keyring
    now = context.clock()
    claim = idempotency.claim(
        database=context.database,
        sealer=context.sealer,
        agency_id=bookkeeper.id,
        key=key,
        digest=_documents_digest(batch, keyring, keyring.active_digest_kid),
        older_digests=[
            _documents_digest(batch, keyring, kid)
            for kid in keyring.digest_keys
            if kid != keyring.active_digest_kid
        ],
        now=now,
        lease=context.config.idempotency_lease,
    )
    if claim.kind is ClaimKind.REPLAY:
        assert claim.submission_id is not None
        stored = service.receipt(context=context, client_id=client_id, submission_id=claim.submission_id)
        return SignedReceipt(stored.submission_id, stored.body, stored.signature, replayed=True)
    try:
        service.check_freshness(context, batch.created_at, now)
        return _store(context, bookkeeper, claim, batch, envelope)
    except BaseException:
        try:
            idempotency.release(database=context.database, claim=claim)
        except Exception as error:
            # The first failure is the one to report; this claim simply waits out its lease.
            log.warning("Idempotency-Key niet vrijgegeven (%s); vrij na de leasetijd", type(error).__name__)
        raise


def _documents_digest(batch: ParsedDocuments, keyring: Keyring, kid: str) -> str:
    """SHA-256 over what the documents say, in order: what an Idempotency-Key is bound to.

    A valid document counts by a keyed digest (under digest key `kid`) of its BSN and content, so no
    plain hash of a BSN is stored; an invoice sent as JSON and the same invoice as an e-invoice are the
    same document. A refused one counts by a hash of what was sent. Message id and time are left out,
    as for pay records, so a client that rebuilds the same message after a crash gets the stored answer.
    """
    digest = hashlib.sha256()
    for item in batch.documents:
        if isinstance(item, Refused):
            digest.update(f"refused|{item.raw_digest}\n".encode())
            continue
        content = json.dumps(
            {
                "bsn": item.bsn,
                "kind": "cost" if isinstance(item.document, BusinessCost) else "invoice",
                "document": item.document.model_dump(mode="json", by_alias=True),
            },
            sort_keys=True,
            separators=(",", ":"),
        )
        digest.update(f"valid|{keyring.digest(content.encode(), kid=kid)}\n".encode())
    return digest.hexdigest()


def _store(
    context: GatewayContext, bookkeeper: Agency, claim: Claim, batch: ParsedDocuments, envelope: bytes
) -> SignedReceipt:
    sealer = context.sealer
    with context.database.transaction() as session:
        if submissions.by_message_id(session=session, agency_id=bookkeeper.id, message_id=batch.message_id):
            raise service.replayed_message()
        try:
            with session.begin_nested():
                submission = submissions.create(
                    session=session,
                    sealer=sealer,
                    agency_id=bookkeeper.id,
                    message_id=batch.message_id,
                    message_created_at=batch.created_at,
                    envelope=envelope.decode("ascii"),
                )
        except IntegrityError:
            raise service.replayed_message() from None
        judgement = mandates.judge_and_store(
            session=session,
            sealer=sealer,
            bookkeeper_id=bookkeeper.id,
            client_id=bookkeeper.client_id,
            candidates=[item for item in batch.documents if isinstance(item, Candidate)],
        )
        refused_early = [
            receipts.outcome(index=r.index, record_id=r.number, kind=Outcome.REFUSED, problems=r.problems)
            for r in batch.documents
            if isinstance(r, Refused)
        ]
        document = receipts.build(
            submission_id=submission.id,
            message_id=batch.message_id,
            received_at=submission.received_at.isoformat(),
            outcomes=judgement.outcomes + refused_early,
            corrections=judgement.corrections,
        )
        body, signature = receipts.attach(
            session=session, submission=submission, receipt=document, keys=context.keys
        )
        counts = document["counts"]
        # The same event the worker page and the portal write: the jobs recompute each worker's months.
        for worker_id in sorted(judgement.affected_workers):
            outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker_id})
        idempotency.finish(
            session=session, sealer=sealer, claim=claim, status=200, submission_id=submission.id
        )
        # In the same transaction: a push is never stored without its audit record.
        service.append_push_record(
            session, client_id=bookkeeper.client_id, action=PUSH_ACTION, result="stored", role=BOOKKEEPER_ROLE
        )
    log.info(
        "inzending %s van %s: %d documenten, %d opgeslagen, %d dubbel, %d geweigerd",
        submission.id,
        bookkeeper.client_id,
        counts["received"],
        counts["stored"],
        counts["duplicates"],
        counts["refused"],
    )
    return SignedReceipt(submission_id=submission.id, body=body, signature=signature)
