"""Reading the household timeline and recording a change (with an outbox event for the recompute)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from app_api.household.schemas import FactsChange, FactsPeriod, Household
from gateway.jobs import kinds
from gateway.store import benefit_cases, case_facts, outbox
from gateway.store.sealing import Sealer
from schemas.case_facts import CaseFacts


def _timeline(*, session: Session, sealer: Sealer, worker_id: str) -> Household:
    periods = benefit_cases.effective_facts(session=session, sealer=sealer, worker_id=worker_id)
    return Household(
        periods=[
            FactsPeriod(
                valid_from=period.valid_from,
                valid_to=period.valid_to,
                facts=CaseFacts.model_validate(period.facts),
                recording_id=period.fact_id,
            )
            for period in periods
        ]
    )


def read(*, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, purpose: str) -> Household:
    """A worker's household timeline (audited)."""
    with audited(session=session, actor=actor, action="household.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        household = _timeline(session=session, sealer=sealer, worker_id=worker.id)
    return household


def change(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, change: FactsChange, purpose: str
) -> Household:
    """Record facts for a period and ask the jobs to recompute the worker (audited, one transaction)."""
    with audited(
        session=session, actor=actor, action="household.change", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        case_facts.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=change.valid_from,
            valid_to=change.valid_to,
            facts=change.facts,
            recorded_by=actor.actor,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        household = _timeline(session=session, sealer=sealer, worker_id=worker.id)
    return household
