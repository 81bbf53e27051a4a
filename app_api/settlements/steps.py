"""Which workflow steps a staff member may take on a month now, so the portal offers only those.

The same rules as the transition endpoint: only a team lead approves, under four eyes not the one who
proposed, not while the payout is held; a recomputation of an approved month is not settled itself.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.auth.principal import Role, StaffActor
from app_api.months.schemas import Status
from app_api.policy import service as policy
from gateway.store import settlements
from gateway.store.models import MonthSettlement as MonthSettlementRow
from gateway.store.models import SettlementStatus
from schemas.figures import HoldStatus, MonthSettlement, ResultKind


def proposer(*, session: Session, row: MonthSettlementRow) -> str | None:
    """The actor who last proposed this version, if anyone did."""
    steps = settlements.transitions(session=session, settlement_id=row.id)
    proposals = [step.actor for step in steps if step.to_status == SettlementStatus.PROPOSED.value]
    return proposals[-1] if proposals else None


def may_approve(*, session: Session, actor: StaffActor, row: MonthSettlementRow) -> bool:
    """A team lead, and under four eyes not the proposer of this version."""
    if Role.TEAM_LEAD not in actor.principal.roles:
        return False
    rules = policy.effective(session=session, municipality_id=actor.municipality_id)
    return not (rules.four_eyes and proposer(session=session, row=row) == actor.actor)


def offered(
    *, session: Session, actor: StaffActor, row: MonthSettlementRow, result: MonthSettlement
) -> list[Status]:
    """The statuses `actor` may move this version to now, in workflow order."""
    if result.kind is ResultKind.RECOMPUTATION:
        return []
    current = SettlementStatus(row.status)
    held = result.hold is not None and result.hold.status is HoldStatus.HELD
    allowed = []
    for target in (
        SettlementStatus.PROPOSED,
        SettlementStatus.APPROVED,
        SettlementStatus.DRAFT,
        SettlementStatus.EXPORTED,
    ):
        if target not in settlements.ALLOWED_TRANSITIONS[current]:
            continue
        if target is SettlementStatus.APPROVED and (
            held or not may_approve(session=session, actor=actor, row=row)
        ):
            continue
        allowed.append(Status.of(target.value))
    return allowed
