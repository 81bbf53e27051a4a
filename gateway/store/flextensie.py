"""Flextensie storage: the municipal policy, placements and timesheets (the premium ledger, payouts and
invoices are in `flextensie_ledger`).

Keyword-only functions with the session passed in; the rules are the engine's (gateway.engine.flextensie).
A refusal is raised as `Refused` with a fixed code and a Dutch reason free of personal data. Timesheets
are versioned: a week's newest version counts, an approved version is final, and no hours change in a
month that was invoiced.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine.flextensie.duration import buiten_plaatsing, laatste_dag
from gateway.engine.flextensie.placement import PlacementPlan
from gateway.engine.flextensie.policy import PolicyHistory
from gateway.store.models import FlextensieInvoice, FlextensiePolicyRecord, Placement, Timesheet
from gateway.store.sealing import Sealer
from schemas.flextensie import (
    ClientApproval,
    ClientDetails,
    FlextensiePolicy,
    FlextensiePolicyVersion,
    NewPlacement,
    PlacementStatus,
    TimesheetSource,
    TimesheetStatus,
)
from schemas.money import ZERO
from schemas.periods import IsoWeek, Month

DEFAULT_POLICY_FILE = "flextensie_policy_default.json"
Days = tuple[tuple[dt.date, Decimal], ...]


class Refused(Exception):
    """A Flextensie action the rules do not allow; `code` is fixed, `reason` is Dutch and names no person."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason


# --- policy -------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def default_policy_versions() -> tuple[FlextensiePolicyVersion, ...]:
    """The standard Flextensie policy shipped with the engine's parameter files."""
    text = (
        resources.files("gateway.engine.parameters").joinpath(DEFAULT_POLICY_FILE).read_text(encoding="utf-8")
    )
    return tuple(FlextensiePolicyVersion.model_validate(item) for item in json.loads(text)["versions"])


def municipal_policy_versions(*, session: Session, municipality_id: str) -> list[FlextensiePolicyVersion]:
    """The versions the municipality recorded, in the order recorded."""
    statement = (
        select(FlextensiePolicyRecord)
        .where(FlextensiePolicyRecord.municipality_id == municipality_id)
        .order_by(FlextensiePolicyRecord.recorded_at, FlextensiePolicyRecord.id)
    )
    return [
        FlextensiePolicyVersion(
            valid_from=row.valid_from,
            source=row.source,
            confirmed=True,
            policy=FlextensiePolicy.model_validate(row.policy),
        )
        for row in session.scalars(statement)
    ]


def policy_history(*, session: Session, municipality_id: str) -> PolicyHistory:
    """The policy of a municipality over time: the standard, overlaid by its own versions."""
    return PolicyHistory.combine(
        defaults=default_policy_versions(),
        municipal=municipal_policy_versions(session=session, municipality_id=municipality_id),
    )


def record_policy(
    *, session: Session, municipality_id: str, version: FlextensiePolicyVersion, recorded_by: str
) -> FlextensiePolicyRecord:
    """Record a policy version of the municipality (a later one for the same date replaces it)."""
    row = FlextensiePolicyRecord(
        municipality_id=municipality_id,
        valid_from=version.valid_from,
        source=version.source,
        policy=version.policy.model_dump(mode="json"),
        recorded_by=recorded_by,
    )
    session.add(row)
    session.flush()
    return row


# --- placements ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class PlacementTerms:
    """The personal terms of a placement; never log them (the repr shows nothing)."""

    premium_per_hour: Decimal
    travel_per_day: Decimal

    def __repr__(self) -> str:
        return "PlacementTerms(<hidden>)"


def create_placement(
    *,
    session: Session,
    sealer: Sealer,
    municipality_id: str,
    new: NewPlacement,
    plan: PlacementPlan,
    premium_per_hour: Decimal,
    policy_valid_from: dt.date,
    created_by: str,
) -> Placement:
    """Store a placement that passed `plan` (the caller refuses one with problems)."""
    if plan.problems:
        raise ValueError("a placement with problems is refused by the caller, not stored")
    row = Placement(
        municipality_id=municipality_id,
        worker_id=new.worker_id,
        agency_id=new.agency_id,
        client_name=new.client_name,
        client_reference=new.client_reference,
        client_details=_client_json(new.client_details),
        start_date=new.start_date,
        planned_end_date=new.planned_end_date,
        max_end_date=plan.max_end_date,
        alert_date=plan.alert_date,
        expected_hours=new.expected_hours_per_week,
        hourly_tariff=new.hourly_tariff,
        minimum_tariff=plan.minimum_tariff,
        policy_valid_from=policy_valid_from,
        status=PlacementStatus.ACTIVE.value,
        created_by=created_by,
    )
    terms = {"premium_per_hour": premium_per_hour, "travel_per_day": new.travel_allowance_per_day}
    sealer.put_json(row, "terms_encrypted", terms)
    session.add(row)
    session.flush()
    return row


def _client_json(details: ClientDetails | None) -> dict[str, Any] | None:
    return None if details is None else details.model_dump(mode="json", by_alias=True)


def set_client_details(*, session: Session, placement: Placement, details: ClientDetails) -> None:
    """Record the client's registration, address and VAT number; invoices already issued keep theirs."""
    placement.client_details = _client_json(details)
    session.flush()


def client_details(placement: Placement) -> ClientDetails | None:
    """The client's registration, address and VAT number as recorded with the placement (None: not yet)."""
    raw = placement.client_details
    return None if raw is None else ClientDetails.model_validate(raw)


def placement_terms(*, sealer: Sealer, placement: Placement) -> PlacementTerms:
    """Decrypt a placement's premium per hour and travel allowance per day."""
    terms = sealer.get_json(placement, "terms_encrypted")
    return PlacementTerms(Decimal(terms["premium_per_hour"]), Decimal(terms["travel_per_day"]))


def last_day(placement: Placement) -> dt.date:
    """The last day hours may be written for the placement."""
    return laatste_dag(
        max_end=placement.max_end_date, planned_end=placement.planned_end_date, ended_on=placement.ended_on
    )


def get_placement(*, session: Session, municipality_id: str, placement_id: str) -> Placement | None:
    """The placement, only if it belongs to this municipality."""
    row = session.get(Placement, placement_id)
    return row if row is not None and row.municipality_id == municipality_id else None


def placements(
    *,
    session: Session,
    municipality_id: str,
    worker_id: str | None = None,
    status: PlacementStatus | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[Placement]:
    """A municipality's placements, newest start first."""
    statement = select(Placement).where(Placement.municipality_id == municipality_id)
    if worker_id is not None:
        statement = statement.where(Placement.worker_id == worker_id)
    if status is not None:
        statement = statement.where(Placement.status == status.value)
    statement = statement.order_by(Placement.start_date.desc(), Placement.id).offset(offset).limit(limit)
    return list(session.scalars(statement))


def placements_touching(
    *, session: Session, municipality_id: str, first: dt.date, last: dt.date
) -> list[Placement]:
    """The municipality's placements whose maximum period overlaps `first`..`last`."""
    statement = (
        select(Placement)
        .where(
            Placement.municipality_id == municipality_id,
            Placement.start_date <= last,
            Placement.max_end_date >= first,
        )
        .order_by(Placement.start_date, Placement.id)
    )
    return list(session.scalars(statement))


def end_placement(
    *, session: Session, sealer: Sealer, placement: Placement, end_date: dt.date, reason: str
) -> None:
    """End a placement on `end_date`; refused when approved or submitted hours lie after it."""
    if placement.status == PlacementStatus.ENDED.value:
        raise Refused("placement_ended", "Deze plaatsing is al beëindigd.")
    if not placement.start_date <= end_date <= placement.max_end_date:
        raise Refused("end_date_outside", "De einddatum ligt buiten de periode van de plaatsing.")
    for sheet in current_timesheets(session=session, sealer=sealer, placement_id=placement.id):
        if any(hours > 0 and day > end_date for day, hours in sheet.days):
            raise Refused("hours_after_end", "Er zijn uren geschreven na deze einddatum.")
    placement.status = PlacementStatus.ENDED.value
    placement.ended_on = end_date
    sealer.put_text(placement, "end_reason_encrypted", reason)
    session.flush()


# --- timesheets ---------------------------------------------------------------------------------------


class Stored(StrEnum):
    """What recording a timesheet did."""

    NEW = "new"
    REPLACED = "replaced"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True, repr=False)
class TimesheetRecord:
    """A timesheet version with its decrypted hours per day (personal: the repr shows only the id)."""

    row: Timesheet
    days: Days
    approval: ClientApproval | None

    def __repr__(self) -> str:
        return f"TimesheetRecord(id={self.row.id!r})"

    @property
    def week(self) -> IsoWeek:
        """The ISO week."""
        return IsoWeek.parse(self.row.iso_week)

    @property
    def hours(self) -> Decimal:
        """Hours over the week."""
        return sum((hours for _, hours in self.days), ZERO)

    @property
    def approved(self) -> bool:
        """Whether the client approved it."""
        return self.row.status == TimesheetStatus.APPROVED.value


def record_of(*, sealer: Sealer, row: Timesheet) -> TimesheetRecord:
    """A timesheet row with its hours and approval decrypted."""
    days = sealer.get_json(row, "days_encrypted")
    approval = None
    if row.approval_encrypted is not None:
        approval = ClientApproval.model_validate(sealer.get_json(row, "approval_encrypted"))
    parsed = tuple(sorted((dt.date.fromisoformat(day), Decimal(hours)) for day, hours in days.items()))
    return TimesheetRecord(row, parsed, approval)


def current_timesheets(*, session: Session, sealer: Sealer, placement_id: str) -> list[TimesheetRecord]:
    """The newest version of each week's timesheet of a placement, earliest week first."""
    statement = (
        select(Timesheet)
        .where(Timesheet.placement_id == placement_id)
        .order_by(Timesheet.iso_week, Timesheet.version)
    )
    newest: dict[str, Timesheet] = {}
    for row in session.scalars(statement):
        newest[row.iso_week] = row
    return [record_of(sealer=sealer, row=row) for row in newest.values()]


def invoiced_months(*, session: Session, placement_id: str) -> set[Month]:
    """The months of the placement that have an issued invoice."""
    statement = select(FlextensieInvoice.month).where(FlextensieInvoice.placement_id == placement_id)
    return {Month.parse(month) for month in session.scalars(statement)}


def record_timesheet(
    *,
    session: Session,
    sealer: Sealer,
    placement: Placement,
    week: IsoWeek,
    days: Days,
    source: TimesheetSource,
    recorded_by: str,
    submission_id: str | None = None,
    external_id: str | None = None,
) -> tuple[TimesheetRecord, Stored]:
    """Record a week's hours as its newest version; refused outside the placement, approved or invoiced."""
    # One writer per placement at a time, so two versions of a week can never both be "the next".
    session.refresh(placement, with_for_update=True)
    outside = buiten_plaatsing(days=days, start=placement.start_date, last_day=last_day(placement))
    if outside:
        raise Refused(
            "hours_outside_placement", "Er zijn uren buiten de looptijd van de plaatsing geschreven."
        )
    worked = {day: hours for day, hours in days if hours > 0}
    current = next(
        (
            s
            for s in current_timesheets(session=session, sealer=sealer, placement_id=placement.id)
            if s.week == week
        ),
        None,
    )
    if current is not None and {d: h for d, h in current.days if h > 0} == worked:
        return current, Stored.DUPLICATE
    if current is not None and current.approved:
        raise Refused(
            "timesheet_approved", "Deze urenstaat is al goedgekeurd en kan niet meer worden vervangen."
        )
    invoiced = invoiced_months(session=session, placement_id=placement.id)
    touched = {Month.of(day) for day in worked} | (
        {Month.of(d) for d, _ in current.days} if current else set()
    )
    if touched & invoiced:
        raise Refused(
            "month_invoiced", "Over deze maand is al gefactureerd; uren kunnen niet meer veranderen."
        )
    row = Timesheet(
        placement_id=placement.id,
        iso_week=str(week),
        version=current.row.version + 1 if current else 1,
        supersedes_id=current.row.id if current else None,
        source=source.value,
        submission_id=submission_id,
        external_id=external_id,
        status=TimesheetStatus.SUBMITTED.value,
        recorded_by=recorded_by,
    )
    sealer.put_json(row, "days_encrypted", {day.isoformat(): hours for day, hours in sorted(worked.items())})
    session.add(row)
    session.flush()
    return record_of(sealer=sealer, row=row), Stored.REPLACED if current else Stored.NEW
