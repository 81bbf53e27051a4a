"""Reading the household timeline and recording a change (with an outbox event for the recompute)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from app_api.household.schemas import FactsChange, FactsPeriod, Household
from gateway.jobs import kinds
from gateway.store import case_facts, outbox, workers
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from gateway.web.errors import InvalidInput
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts, HouseholdFacts
from schemas.problems import InvalidParam


class PartnerIsWorker(InvalidInput):
    """The partner's BSN is the worker's own (the BSN is not repeated)."""

    code = "partner_is_worker"

    def __init__(self) -> None:
        super().__init__(
            "De partner kan niet de werkende zelf zijn.",
            invalid_params=[
                InvalidParam(
                    name="facts.partnerBsn",
                    code="partner_is_worker",
                    reason="Dit is het BSN van de werkende.",
                )
            ],
        )


def _timeline(*, session: Session, sealer: Sealer, worker: Worker) -> Household:
    return Household(
        periods=[
            FactsPeriod(
                valid_from=period.valid_from,
                valid_to=period.valid_to,
                facts=HouseholdFacts.model_validate(period.facts.model_dump(exclude={"partner_bsn"})),
                partner_linked=period.facts.partner_bsn is not None,
                partner_worker_id=period.partner_worker_id,
                recording_id=period.recording_id,
            )
            for period in case_facts.timeline(session=session, sealer=sealer, worker=worker)
        ]
    )


def _facts_to_record(*, session: Session, sealer: Sealer, worker: Worker, change: FactsChange) -> CaseFacts:
    """The change's facts, keeping the partner linked on `validFrom` when a couple's change leaves it out.

    Only the same partner is kept: another partner birth date means another person, whom the BSN of
    the earlier one must not name.
    """
    facts = change.facts
    if facts.partner_bsn is not None:
        if workers.has_bsn(keyring=sealer.keyring, worker=worker, bsn=facts.partner_bsn):
            raise PartnerIsWorker()
        return facts
    if "partner_bsn" in facts.model_fields_set or facts.household_type is not HouseholdType.COUPLE:
        return facts
    for period in case_facts.timeline(session=session, sealer=sealer, worker=worker):
        on_start = period.valid_from <= change.valid_from and (
            period.valid_to is None or change.valid_from <= period.valid_to
        )
        if on_start and period.facts.partner_birth_date == facts.partner_birth_date:
            return facts.model_copy(update={"partner_bsn": period.facts.partner_bsn})
    return facts


def read(*, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, purpose: str) -> Household:
    """A worker's household timeline (audited); a partner shows as linked, with their worker id."""
    with audited(session=session, actor=actor, action="household.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        household = _timeline(session=session, sealer=sealer, worker=worker)
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
            facts=_facts_to_record(session=session, sealer=sealer, worker=worker, change=change),
            recorded_by=actor.actor,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        household = _timeline(session=session, sealer=sealer, worker=worker)
    return household
