"""Placements and their timesheets: create (checked against the rules), read, list, end, enter, approve.

Every staff read or change of a placement is audited with the worker it is about; a placement of another
municipality is not found (404), and that attempt is audited too.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import SUCCESS, audited, record_each
from app_api.auth.principal import StaffActor
from app_api.pagination import Page, Paging
from app_api.placements import views
from app_api.placements.errors import PlacementNotFound, TimesheetNotFound, problem_for
from gateway.engine.flextensie.placement import plaatsing_toetsen
from gateway.engine.parameters import ParameterSet
from gateway.store import agencies, flextensie, flextensie_ledger
from gateway.store.flextensie import Refused, TimesheetRecord
from gateway.store.models import Placement
from gateway.store.sealing import Sealer
from gateway.web.errors import InvalidInput
from schemas import flextensie as fx
from schemas.periods import IsoWeek
from schemas.problems import InvalidParam


def _view(session: Session, sealer: Sealer, row: Placement, parameters: ParameterSet) -> fx.Placement:
    history = flextensie.policy_history(session=session, municipality_id=row.municipality_id)
    return views.placement(sealer=sealer, row=row, history=history, parameters=parameters)


def create(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    new: fx.NewPlacement,
    purpose: str,
    parameters: ParameterSet,
) -> fx.Placement:
    """Make a placement; refused (400, every problem listed) below the minimum tariff or beyond the limits."""
    with audited(
        session=session, actor=actor, action="placement.create", purpose=purpose, worker_id=new.worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=new.worker_id)
        if new.agency_id is not None and agencies.get(session=session, agency_id=new.agency_id) is None:
            raise InvalidInput(
                "Dit uitzendbureau is niet bekend.",
                invalid_params=[
                    InvalidParam(name="agencyId", code="agency_unknown", reason="Onbekend bureau.")
                ],
            )
        history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)
        version = history.at(new.start_date)
        plan = plaatsing_toetsen(
            start_date=new.start_date,
            planned_end_date=new.planned_end_date,
            ended_on=None,
            expected_hours=new.expected_hours_per_week,
            hourly_tariff=new.hourly_tariff,
            version=version,
            parameters=parameters,
        )
        if plan.problems:
            raise InvalidInput(
                "De plaatsing voldoet niet aan de regels van Flextensie.",
                code="placement_refused",
                invalid_params=[
                    InvalidParam(name=p.field, code=p.code, reason=p.reason) for p in plan.problems
                ],
            )
        row = flextensie.create_placement(
            session=session,
            sealer=sealer,
            municipality_id=worker.municipality_id,
            new=new,
            plan=plan,
            premium_per_hour=version.policy.premium_per_hour,
            policy_valid_from=version.valid_from,
            created_by=actor.actor,
        )
        result = views.placement(sealer=sealer, row=row, history=history, parameters=parameters)
    return result


def _found(session: Session, actor: StaffActor, placement_id: str) -> Placement:
    row = flextensie.get_placement(
        session=session, municipality_id=actor.municipality_id, placement_id=placement_id
    )
    if row is None:
        raise PlacementNotFound()
    return row


def _subject(session: Session, actor: StaffActor, placement_id: str) -> str | None:
    """The worker a placement is about, for the audit record (None when it is not found)."""
    row = flextensie.get_placement(
        session=session, municipality_id=actor.municipality_id, placement_id=placement_id
    )
    return row.worker_id if row is not None else None


def read(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    placement_id: str,
    purpose: str,
    parameters: ParameterSet,
) -> fx.Placement:
    """One placement (audited)."""
    subject = _subject(session, actor, placement_id)
    with audited(session=session, actor=actor, action="placement.read", purpose=purpose, worker_id=subject):
        result = _view(session, sealer, _found(session, actor, placement_id), parameters)
    return result


def listing(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    paging: Paging,
    worker_id: str | None,
    status: fx.PlacementStatus | None,
    purpose: str,
    parameters: ParameterSet,
) -> Page[fx.Placement]:
    """The municipality's placements, newest start first; one audit event per person shown."""
    rows = flextensie.placements(
        session=session,
        municipality_id=actor.municipality_id,
        worker_id=worker_id,
        status=status,
        offset=paging.offset,
        limit=paging.fetch,
    )
    shown = rows[: paging.page_size]
    items = [_view(session, sealer, row, parameters) for row in shown]
    record_each(
        session=session,
        actor=actor,
        action="placements.list",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=sorted({row.worker_id for row in shown}),
    )
    return Page[fx.Placement].build(items, paging, more=len(rows) > paging.page_size)


def end(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    placement_id: str,
    ending: fx.PlacementEnd,
    purpose: str,
    parameters: ParameterSet,
) -> fx.Placement:
    """End a placement early (audited); refused when hours lie after the end."""
    subject = _subject(session, actor, placement_id)
    with audited(session=session, actor=actor, action="placement.end", purpose=purpose, worker_id=subject):
        row = _found(session, actor, placement_id)
        try:
            flextensie.end_placement(
                session=session, sealer=sealer, placement=row, end_date=ending.end_date, reason=ending.reason
            )
        except Refused as refusal:
            raise problem_for(refusal) from None
        result = _view(session, sealer, row, parameters)
    return result


def set_client(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    placement_id: str,
    details: fx.ClientDetails,
    purpose: str,
    parameters: ParameterSet,
) -> fx.Placement:
    """Record the client's KvK number, address and VAT number (audited); invoices issued keep theirs."""
    subject = _subject(session, actor, placement_id)
    with audited(session=session, actor=actor, action="placement.client", purpose=purpose, worker_id=subject):
        row = _found(session, actor, placement_id)
        flextensie.set_client_details(session=session, placement=row, details=details)
        result = _view(session, sealer, row, parameters)
    return result


def timesheets(
    *, session: Session, sealer: Sealer, actor: StaffActor, placement_id: str, purpose: str
) -> list[fx.Timesheet]:
    """The newest version of every week's timesheet of a placement (audited)."""
    subject = _subject(session, actor, placement_id)
    with audited(session=session, actor=actor, action="timesheets.list", purpose=purpose, worker_id=subject):
        row = _found(session, actor, placement_id)
        result = [
            views.timesheet(record)
            for record in flextensie.current_timesheets(session=session, sealer=sealer, placement_id=row.id)
        ]
    return result


def enter(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    placement_id: str,
    week: IsoWeek,
    entry: fx.TimesheetEntry,
    purpose: str,
    parameters: ParameterSet,
) -> fx.Timesheet:
    """Enter a week's hours (a new version until approved); with `clientApproval` it is approved at once."""
    try:
        fx.check_days_in_week(week, entry.days)
    except ValueError as error:
        raise InvalidInput(
            "Controleer de dagen van de urenstaat.",
            invalid_params=[
                InvalidParam(name="days", code="days_not_in_week", reason=str(error).capitalize())
            ],
        ) from None
    subject = _subject(session, actor, placement_id)
    with audited(session=session, actor=actor, action="timesheet.record", purpose=purpose, worker_id=subject):
        row = _found(session, actor, placement_id)
        try:
            record, _ = flextensie.record_timesheet(
                session=session,
                sealer=sealer,
                placement=row,
                week=week,
                days=tuple((day.date, day.hours) for day in entry.days),
                source=fx.TimesheetSource.CONSULTANT,
                recorded_by=actor.actor,
            )
            if entry.client_approval is not None and not record.approved:
                record = _approve(session, sealer, actor, row, record, entry.client_approval, parameters)
        except Refused as refusal:
            raise problem_for(refusal) from None
        result = views.timesheet(record)
    return result


def _approve(
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    placement: Placement,
    record: TimesheetRecord,
    approval: fx.ClientApproval,
    parameters: ParameterSet,
) -> TimesheetRecord:
    return flextensie_ledger.approve_timesheet(
        session=session,
        sealer=sealer,
        placement=placement,
        timesheet=record,
        approval=approval,
        actor=actor.actor,
        parameters=parameters,
    )


def approve(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    placement_id: str,
    week: IsoWeek,
    approval: fx.ClientApproval,
    purpose: str,
    parameters: ParameterSet,
) -> fx.Timesheet:
    """Record that the client signed a week's timesheet; its premium accrues now (audited)."""
    subject = _subject(session, actor, placement_id)
    with audited(
        session=session, actor=actor, action="timesheet.approve", purpose=purpose, worker_id=subject
    ):
        row = _found(session, actor, placement_id)
        current = next(
            (
                s
                for s in flextensie.current_timesheets(session=session, sealer=sealer, placement_id=row.id)
                if s.week == week
            ),
            None,
        )
        if current is None:
            raise TimesheetNotFound()
        try:
            record = _approve(session, sealer, actor, row, current, approval, parameters)
        except Refused as refusal:
            raise problem_for(refusal) from None
        result = views.timesheet(record)
    return result
