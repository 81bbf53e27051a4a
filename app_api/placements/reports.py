"""Reports for the municipality: the monthly overview of placements and hours, the half-year remainder.

Both show figures about workers (hours, premium), so each is audited with one event per worker in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from app_api.audit.trail import SUCCESS, record_each
from app_api.auth.principal import StaffActor
from gateway.engine.flextensie import explain
from gateway.engine.flextensie.overview import PlacementMonth, maandoverzicht
from gateway.engine.flextensie.remainder import InvoiceSummary, Totals, halfjaar_maanden, halfjaaroverzicht
from gateway.store import flextensie, flextensie_ledger, municipalities
from gateway.store.models import Placement
from gateway.store.sealing import Sealer
from schemas import flextensie as fx
from schemas.money import ZERO
from schemas.periods import Month


def _audit(session: Session, actor: StaffActor, action: str, purpose: str, worker_ids: Sequence[str]) -> None:
    subjects: list[str | None] = list(sorted(set(worker_ids))) or [None]
    record_each(
        session=session, actor=actor, action=action, purpose=purpose, result=SUCCESS, worker_ids=subjects
    )


def _in_month(session: Session, sealer: Sealer, row: Placement, month: Month) -> PlacementMonth:
    approved = unapproved = ZERO
    for sheet in flextensie.current_timesheets(session=session, sealer=sealer, placement_id=row.id):
        hours = sum((h for d, h in sheet.days if Month.of(d) == month), ZERO)
        if sheet.approved:
            approved += hours
        else:
            unapproved += hours
    return PlacementMonth(
        placement_id=row.id,
        worker_id=row.worker_id,
        client_name=row.client_name,
        start_date=row.start_date,
        last_day=flextensie.last_day(row),
        active=row.status == fx.PlacementStatus.ACTIVE.value,
        hours=approved,
        unapproved_hours=unapproved,
    )


def month_overview(
    *, session: Session, sealer: Sealer, actor: StaffActor, month: Month, purpose: str
) -> fx.MonthOverview:
    """Active placements of the month with approved hours per placement, worker and client."""
    rows = flextensie.placements_touching(
        session=session, municipality_id=actor.municipality_id, first=month.first_day, last=month.last_day
    )
    overview = maandoverzicht(
        month=month, placements=[_in_month(session, sealer, row, month) for row in rows]
    )
    result = fx.MonthOverview(
        month=month,
        hours=overview.hours,
        placements=[
            fx.OverviewPlacement(
                placement_id=p.placement_id,
                worker_id=p.worker_id,
                client_name=p.client_name,
                start_date=p.start_date,
                last_day=p.last_day,
                status=fx.PlacementStatus.ACTIVE if p.active else fx.PlacementStatus.ENDED,
                hours=p.hours,
                unapproved_hours=p.unapproved_hours,
            )
            for p in overview.placements
        ],
        workers=[
            fx.OverviewWorker(worker_id=w.worker_id, placements=w.placements, hours=w.hours)
            for w in overview.workers
        ],
        clients=[
            fx.OverviewClient(
                client_name=c.client_name, placements=c.placements, workers=c.workers, hours=c.hours
            )
            for c in overview.clients
        ],
    )
    _audit(session, actor, "flextensie-overview.read", purpose, [p.worker_id for p in overview.placements])
    return result


def _figures(totals: Totals) -> dict[str, object]:
    return {
        "invoices": totals.invoices,
        "hours": totals.hours,
        "net_amount": totals.net_amount,
        "premium": totals.premium,
        "travel": totals.travel,
        "back_office": totals.back_office,
        "remainder": totals.remainder,
    }


def remainder(
    *, session: Session, sealer: Sealer, actor: StaffActor, year: int, half: int, purpose: str
) -> fx.RemainderStatement:
    """What the issued invoices of a half year brought the municipality, per month and per placement."""
    months = halfjaar_maanden(year=year, half=half)
    rows = flextensie_ledger.invoices(session=session, municipality_id=actor.municipality_id, months=months)
    summaries = []
    subjects = []
    for row in rows:
        settlement = flextensie_ledger.invoice_settlement(sealer=sealer, invoice=row)
        figures = Totals(
            1,
            row.hours,
            row.net_amount,
            Decimal(settlement["premium"]),
            Decimal(settlement["travel"]),
            Decimal(settlement["back_office"]),
            Decimal(settlement["remainder"]),
        )
        summaries.append(InvoiceSummary(Month.parse(row.month), row.placement_id, row.client_name, figures))
        placement = session.get(Placement, row.placement_id)
        if placement is not None:
            subjects.append(placement.worker_id)
    statement = halfjaaroverzicht(year=year, half=half, invoices=summaries)
    municipality = municipalities.get(session=session, municipality_id=actor.municipality_id)
    result = fx.RemainderStatement(
        municipality=municipality.name if municipality is not None else "",
        half_year=f"{year}-H{half}",
        first_month=statement.first_month,
        last_month=statement.last_month,
        months=[fx.RemainderMonth.model_validate({"month": m, **_figures(t)}) for m, t in statement.months],
        placements=[
            fx.RemainderPlacement.model_validate({"placement_id": pid, "client_name": name, **_figures(t)})
            for pid, name, t in statement.placements
        ],
        total=fx.RemainderFigures.model_validate(_figures(statement.total)),
        lines=explain.explanation_lines(statement.lines),
    )
    _audit(session, actor, "flextensie-remainder.read", purpose, subjects)
    return result
