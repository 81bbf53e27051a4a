"""Stored Flextensie rows as the contract models the API answers with."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gateway.engine.flextensie import explain
from gateway.engine.flextensie.placement import plaatsing_toetsen
from gateway.engine.flextensie.policy import PolicyHistory
from gateway.engine.parameters import ParameterSet
from gateway.store import flextensie, flextensie_ledger
from gateway.store.flextensie import TimesheetRecord
from gateway.store.models import FlextensieInvoice, Placement
from gateway.store.sealing import Sealer
from schemas import flextensie as fx
from schemas.figures import ExplanationLine, ParameterRef
from schemas.periods import Month


def placement(
    *, sealer: Sealer, row: Placement, history: PolicyHistory, parameters: ParameterSet
) -> fx.Placement:
    """A placement with its limits explained under the policy version it was made under."""
    terms = flextensie.placement_terms(sealer=sealer, placement=row)
    plan = plaatsing_toetsen(
        start_date=row.start_date,
        planned_end_date=row.planned_end_date,
        ended_on=row.ended_on,
        expected_hours=row.expected_hours,
        hourly_tariff=row.hourly_tariff,
        version=history.at(row.policy_valid_from),
        parameters=parameters,
    )
    return fx.Placement(
        id=row.id,
        worker_id=row.worker_id,
        client_name=row.client_name,
        client_reference=row.client_reference,
        client_details=flextensie.client_details(row),
        agency_id=row.agency_id,
        start_date=row.start_date,
        planned_end_date=row.planned_end_date,
        max_end_date=row.max_end_date,
        last_day=flextensie.last_day(row),
        alert_date=row.alert_date,
        expected_hours_per_week=row.expected_hours,
        hourly_tariff=row.hourly_tariff,
        minimum_tariff=row.minimum_tariff,
        premium_per_hour=terms.premium_per_hour,
        travel_allowance_per_day=terms.travel_per_day,
        status=fx.PlacementStatus(row.status),
        ended_on=row.ended_on,
        created_at=row.created_at,
        unconfirmed=any(not value.confirmed for value in plan.parameters),
        parameters=explain.parameter_refs(plan.parameters),
        lines=explain.explanation_lines(plan.lines),
    )


def timesheet(record: TimesheetRecord) -> fx.Timesheet:
    """A timesheet version."""
    row = record.row
    return fx.Timesheet(
        id=row.id,
        placement_id=row.placement_id,
        week=record.week,
        version=row.version,
        days=[fx.DayHours(date=day, hours=hours) for day, hours in record.days],
        hours=record.hours,
        status=fx.TimesheetStatus(row.status),
        source=fx.TimesheetSource(row.source),
        recorded_at=row.recorded_at,
        approval=record.approval,
    )


def _lines(raw: list[dict[str, Any]]) -> list[ExplanationLine]:
    return [ExplanationLine.model_validate(line) for line in raw]


def invoice(*, sealer: Sealer, row: FlextensieInvoice, municipality: str, placement: Placement) -> fx.Invoice:
    """An issued invoice with its settlement; the client as on the day of issue, or for an invoice issued
    before the placement held the client's details, as the placement holds them now."""
    settlement = flextensie_ledger.invoice_settlement(sealer=sealer, invoice=row)
    document = row.document
    issued_client = document.get("client")
    client = (
        fx.ClientDetails.model_validate(issued_client)
        if issued_client is not None
        else flextensie.client_details(placement)
    )
    return fx.Invoice(
        id=row.id,
        number=row.number,
        month=Month.parse(row.month),
        issued_on=row.issued_on,
        municipality=municipality,
        placement_id=row.placement_id,
        worker_id=placement.worker_id,
        client_name=row.client_name,
        client_reference=row.client_reference,
        client_details=client,
        hours=row.hours,
        hourly_tariff=row.hourly_tariff,
        net_amount=row.net_amount,
        vat_rate=row.vat_rate,
        vat_amount=row.vat_amount,
        total=row.total,
        lines=[fx.InvoiceLine.model_validate(line) for line in document["lines"]],
        explanation=_lines(document["explanation"]),
        settlement=fx.InvoiceSettlement(
            premium=Decimal(settlement["premium"]),
            travel=Decimal(settlement["travel"]),
            travel_days=int(settlement["travel_days"]),
            back_office=Decimal(settlement["back_office"]),
            remainder=Decimal(settlement["remainder"]),
            lines=_lines(settlement["lines"]),
        ),
        unconfirmed=bool(document["unconfirmed"]),
        parameters=[ParameterRef.model_validate(p) for p in document["parameters"]],
    )
