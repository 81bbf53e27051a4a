"""The review queue: every proposed month of the municipality with its figures; each person shown is
audited, as in the caseload."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api import staff_names
from app_api.audit.trail import SUCCESS, record_each
from app_api.auth.principal import StaffActor
from app_api.months import service as months
from app_api.pagination import Page, Paging
from app_api.review import repository
from app_api.review.schemas import ReviewItem
from app_api.settlements import steps
from gateway.store import settlements
from gateway.store.models import SettlementStatus, Worker
from gateway.store.sealing import Sealer


def queue(
    *, session: Session, sealer: Sealer, actor: StaffActor, paging: Paging, purpose: str
) -> Page[ReviewItem]:
    """One page of proposed months, longest waiting first."""
    rows = repository.proposed_page(
        session=session, municipality_id=actor.municipality_id, offset=paging.offset, limit=paging.fetch
    )
    shown = rows[: paging.page_size]
    proposals = {}
    for row in shown:
        proposed = [
            step
            for step in settlements.transitions(session=session, settlement_id=row.id)
            if step.to_status == SettlementStatus.PROPOSED.value
        ]
        proposals[row.id] = proposed[-1] if proposed else None
    named = staff_names.names(
        session=session,
        municipality_id=actor.municipality_id,
        actors=[step.actor for step in proposals.values() if step is not None],
    )
    items = []
    for row in shown:
        result = months.settlement(sealer=sealer, row=row)
        worker = session.get(Worker, row.worker_id)
        proposal = proposals[row.id]
        items.append(
            ReviewItem(
                worker_id=row.worker_id,
                name="" if worker is None else sealer.get_text(worker, "name_encrypted"),
                month=result.month,
                version=row.version,
                kind=result.kind,
                payout=result.payout,
                difference=result.difference,
                proposed_by_name=staff_names.UNKNOWN if proposal is None else named[proposal.actor],
                proposed_at=None if proposal is None else proposal.at,
                may_approve=steps.may_approve(session=session, actor=actor, row=row),
            )
        )
    record_each(
        session=session,
        actor=actor,
        action="review_queue.read",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=sorted({row.worker_id for row in shown}),
    )
    return Page[ReviewItem].build(items, paging, more=len(rows) > paging.page_size)
