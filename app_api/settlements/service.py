"""Moving a month's settlement through the workflow, with the four-eyes rule and an audit record.

Only the newest version moves, and only when it is the version the consultant reviewed: a recompute in
between (a correction arrived) makes the request 409, so nobody approves figures they did not see.
Recomputations of approved months are not settled themselves: their difference is carried into an open
month as a correction line, and that month is approved instead.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import Role, StaffActor
from app_api.months import repository as months_repository
from app_api.months import service as months
from app_api.months.schemas import MonthDetail, Status
from app_api.policy import service as policy
from app_api.settlements import steps
from app_api.settlements.schemas import TransitionRequest
from connectors.exports import service as exports
from gateway.engine import dutch
from gateway.store import settlements
from gateway.store.models import MonthSettlement, SettlementStatus
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict, Forbidden
from schemas.figures import HoldStatus, ResultKind
from schemas.periods import Month


class VersionChanged(Conflict):
    """The month was recomputed after the consultant looked at it."""

    code = "version_changed"

    def __init__(self, newest: int) -> None:
        super().__init__(f"De verrekening is intussen opnieuw berekend; bekijk versie {newest} eerst.")


class StepNotAllowed(Conflict):
    """The workflow does not go from the current status to the requested one."""

    code = "transition_refused"

    def __init__(self, current: Status, wanted: Status) -> None:
        allowed = ", ".join(
            sorted(Status.of(step.value).value for step in settlements.ALLOWED_TRANSITIONS[current.stored])
        )
        possible = allowed or "niets meer"
        super().__init__(
            f"Van {current.value} naar {wanted.value} kan niet; vanuit {current.value} kan: {possible}."
        )


class RecomputationNotSettled(Conflict):
    """A recomputation of an approved month is settled through the open month it corrects."""

    code = "recomputation_not_settled"

    def __init__(self, into: Month | None) -> None:
        where = f" in {into}" if into is not None else " in de eerste open maand"
        super().__init__(
            f"Dit is een herberekening van een goedgekeurde maand; het verschil wordt verwerkt{where}."
        )


class PayoutHeld(Conflict):
    """The municipality holds the payout of this month until its pay data is complete (rule 12)."""

    code = "payout_held"

    def __init__(self, month: Month, until: dt.date) -> None:
        super().__init__(
            f"De betaling over {dutch.month(month)} wacht tot alle loonstroken binnen zijn, uiterlijk tot"
            f" {dutch.date(until)}; goedkeuren kan daarna."
        )


class TeamLeadRequired(Forbidden):
    """Only a team lead approves settlements."""

    code = "team_lead_required"

    def __init__(self) -> None:
        super().__init__("Alleen een teamleider keurt een maandverrekening goed.")


class FourEyesRequired(Forbidden):
    """The municipality requires someone other than the proposer to approve."""

    code = "four_eyes_required"

    def __init__(self) -> None:
        super().__init__("Deze gemeente werkt met vier ogen: iemand anders dan de indiener keurt goed.")


def _acting(actor: StaffActor, target: SettlementStatus) -> StaffActor:
    if target is SettlementStatus.APPROVED and Role.TEAM_LEAD in actor.principal.roles:
        return StaffActor(principal=actor.principal, role=Role.TEAM_LEAD)
    return actor


def _check_settleable(*, sealer: Sealer, row: MonthSettlement) -> None:
    result = months.settlement(sealer=sealer, row=row)
    if result.kind is ResultKind.RECOMPUTATION:
        raise RecomputationNotSettled(result.correction_to)


def _check_not_held(*, sealer: Sealer, row: MonthSettlement) -> None:
    result = months.settlement(sealer=sealer, row=row)
    hold = result.hold
    if hold is not None and hold.status is HoldStatus.HELD:
        raise PayoutHeld(result.month, hold.until)


def _check_approval(*, session: Session, actor: StaffActor, row: MonthSettlement) -> None:
    if actor.role is not Role.TEAM_LEAD:
        raise TeamLeadRequired()
    rules = policy.effective(session=session, municipality_id=actor.municipality_id)
    if rules.four_eyes and steps.proposer(session=session, row=row) == actor.actor:
        raise FourEyesRequired()


def move(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    month: Month,
    request: TransitionRequest,
    purpose: str,
    now: dt.datetime,
) -> MonthDetail:
    """Move the newest version of a month to `request.to` and record the step (audited)."""
    target = request.to.stored
    acting = _acting(actor, target)
    with audited(
        session=session,
        actor=acting,
        action=f"settlement.{target.value}",
        purpose=purpose,
        worker_id=worker_id,
    ):
        worker = staff_worker(session=session, actor=acting, worker_id=worker_id)
        row = months_repository.latest_for_update(session=session, worker_id=worker.id, month=str(month))
        if row is None:
            raise months.MonthNotFound()
        if row.version != request.version:
            raise VersionChanged(row.version)
        current = SettlementStatus(row.status)
        if target not in settlements.ALLOWED_TRANSITIONS[current]:
            raise StepNotAllowed(Status.of(current.value), request.to)
        if target in (SettlementStatus.PROPOSED, SettlementStatus.APPROVED):
            _check_settleable(sealer=sealer, row=row)
        if target is SettlementStatus.APPROVED:
            _check_approval(session=session, actor=acting, row=row)
            _check_not_held(sealer=sealer, row=row)
        if target is SettlementStatus.EXPORTED:
            # The export module writes the file and records the step; the month's file can be made again
            # from /v1/exporten/{month}.
            exports.export_approved(
                session=session,
                sealer=sealer,
                municipality_id=acting.municipality_id,
                actor=acting.actor,
                now=now,
                file_format="json",
                settlement_ids=[row.id],
            )
        else:
            settlements.transition(
                session=session,
                sealer=sealer,
                settlement=row,
                to_status=target,
                actor=acting.actor,
                note=request.note,
            )
        result = months.detail(session=session, sealer=sealer, actor=acting, row=row)
    return result
