"""Reading and recording advances (a recording triggers a recompute through the outbox)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.advances.schemas import AdvanceEntry, Advances
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from gateway.jobs import kinds
from gateway.store import advances, outbox
from gateway.store.sealing import Sealer
from schemas.benefit_case import Advance


def _list(*, session: Session, sealer: Sealer, worker_id: str) -> Advances:
    return Advances(
        advances=[
            AdvanceEntry(
                month=entry.month, amount=entry.amount, paid_on=entry.paid_on, recording_id=entry.advance_id
            )
            for entry in advances.for_worker(session=session, sealer=sealer, worker_id=worker_id)
        ]
    )


def read(*, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, purpose: str) -> Advances:
    """A worker's advances (audited)."""
    with audited(session=session, actor=actor, action="advances.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        result = _list(session=session, sealer=sealer, worker_id=worker.id)
    return result


def record(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, advance: Advance, purpose: str
) -> Advances:
    """Record the advance for a month (a later one for the same month replaces it) and recompute."""
    with audited(session=session, actor=actor, action="advance.record", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=advance.month,
            amount=advance.amount,
            paid_on=advance.paid_on,
            recorded_by=actor.actor,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        result = _list(session=session, sealer=sealer, worker_id=worker.id)
    return result
