"""Ending a case, reading its final settlement, and the bufferbudget ledger (DESIGN §4 rules 12-13).

Every change is a new append-only row and an outbox event, so the jobs recompute the worker: the end
month is settled pro rata and the final settlement is stored as the month after it; a bufferbudget
decision is applied in the settlement of its month. Staff reads and decisions are audited; a worker of
another municipality is answered with 404 (and the attempt audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from app_api import staff_names
from app_api.access import own_worker, staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.leaving import repository
from app_api.leaving.schemas import (
    BufferDecisionRequest,
    BufferDecisionView,
    BufferLedgerView,
    BufferProposalView,
    BufferUsedYear,
    BufferUseView,
    BufferYear,
    CaseEndView,
    EndRequest,
    OwnBufferView,
)
from app_api.months import service as months
from app_api.months.schemas import MonthDetail
from app_api.policy import service as policy
from gateway.engine import dutch
from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters import keys as k
from gateway.jobs import kinds
from gateway.store import buffer_decisions, case_ends, case_facts, outbox, settlements
from gateway.store.models import SettlementStatus, Worker
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict, InvalidInput, NotFound
from schemas.benefit_case import BenefitCase, BufferUseKind
from schemas.figures import MonthSettlement, ResultKind
from schemas.money import ZERO
from schemas.periods import Month
from schemas.problems import InvalidParam

MONTHS_AHEAD = 3
"""An end may be recorded at most this many months ahead: further out, the facts are not known yet."""
_OPEN = frozenset({SettlementStatus.DRAFT.value, SettlementStatus.PROPOSED.value})


class CaseNotEnded(NotFound):
    """No end is recorded for the case (or the last one was withdrawn)."""

    code = "case_not_ended"

    def __init__(self) -> None:
        super().__init__("De bijstand van deze werkende is niet beëindigd.")


class FinalNotComputed(NotFound):
    """The case has ended but the jobs have not stored its final settlement yet."""

    code = "not_computed"

    def __init__(self) -> None:
        super().__init__(
            "De eindafrekening is nog niet berekend; probeer het over enkele ogenblikken opnieuw."
        )


class NoBenefitCase(Conflict):
    """Nothing to end: no benefit facts were recorded for the worker."""

    code = "no_benefit_case"

    def __init__(self) -> None:
        super().__init__("Voor deze werkende is nog geen bijstand vastgelegd.")


class FinalSettled(Conflict):
    """A settlement after the end month was approved, so the end can no longer be withdrawn."""

    code = "final_settled"

    def __init__(self, month: Month) -> None:
        super().__init__(
            f"Over {month} is al een verrekening goedgekeurd; de beëindiging kan niet meer worden"
            " ingetrokken."
        )


class BufferbudgetNotUsed(Conflict):
    """The municipality does not use the bufferbudget in the month of the decision."""

    code = "bufferbudget_not_used"

    def __init__(self, month: Month) -> None:
        super().__init__(f"De gemeente zet het bufferbudget in {month} niet in.")


class MonthSettled(Conflict):
    """The month's settlement was approved, so a bufferbudget use can no longer be applied in it."""

    code = "month_settled"

    def __init__(self, month: Month) -> None:
        super().__init__(
            f"De verrekening over {month} is al goedgekeurd; gebruik het bufferbudget in een open maand."
        )


def _invalid(name: str, code: str, reason: str) -> InvalidInput:
    return InvalidInput(
        "Controleer de gemarkeerde velden.",
        invalid_params=[InvalidParam(name=name, code=code, reason=reason)],
    )


def _case(*, session: Session, sealer: Sealer, worker: Worker) -> BenefitCase:
    case = case_facts.load(session=session, sealer=sealer, worker=worker)
    if case is None:
        raise NoBenefitCase()
    return case


def _ahead(today: dt.date) -> dt.date:
    """The last day an end may be recorded for: `MONTHS_AHEAD` months after today."""
    month = Month.of(today).shift(MONTHS_AHEAD)
    return month.first_day.replace(day=min(today.day, month.last_day.day))


def _current(*, session: Session, worker_id: str) -> CaseEndView | None:
    entry = case_ends.current(session=session, worker_id=worker_id)
    if entry is None or entry.end_date is None or entry.reason is None:
        return None
    return CaseEndView(
        end_date=entry.end_date,
        reason=entry.reason,
        recorded_by=entry.recorded_by,
        recorded_at=entry.recorded_at,
        final_month=Month.of(entry.end_date).shift(1),
    )


def _check_end(
    *, session: Session, case: BenefitCase, worker_id: str, end_date: dt.date, today: dt.date
) -> None:
    if end_date < case.benefit_start:
        raise _invalid(
            "endDate",
            "before_benefit_start",
            f"De bijstand begon op {dutch.date(case.benefit_start)}; het einde ligt niet eerder.",
        )
    if end_date > _ahead(today):
        raise _invalid("endDate", "too_far_ahead", f"Ten hoogste {MONTHS_AHEAD} maanden vooruit.")
    settled = repository.first_settled_after(session=session, worker_id=worker_id, month=Month.of(end_date))
    if settled is not None:
        raise _invalid(
            "endDate",
            "month_settled",
            f"Over {settled} is al een verrekening goedgekeurd; de bijstand kan niet eerder eindigen.",
        )


def record_end(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    request: EndRequest,
    purpose: str,
    today: dt.date,
) -> CaseEndView:
    """Record the end of the case (a later one replaces it) and ask the jobs to recompute (audited)."""
    with audited(
        session=session, actor=actor, action="case_end.record", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        case = _case(session=session, sealer=sealer, worker=worker)
        _check_end(session=session, case=case, worker_id=worker.id, end_date=request.end_date, today=today)
        case_ends.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            end_date=request.end_date,
            reason=request.reason,
            recorded_by=actor.actor,
            note=request.note,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        result = _current(session=session, worker_id=worker.id)
        assert result is not None  # just recorded
    return result


def read_end(*, session: Session, actor: StaffActor, worker_id: str, purpose: str) -> CaseEndView:
    """The end that counts now (audited); 404 `case_not_ended` without one."""
    with audited(session=session, actor=actor, action="case_end.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        result = _current(session=session, worker_id=worker.id)
        if result is None:
            raise CaseNotEnded()
    return result


def withdraw_end(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, purpose: str
) -> None:
    """Withdraw the end (a withdrawal row; the case goes on) and recompute (audited).

    Refused once a settlement after the end month was approved: the final settlement was paid.
    """
    with audited(
        session=session, actor=actor, action="case_end.withdraw", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        current = _current(session=session, worker_id=worker.id)
        if current is None:
            raise CaseNotEnded()
        settled = repository.first_settled_after(
            session=session, worker_id=worker.id, month=Month.of(current.end_date)
        )
        if settled is not None:
            raise FinalSettled(settled)
        case_ends.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            end_date=None,
            reason=None,
            recorded_by=actor.actor,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})


def final_settlement(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, purpose: str
) -> MonthDetail:
    """The newest version of the final settlement of the end that counts now (audited)."""
    with audited(
        session=session, actor=actor, action="final_settlement.read", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        current = _current(session=session, worker_id=worker.id)
        if current is None:
            raise CaseNotEnded()
        row = settlements.latest_month_settlement(
            session=session, worker_id=worker.id, month=current.final_month
        )
        if row is None:
            raise FinalNotComputed()
        result = months.settlement(sealer=sealer, row=row)
        # Until the jobs have run, the month after the end month may still hold a month settlement from
        # before the end, or a final settlement of an end recorded earlier.
        if (
            result.kind not in (ResultKind.FINAL, ResultKind.RECOMPUTATION)
            or result.end is None
            or (result.end.end_date, result.end.reason) != (current.end_date, current.reason)
        ):
            raise FinalNotComputed()
        detail = months.detail(session=session, sealer=sealer, actor=actor, row=row)
    return detail


def _settled(*, session: Session, sealer: Sealer, worker_id: str) -> list[tuple[str, MonthSettlement]]:
    """(status, result) of the newest version of each month that counts: none after the final settlement."""
    current = _current(session=session, worker_id=worker_id)
    last = None if current is None else current.final_month
    found = []
    for row in repository.newest_versions(session=session, worker_id=worker_id):
        result = months.settlement(sealer=sealer, row=row)
        if last is None or result.month <= last:
            found.append((row.status, result))
    return found


def _used_by_year(results: Sequence[MonthSettlement]) -> dict[int, Decimal]:
    used: dict[int, Decimal] = {}
    for result in results:
        if result.buffer_used:
            used[result.month.year] = used.get(result.month.year, ZERO) + result.buffer_used
    return used


def _decision_view(decision: buffer_decisions.Decision, named: Mapping[str, str]) -> BufferDecisionView:
    return BufferDecisionView(
        id=decision.decision_id,
        month=decision.month,
        kind=decision.kind,
        amount=decision.amount,
        decided_by=decision.decided_by,
        decided_by_name=named[decision.decided_by],
        decided_at=decision.decided_at,
    )


def ledger(
    *,
    session: Session,
    sealer: Sealer,
    parameters: ParameterSet,
    actor: StaffActor,
    worker_id: str,
    purpose: str,
) -> BufferLedgerView:
    """A worker's bufferbudget: the years with maximum, used and left, the decisions, the open proposals."""
    with audited(
        session=session, actor=actor, action="bufferbudget.read", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        opt_in = policy.effective(session=session, municipality_id=actor.municipality_id).bufferbudget_from
        decisions = buffer_decisions.for_worker(session=session, sealer=sealer, worker_id=worker.id)
        named = staff_names.names(
            session=session,
            municipality_id=actor.municipality_id,
            actors=[decision.decided_by for decision in decisions],
        )
        settled = _settled(session=session, sealer=sealer, worker_id=worker.id)
        used = _used_by_year([result for _, result in settled])
        years = set(used) | {decision.month.year for decision in decisions}
        if opt_in is not None:
            years |= {result.month.year for _, result in settled if result.month >= opt_in}
        result = BufferLedgerView(
            opted_in_from=opt_in,
            years=[_year(year, used.get(year, ZERO), opt_in, parameters) for year in sorted(years)],
            decisions=[_decision_view(decision, named) for decision in decisions],
            proposals=[
                BufferProposalView(
                    month=figures.month,
                    kind=figures.buffer_proposal.kind,
                    amount=figures.buffer_proposal.amount,
                    year_left=figures.buffer_proposal.year_left,
                )
                for status, figures in settled
                if status in _OPEN and figures.buffer_proposal is not None
            ],
        )
    return result


def _year(year: int, used: Decimal, opt_in: Month | None, parameters: ParameterSet) -> BufferYear:
    """A year's maximum as it holds from its first month the municipality uses the budget in."""
    first = Month(year, 1) if opt_in is None else max(Month(year, 1), opt_in)
    maximum = parameters.for_month(k.BUFFERBUDGET_MAX_PER_YEAR, first)
    return BufferYear(
        year=year,
        maximum=maximum.number,
        used=used,
        left=max(maximum.number - used, ZERO),
        confirmed=maximum.confirmed,
    )


def _check_use(
    *, session: Session, case: BenefitCase, worker_id: str, request: BufferDecisionRequest
) -> None:
    """The month and kind of a use must be one a settlement can still apply."""
    if request.month < Month.of(case.benefit_start):
        raise _invalid("month", "before_benefit_start", "Deze maand ligt voor het begin van de bijstand.")
    current = _current(session=session, worker_id=worker_id)
    final = None if current is None else current.final_month
    if final is not None and request.month > final:
        raise _invalid("month", "after_final_settlement", f"De eindafrekening is {final}; later kan niet.")
    if request.month == final and request.kind is not BufferUseKind.ABSORB:
        # The final settlement pays no month of its own, so there is nothing to top up.
        raise _invalid("kind", "final_absorbs_only", "Bij de eindafrekening kan alleen kwijtschelding.")
    row = settlements.latest_month_settlement(session=session, worker_id=worker_id, month=request.month)
    if request.month != final and row is not None and row.status not in _OPEN:
        # An approved month stands as approved; only the final settlement takes a new version.
        raise MonthSettled(request.month)


def decide(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    request: BufferDecisionRequest,
    purpose: str,
) -> BufferDecisionView:
    """Record a decision to use the bufferbudget and recompute (audited).

    Refused (409) when the municipality does not use the budget in that month or the month was approved
    (the final settlement excepted); the engine takes at most what the settlement needs and what is left
    of the year, and says so in the month's lines.
    """
    with audited(
        session=session, actor=actor, action="bufferbudget.decide", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        if request.amount <= 0:
            raise _invalid("amount", "not_positive", "Een bedrag groter dan 0.")
        _check_use(
            session=session,
            case=_case(session=session, sealer=sealer, worker=worker),
            worker_id=worker.id,
            request=request,
        )
        opt_in = policy.effective(session=session, municipality_id=actor.municipality_id).bufferbudget_from
        if opt_in is None or request.month < opt_in:
            raise BufferbudgetNotUsed(request.month)
        row = buffer_decisions.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=request.month,
            kind=request.kind,
            amount=request.amount,
            decided_by=actor.actor,
            note=request.note,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        result = BufferDecisionView(
            id=row.id,
            month=request.month,
            kind=request.kind,
            amount=request.amount,
            decided_by=row.decided_by,
            decided_by_name=staff_names.names(
                session=session, municipality_id=actor.municipality_id, actors=[row.decided_by]
            )[row.decided_by],
            decided_at=row.decided_at,
        )
    return result


def _uses(
    results: Sequence[MonthSettlement], decisions: Sequence[buffer_decisions.Decision]
) -> list[BufferUseView]:
    """What each decision brought, from what each month's settlement took.

    The engine grants a month's decisions in the order they were made, each up to what is still needed
    and left, so the month's total is spread over them in that order; a final settlement only absorbs.
    """
    uses = []
    for result in results:
        left = result.buffer_used or ZERO
        for decision in decisions:
            if left <= 0:
                break
            if decision.month != result.month:
                continue
            if result.kind is ResultKind.FINAL and decision.kind is not BufferUseKind.ABSORB:
                continue
            granted = min(decision.amount, left)
            uses.append(BufferUseView(month=result.month, kind=decision.kind, amount=granted))
            left -= granted
    return uses


def own(*, session: Session, sealer: Sealer, principal: WorkerPrincipal) -> OwnBufferView:
    """The signed-in worker's bufferbudget: what was used, per month and per year."""
    worker = own_worker(session=session, principal=principal)
    results = [result for _, result in _settled(session=session, sealer=sealer, worker_id=worker.id)]
    decisions = buffer_decisions.for_worker(session=session, sealer=sealer, worker_id=worker.id)
    used = _used_by_year(results)
    return OwnBufferView(
        uses=_uses(results, decisions),
        years=[BufferUsedYear(year=year, used=amount) for year, amount in sorted(used.items())],
    )
