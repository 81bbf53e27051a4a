"""The Flextensie premium ledger, payouts and invoices (placements and timesheets: `flextensie`).

Approving a timesheet accrues its premium in the same transaction, paying a payout fixes its amount in
the ledger, issuing invoices freezes them; the ledger only grows. Whatever reads a worker's whole ledger
to add to it first locks the worker row (PostgreSQL; SQLite has one writer at a time anyway), so two
approvals at once cannot both use the same room under the yearly maximum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.engine import dutch
from gateway.engine.explain import Line
from gateway.engine.flextensie import explain, premium
from gateway.engine.flextensie.invoice import InvoiceFigures, maandfactuur
from gateway.engine.flextensie.policy import PolicyHistory
from gateway.engine.parameters import ParameterSet
from gateway.store import case_facts, workers
from gateway.store.base import utcnow
from gateway.store.flextensie import (
    ZERO,
    Refused,
    TimesheetRecord,
    current_timesheets,
    invoiced_months,
    placement_terms,
    placements_touching,
    policy_history,
    record_of,
)
from gateway.store.models import (
    FlextensieInvoice,
    Municipality,
    Placement,
    PremiumEntry,
    PremiumPayout,
    Timesheet,
    Worker,
)
from gateway.store.sealing import Sealer
from schemas.flextensie import ClientApproval, PayoutStatus, PremiumEntryKind, TimesheetStatus
from schemas.periods import IsoWeek, Month

_WORKER_LOCK = {"key_share": True}
"""FOR NO KEY UPDATE: it excludes another ledger change (and a recompute) of the worker as FOR UPDATE
would, but not the key-share lock a foreign key takes, so a consultant's change of the worker's case or
a new signal about them is stored at once instead of waiting for the approval or payout to commit."""


def _lines_json(lines: Iterable[Line]) -> list[dict[str, Any]]:
    return [line.model_dump(mode="json") for line in explain.explanation_lines(lines)]


# --- accrual ------------------------------------------------------------------------------------------


def approve_timesheet(
    *,
    session: Session,
    sealer: Sealer,
    placement: Placement,
    timesheet: TimesheetRecord,
    approval: ClientApproval,
    actor: str,
    parameters: ParameterSet,
) -> TimesheetRecord:
    """Record the client's approval and accrue the premium for the hours (capped per calendar year)."""
    session.get(Worker, placement.worker_id, with_for_update=_WORKER_LOCK)
    # Under the lock, look again: another request may have approved or replaced this version meanwhile.
    session.refresh(timesheet.row)
    if timesheet.row.status == TimesheetStatus.APPROVED.value:
        raise Refused("timesheet_approved", "Deze urenstaat is al goedgekeurd.")
    newer = session.scalar(select(Timesheet.id).where(Timesheet.supersedes_id == timesheet.row.id))
    if newer is not None:
        raise Refused("timesheet_replaced", "Er is intussen een nieuwere versie van deze urenstaat.")
    entries = ledger(session=session, sealer=sealer, worker_id=placement.worker_id)
    accruals = premium.premie_opbouw(
        days=timesheet.days,
        rate=placement_terms(sealer=sealer, placement=placement).premium_per_hour,
        accrued=accrued_per_year(entries),
        worker=_premium_worker(session=session, sealer=sealer, worker_id=placement.worker_id),
        parameters=parameters,
    )
    for accrual in accruals:
        entry = PremiumEntry(
            worker_id=placement.worker_id,
            kind=PremiumEntryKind.ACCRUAL.value,
            year=accrual.month.year,
            month=str(accrual.month),
            entry_date=accrual.last_day,
            placement_id=placement.id,
            timesheet_id=timesheet.row.id,
        )
        content = {
            "hours": accrual.hours,
            "amount": accrual.amount,
            "lines": _lines_json(accrual.lines),
            "week": str(timesheet.week),
        }
        sealer.put_json(entry, "content_encrypted", content)
        session.add(entry)
    row = timesheet.row
    row.status = TimesheetStatus.APPROVED.value
    row.approved_by = actor
    row.approved_at = utcnow()
    sealer.put_json(row, "approval_encrypted", approval.model_dump(mode="json"))
    session.flush()
    return record_of(sealer=sealer, row=row)


def _premium_worker(*, session: Session, sealer: Sealer, worker_id: str) -> premium.PremiumWorker:
    """The worker's birth date and wage-cost-subsidy target group (latest case facts; none: not in it)."""
    worker = session.get_one(Worker, worker_id)
    facts = case_facts.latest(session=session, sealer=sealer, worker_id=worker_id)
    return premium.PremiumWorker(
        birth_date=workers.personal_details(sealer=sealer, worker=worker).birth_date,
        wage_cost_subsidy_target_group=facts is not None and facts.wage_cost_subsidy_target_group,
    )


# --- premium ledger and payouts -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class LedgerEntry:
    """One decrypted premium ledger line (personal: the repr shows only the id)."""

    id: str
    kind: PremiumEntryKind
    date: dt.date
    month: Month
    placement_id: str | None
    payout_id: str | None
    week: IsoWeek | None
    hours: Decimal | None
    amount: Decimal
    lines: list[dict[str, Any]]

    def __repr__(self) -> str:
        return f"LedgerEntry(id={self.id!r})"


def ledger(*, session: Session, sealer: Sealer, worker_id: str) -> list[LedgerEntry]:
    """A worker's premium ledger, in the order the entries were made."""
    statement = (
        select(PremiumEntry)
        .where(PremiumEntry.worker_id == worker_id)
        .order_by(PremiumEntry.recorded_at, PremiumEntry.id)
    )
    result = []
    for row in session.scalars(statement):
        content = sealer.get_json(row, "content_encrypted")
        result.append(
            LedgerEntry(
                id=row.id,
                kind=PremiumEntryKind(row.kind),
                date=row.entry_date,
                month=Month.parse(row.month),
                placement_id=row.placement_id,
                payout_id=row.payout_id,
                week=IsoWeek.parse(content["week"]) if content.get("week") else None,
                hours=Decimal(content["hours"]) if content.get("hours") is not None else None,
                amount=Decimal(content["amount"]),
                lines=content["lines"],
            )
        )
    return result


def accrued_per_year(entries: Iterable[LedgerEntry]) -> dict[int, Decimal]:
    """Premium accrued per calendar year of the work."""
    totals: dict[int, Decimal] = {}
    for entry in entries:
        if entry.kind is PremiumEntryKind.ACCRUAL:
            totals[entry.month.year] = totals.get(entry.month.year, ZERO) + entry.amount
    return totals


def payout_figures(
    *, entries: Sequence[LedgerEntry], payout_date: dt.date, parameters: ParameterSet
) -> premium.PayoutFigures:
    """What a payout on `payout_date` pays given the ledger (paid payouts other than on that date)."""
    accruals = [e for e in entries if e.kind is PremiumEntryKind.ACCRUAL and e.date <= payout_date]
    paid = [e for e in entries if e.kind is PremiumEntryKind.PAYOUT]
    return premium.premie_uitbetaling(
        payout_date=payout_date,
        accrued_until=sum((e.amount for e in accruals), ZERO),
        paid_before=sum((e.amount for e in paid), ZERO),
        paid_in_year=sum((e.amount for e in paid if e.date.year == payout_date.year), ZERO),
        parameters=parameters,
    )


def payouts(*, session: Session, worker_id: str) -> list[PremiumPayout]:
    """A worker's payout moments, earliest date first."""
    statement = (
        select(PremiumPayout)
        .where(PremiumPayout.worker_id == worker_id)
        .order_by(PremiumPayout.payout_date, PremiumPayout.slot)
    )
    return list(session.scalars(statement))


def get_payout(*, session: Session, worker_id: str, payout_id: str) -> PremiumPayout | None:
    """The worker's payout moment with this id."""
    row = session.get(PremiumPayout, payout_id)
    return row if row is not None and row.worker_id == worker_id else None


def plan_payout(
    *, session: Session, worker_id: str, payout_date: dt.date, history: PolicyHistory, actor: str
) -> PremiumPayout:
    """Set a payout moment; refused when the year already has the most moments the policy allows."""
    session.get(Worker, worker_id, with_for_update=_WORKER_LOCK)
    taken = [p for p in payouts(session=session, worker_id=worker_id) if p.year == payout_date.year]
    if any(p.payout_date == payout_date for p in taken):
        raise Refused("payout_date_taken", "Op deze dag is al een uitbetaling gepland.")
    if payout_date < history.first_day:
        raise Refused(
            "payout_before_flextensie",
            f"Vóór {dutch.date(history.first_day)} bestaat er geen Flextensie-premie; kies een latere datum.",
        )
    version = history.at(payout_date)
    if not premium.uitbetaalmoment_toegestaan(moments_in_year=len(taken), version=version):
        raise Refused(
            "payout_limit",
            f"In {payout_date.year} zijn al {len(taken)} uitbetaalmomenten vastgelegd; "
            f"het maximum is {version.policy.payouts_per_year} per kalenderjaar.",
        )
    free = min(set(range(1, len(taken) + 2)) - {p.slot for p in taken})
    row = PremiumPayout(
        worker_id=worker_id,
        year=payout_date.year,
        slot=free,
        payout_date=payout_date,
        status=PayoutStatus.PLANNED.value,
        planned_by=actor,
    )
    session.add(row)
    session.flush()
    return row


def cancel_payout(*, session: Session, payout: PremiumPayout) -> None:
    """Remove a planned payout moment (a paid one stays)."""
    if payout.status != PayoutStatus.PLANNED.value:
        raise Refused("payout_paid", "Deze uitbetaling is al gedaan en kan niet worden geschrapt.")
    session.delete(payout)
    session.flush()


def pay_payout(
    *,
    session: Session,
    sealer: Sealer,
    payout: PremiumPayout,
    actor: str,
    today: dt.date,
    parameters: ParameterSet,
) -> LedgerEntry:
    """Record that a planned payout was paid on its date: its amount is fixed in the ledger now."""
    if payout.status != PayoutStatus.PLANNED.value:
        raise Refused("payout_paid", "Deze uitbetaling is al gedaan.")
    if payout.payout_date > today:
        raise Refused(
            "payout_in_future", "Een uitbetaling kan pas op of na de geplande dag worden vastgelegd."
        )
    session.get(Worker, payout.worker_id, with_for_update=_WORKER_LOCK)
    entries = ledger(session=session, sealer=sealer, worker_id=payout.worker_id)
    figures = payout_figures(entries=entries, payout_date=payout.payout_date, parameters=parameters)
    entry = PremiumEntry(
        worker_id=payout.worker_id,
        kind=PremiumEntryKind.PAYOUT.value,
        year=payout.payout_date.year,
        month=str(Month.of(payout.payout_date)),
        entry_date=payout.payout_date,
        payout_id=payout.id,
    )
    sealer.put_json(
        entry, "content_encrypted", {"amount": figures.amount, "lines": _lines_json(figures.lines)}
    )
    session.add(entry)
    payout.status = PayoutStatus.PAID.value
    payout.paid_by = actor
    payout.paid_at = utcnow()
    session.flush()
    return LedgerEntry(
        entry.id,
        PremiumEntryKind.PAYOUT,
        payout.payout_date,
        Month.of(payout.payout_date),
        None,
        payout.id,
        None,
        None,
        figures.amount,
        _lines_json(figures.lines),
    )


# --- invoices -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skipped:
    """A placement whose invoice for the month was not issued now, and why."""

    placement_id: str
    code: str
    reason: str


def _next_number(session: Session, municipality: Municipality, year: int) -> str:
    prefix = f"{municipality.cbs_code}-{year}-"
    highest = session.scalar(
        select(func.max(FlextensieInvoice.number)).where(
            FlextensieInvoice.municipality_id == municipality.id, FlextensieInvoice.number.like(prefix + "%")
        )
    )
    sequence = int(highest.removeprefix(prefix)) + 1 if highest else 1
    return f"{prefix}{sequence:05d}"


def issue_invoices(
    *,
    session: Session,
    sealer: Sealer,
    municipality_id: str,
    month: Month,
    issued_on: dt.date,
    actor: str,
    parameters: ParameterSet,
) -> tuple[list[FlextensieInvoice], list[Skipped]]:
    """Issue the month's invoices of every placement with approved hours and none still unapproved."""
    municipality = session.get(Municipality, municipality_id, with_for_update=True)
    if municipality is None:
        raise Refused("municipality_unknown", "De gemeente is niet gevonden.")
    history = policy_history(session=session, municipality_id=municipality_id)
    if month.last_day < history.first_day:
        raise Refused(
            "month_before_flextensie",
            f"Vóór {dutch.date(history.first_day)} bestaat er geen Flextensie; kies een latere maand.",
        )
    issued: list[FlextensieInvoice] = []
    skipped: list[Skipped] = []
    for placement in placements_touching(
        session=session, municipality_id=municipality_id, first=month.first_day, last=month.last_day
    ):
        if month in invoiced_months(session=session, placement_id=placement.id):
            continue
        sheets = current_timesheets(session=session, sealer=sealer, placement_id=placement.id)
        in_month = [(s, [(d, h) for d, h in s.days if Month.of(d) == month and h > 0]) for s in sheets]
        if any(days and not sheet.approved for sheet, days in in_month):
            skipped.append(
                Skipped(placement.id, "unapproved_timesheets", "Er zijn urenstaten niet goedgekeurd.")
            )
            continue
        days = [day for sheet, worked in in_month if sheet.approved for day in worked]
        if not days:
            continue
        figures = maandfactuur(
            month=month,
            days=days,
            tariff=placement.hourly_tariff,
            travel_per_day=placement_terms(sealer=sealer, placement=placement).travel_per_day,
            premium=_premium_for(session, sealer, placement, month),
            version=history.at(month.first_day),
            parameters=parameters,
        )
        issued.append(_store_invoice(session, sealer, municipality, placement, figures, issued_on, actor))
    return issued, skipped


def _premium_for(session: Session, sealer: Sealer, placement: Placement, month: Month) -> Decimal:
    entries = ledger(session=session, sealer=sealer, worker_id=placement.worker_id)
    return sum(
        (
            e.amount
            for e in entries
            if e.kind is PremiumEntryKind.ACCRUAL and e.placement_id == placement.id and e.month == month
        ),
        ZERO,
    )


def _store_invoice(
    session: Session,
    sealer: Sealer,
    municipality: Municipality,
    placement: Placement,
    figures: InvoiceFigures,
    issued_on: dt.date,
    actor: str,
) -> FlextensieInvoice:
    row = FlextensieInvoice(
        municipality_id=municipality.id,
        placement_id=placement.id,
        month=str(figures.month),
        number=_next_number(session, municipality, issued_on.year),
        issued_on=issued_on,
        issued_by=actor,
        client_name=placement.client_name,
        client_reference=placement.client_reference,
        hours=figures.hours,
        hourly_tariff=figures.tariff,
        net_amount=figures.net_amount,
        vat_rate=figures.vat_rate,
        vat_amount=figures.vat_amount,
        total=figures.total,
        document={
            "lines": [
                {
                    "week": str(w.week),
                    "firstDay": w.first_day.isoformat(),
                    "lastDay": w.last_day.isoformat(),
                    "hours": format(w.hours, "f"),
                    "amount": format(w.amount, "f"),
                }
                for w in figures.weeks
            ],
            "explanation": _lines_json(figures.lines),
            "parameters": [p.model_dump(mode="json") for p in explain.parameter_refs(figures.parameters)],
            "unconfirmed": figures.unconfirmed,
            # The client as known on the day of issue: an issued invoice is final, a later move is not on it.
            "client": placement.client_details,
        },
    )
    settlement = {
        "premium": figures.premium,
        "travel": figures.travel,
        "travel_days": figures.travel_days,
        "back_office": figures.back_office,
        "remainder": figures.remainder,
        "lines": _lines_json(figures.settlement_lines),
    }
    sealer.put_json(row, "settlement_encrypted", settlement)
    session.add(row)
    session.flush()
    return row


def invoice_settlement(*, sealer: Sealer, invoice: FlextensieInvoice) -> dict[str, Any]:
    """The decrypted settlement of an invoice (premium, travel, back office, remainder, lines)."""
    settlement: dict[str, Any] = sealer.get_json(invoice, "settlement_encrypted")
    return settlement


def invoices(
    *,
    session: Session,
    municipality_id: str,
    months: Sequence[Month] | None = None,
    placement_id: str | None = None,
) -> list[FlextensieInvoice]:
    """A municipality's issued invoices, by number."""
    statement = select(FlextensieInvoice).where(FlextensieInvoice.municipality_id == municipality_id)
    if months is not None:
        statement = statement.where(FlextensieInvoice.month.in_([str(m) for m in months]))
    if placement_id is not None:
        statement = statement.where(FlextensieInvoice.placement_id == placement_id)
    return list(session.scalars(statement.order_by(FlextensieInvoice.number)))


def get_invoice(*, session: Session, municipality_id: str, invoice_id: str) -> FlextensieInvoice | None:
    """The invoice, only if it belongs to this municipality."""
    row = session.get(FlextensieInvoice, invoice_id)
    return row if row is not None and row.municipality_id == municipality_id else None
