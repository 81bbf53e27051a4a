"""The premium ledger for staff (read, set and cancel payout moments, record a payout) and for the worker.

A planned payout shows what it would pay if paid now; a paid one what was paid. Staff access is audited;
a worker reading their own premium is not (only a refusal would be).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from app_api.access import own_worker, staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.placements.errors import PayoutNotFound, problem_for
from gateway.engine.flextensie import explain
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from gateway.store import flextensie, flextensie_ledger
from gateway.store.flextensie import Refused
from gateway.store.flextensie_ledger import LedgerEntry
from gateway.store.models import PremiumPayout
from gateway.store.sealing import Sealer
from gateway.web.errors import InvalidInput
from schemas import flextensie as fx
from schemas.figures import ExplanationLine
from schemas.money import ZERO
from schemas.problems import InvalidParam


def _cap(parameters: ParameterSet, year: int, today: dt.date) -> ParameterValue:
    """The yearly maximum as it stands for `year` seen from `today` (its last value for a past year)."""
    day = min(max(today, dt.date(year, 1, 1)), dt.date(year, 12, 31))
    return parameters.at(k.PREMIUM_MAX_PER_YEAR, day)


def _check_year(parameters: ParameterSet, year: int) -> None:
    """Refuse a year that ended before the premium existed: it has no yearly maximum to show."""
    first = parameters.series(k.PREMIUM_MAX_PER_YEAR).values[0].valid_from
    if year < first.year:
        reason = f"De Flextensie-premie bestaat vanaf {first.year}; kies dat jaar of een later jaar."
        raise InvalidInput(
            reason,
            code="year_before_flextensie",
            invalid_params=[InvalidParam(name="jaar", code="year_before_flextensie", reason=reason)],
        )


def _payout(row: PremiumPayout, entries: Sequence[LedgerEntry], parameters: ParameterSet) -> fx.PremiumPayout:
    paid = next((e for e in entries if e.payout_id == row.id), None)
    if paid is not None:
        amount, lines = paid.amount, [ExplanationLine.model_validate(line) for line in paid.lines]
    else:
        figures = flextensie_ledger.payout_figures(
            entries=entries, payout_date=row.payout_date, parameters=parameters
        )
        amount, lines = figures.amount, explain.explanation_lines(figures.lines)
    return fx.PremiumPayout(
        id=row.id, date=row.payout_date, status=fx.PayoutStatus(row.status), amount=amount, lines=lines
    )


def _entry(entry: LedgerEntry) -> fx.PremiumEntry:
    return fx.PremiumEntry(
        id=entry.id,
        kind=entry.kind,
        date=entry.date,
        month=entry.month,
        placement_id=entry.placement_id,
        week=entry.week,
        hours=entry.hours,
        amount=entry.amount,
        lines=[ExplanationLine.model_validate(line) for line in entry.lines],
    )


def _totals(entries: Sequence[LedgerEntry], year: int) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Hours and premium accrued in `year`, paid in `year`, and the balance still to pay (all years)."""
    accruals = [e for e in entries if e.kind is fx.PremiumEntryKind.ACCRUAL]
    paid = [e for e in entries if e.kind is fx.PremiumEntryKind.PAYOUT]
    hours = sum((e.hours or ZERO for e in accruals if e.month.year == year), ZERO)
    accrued = sum((e.amount for e in accruals if e.month.year == year), ZERO)
    paid_in_year = sum((e.amount for e in paid if e.date.year == year), ZERO)
    balance = sum((e.amount for e in accruals), ZERO) - sum((e.amount for e in paid), ZERO)
    return hours, accrued, paid_in_year, balance


def _next(payouts: list[fx.PremiumPayout]) -> fx.PremiumPayout | None:
    return next((p for p in payouts if p.status is fx.PayoutStatus.PLANNED), None)


def _ledger(
    session: Session, sealer: Sealer, worker_id: str, year: int, today: dt.date, parameters: ParameterSet
) -> fx.PremiumLedger:
    entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker_id)
    payouts = [
        _payout(row, entries, parameters)
        for row in flextensie_ledger.payouts(session=session, worker_id=worker_id)
    ]
    hours, accrued, paid_in_year, balance = _totals(entries, year)
    cap = _cap(parameters, year, today)
    shown = [
        e for e in entries if (e.month.year if e.kind is fx.PremiumEntryKind.ACCRUAL else e.date.year) == year
    ]
    return fx.PremiumLedger(
        worker_id=worker_id,
        year=year,
        cap=cap.number,
        hours_in_year=hours,
        accrued_in_year=accrued,
        paid_in_year=paid_in_year,
        balance=balance,
        next_payout=_next(payouts),
        payouts=[p for p in payouts if p.date.year == year],
        entries=[_entry(e) for e in sorted(shown, key=lambda e: (e.date, e.id))],
        unconfirmed=not cap.confirmed,
        parameters=explain.parameter_refs([cap]),
    )


def read(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    year: int,
    today: dt.date,
    purpose: str,
    parameters: ParameterSet,
) -> fx.PremiumLedger:
    """A worker's premium ledger for a calendar year (audited)."""
    with audited(session=session, actor=actor, action="premium.read", purpose=purpose, worker_id=worker_id):
        _check_year(parameters, year)
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        result = _ledger(session, sealer, worker.id, year, today, parameters)
    return result


def plan(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    payout: fx.NewPayout,
    purpose: str,
    parameters: ParameterSet,
) -> fx.PremiumPayout:
    """Set a payout moment; a moment beyond the yearly number allowed is refused (409)."""
    with audited(session=session, actor=actor, action="payout.plan", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)
        try:
            row = flextensie_ledger.plan_payout(
                session=session,
                worker_id=worker.id,
                payout_date=payout.date,
                history=history,
                actor=actor.actor,
            )
        except Refused as refusal:
            raise problem_for(refusal) from None
        entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker.id)
        result = _payout(row, entries, parameters)
    return result


def _found_payout(session: Session, actor: StaffActor, worker_id: str, payout_id: str) -> PremiumPayout:
    worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
    row = flextensie_ledger.get_payout(session=session, worker_id=worker.id, payout_id=payout_id)
    if row is None:
        raise PayoutNotFound()
    return row


def cancel(*, session: Session, actor: StaffActor, worker_id: str, payout_id: str, purpose: str) -> None:
    """Remove a planned payout moment (audited); a paid one is refused (409)."""
    with audited(session=session, actor=actor, action="payout.cancel", purpose=purpose, worker_id=worker_id):
        row = _found_payout(session, actor, worker_id, payout_id)
        try:
            flextensie_ledger.cancel_payout(session=session, payout=row)
        except Refused as refusal:
            raise problem_for(refusal) from None


def pay(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    payout_id: str,
    today: dt.date,
    purpose: str,
    parameters: ParameterSet,
) -> fx.PremiumPayout:
    """Record that a planned payout was paid; its amount is fixed in the ledger (audited)."""
    with audited(session=session, actor=actor, action="payout.pay", purpose=purpose, worker_id=worker_id):
        row = _found_payout(session, actor, worker_id, payout_id)
        try:
            flextensie_ledger.pay_payout(
                session=session,
                sealer=sealer,
                payout=row,
                actor=actor.actor,
                today=today,
                parameters=parameters,
            )
        except Refused as refusal:
            raise problem_for(refusal) from None
        entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=row.worker_id)
        result = _payout(row, entries, parameters)
    return result


def own(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, today: dt.date, parameters: ParameterSet
) -> fx.MyFlextensie:
    """The signed-in worker's hours, premium this year, what is still to be paid, and the next payout."""
    with audited(
        session=session,
        actor=principal,
        action="flextensie.own",
        purpose="eigen-gegevens",
        worker_id=principal.worker_id,
        record_success=False,
    ):
        worker = own_worker(session=session, principal=principal)
        ledger = _ledger(session, sealer, worker.id, today.year, today, parameters)
        entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker.id)
        rows = flextensie.placements(
            session=session, municipality_id=worker.municipality_id, worker_id=worker.id
        )
        placements = [
            fx.MyPlacement(
                placement_id=row.id,
                client_name=row.client_name,
                start_date=row.start_date,
                last_day=flextensie.last_day(row),
                status=fx.PlacementStatus(row.status),
                hours=sum(
                    (
                        e.hours or ZERO
                        for e in entries
                        if e.kind is fx.PremiumEntryKind.ACCRUAL and e.placement_id == row.id
                    ),
                    ZERO,
                ),
            )
            for row in rows
        ]
        result = fx.MyFlextensie(
            year=ledger.year,
            hours_in_year=ledger.hours_in_year,
            premium_accrued_in_year=ledger.accrued_in_year,
            premium_cap=ledger.cap,
            paid_in_year=ledger.paid_in_year,
            balance=ledger.balance,
            next_payout=ledger.next_payout,
            placements=placements,
            unconfirmed=ledger.unconfirmed,
        )
    return result
