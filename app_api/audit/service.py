"""The auditor's view of the audit log and the chain verification (both are themselves audited)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.audit import repository
from app_api.audit.schemas import AuditEventView, ChainBreakView, Verification
from app_api.audit.trail import SUCCESS, record
from app_api.auth.principal import StaffActor
from app_api.pagination import Page, Paging
from gateway.store import audit


def events(
    *, session: Session, actor: StaffActor, worker_id: str | None, paging: Paging, purpose: str
) -> Page[AuditEventView]:
    """The events of the auditor's municipality, newest first (the read is recorded too)."""
    rows = repository.page(
        session=session,
        municipality_id=actor.municipality_id,
        worker_id=worker_id,
        offset=paging.offset,
        limit=paging.fetch,
    )
    page = Page[AuditEventView].of(
        [
            AuditEventView(
                sequence=row.sequence,
                occurred_at=row.occurred_at,
                actor=row.actor,
                actor_role=row.actor_role,
                subject_worker_id=row.subject_worker_id,
                action=row.action,
                purpose=row.purpose,
                result=row.result,
                origin=row.origin,
                trace_id=row.trace_id,
                hash=row.hash,
            )
            for row in rows
        ],
        paging,
    )
    record(
        session=session,
        actor=actor,
        action="auditlog.read",
        purpose=purpose,
        result=SUCCESS,
        worker_id=worker_id,
    )
    return page


def verify(*, session: Session, actor: StaffActor, purpose: str) -> Verification:
    """Check the whole chain from its first event and report the first break (the check is recorded)."""
    outcome = audit.verify(session=session)
    broken = outcome.first_break
    result = Verification(
        intact=outcome.intact,
        checked=outcome.checked,
        first_break=None
        if broken is None
        else ChainBreakView(sequence=broken.sequence, event_id=broken.event_id, reason=broken.reason),
    )
    record(
        session=session,
        actor=actor,
        action="auditlog.verify",
        purpose=purpose,
        result="intact" if outcome.intact else "broken",
        worker_id=None,
    )
    return result
