"""Write the demo cast into the database through the normal repositories (idempotent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gateway.demo import cast
from gateway.store import advances, agencies, case_facts, enrollments, municipalities, staff, workers
from gateway.store.models import Agency, Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.periods import Month

SEEDED_BY = "demo"


@dataclass(frozen=True)
class Seeded:
    """What the demo put in the database (ids only: nothing personal)."""

    municipality: Municipality
    agencies: dict[cast.AgencyKey, Agency]
    staff: dict[str, StaffMember]
    workers: dict[str, Worker]
    created: bool


def seed(*, session: Session, sealer: Sealer, today: dt.date) -> Seeded:
    """Create the demo municipality and everything in it, unless it already exists."""
    existing = municipalities.by_cbs_code(session=session, cbs_code=cast.MUNICIPALITY_CODE)
    if existing is not None:
        return _load(session=session, sealer=sealer, municipality=existing, today=today)

    municipality = municipalities.create(
        session=session, cbs_code=cast.MUNICIPALITY_CODE, name=cast.MUNICIPALITY_NAME
    )
    members = {
        person.subject: staff.create(
            session=session,
            municipality_id=municipality.id,
            subject=person.subject,
            display_name=person.name,
            roles=person.roles,
        )
        for person in cast.STAFF
    }
    consultant = members[cast.STAFF[0].subject]
    demo_agencies = {
        key: agencies.by_client_id(session=session, client_id=key.value)
        or agencies.create(
            session=session,
            name=cast.AGENCY_NAMES[key],
            client_id=key.value,
            managed_by_municipality_id=municipality.id,
        )
        for key in cast.AgencyKey
    }
    demo_workers: dict[str, Worker] = {}
    this_month = Month.of(today)
    for person in cast.workers(today):
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            bsn=person.bsn,
            name=person.name,
            birth_date=person.birth_date,
            consultant_id=consultant.id,
        )
        case_facts.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=person.facts.benefit_start,
            valid_to=None,
            facts=person.facts,
            recorded_by=SEEDED_BY,
        )
        # Enrolled from the first pay period the agency will send, so only real gaps show as missing.
        for agency_key, records in cast.pay_records(person, today=today).items():
            enrollments.enroll(
                session=session,
                worker_id=worker.id,
                agency_id=demo_agencies[agency_key].id,
                valid_from=min(record.period_start for record in records),
            )
        for month in (this_month.shift(-2), this_month.shift(-1), this_month):
            advances.record(
                session=session,
                sealer=sealer,
                worker_id=worker.id,
                month=month,
                amount=person.advance,
                paid_on=month.first_day,
                recorded_by=SEEDED_BY,
            )
        demo_workers[person.bsn] = worker
    seed_example_workers(
        session=session, sealer=sealer, municipality=municipality, agency=demo_agencies[cast.EXAMPLE_AGENCY]
    )
    return Seeded(municipality, demo_agencies, members, demo_workers, created=True)


def seed_example_workers(
    *, session: Session, sealer: Sealer, municipality: Municipality, agency: Agency
) -> None:
    """Create the people of the example files who are not there yet, enrolled over their example periods
    (so a demo database from before the examples gets them too)."""
    consultant = staff.by_subject(
        session=session, municipality_id=municipality.id, subject=cast.STAFF[0].subject
    )
    for person in cast.EXAMPLE_WORKERS:
        if workers.find_by_bsn(
            session=session, sealer=sealer, municipality_id=municipality.id, bsn=person.bsn
        ):
            continue
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            bsn=person.bsn,
            name=person.name,
            birth_date=person.birth_date,
            consultant_id=consultant.id if consultant else None,
        )
        case_facts.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=person.facts.benefit_start,
            valid_to=None,
            facts=person.facts,
            recorded_by=SEEDED_BY,
        )
        for first, last in person.enrolled:
            enrollments.enroll(
                session=session, worker_id=worker.id, agency_id=agency.id, valid_from=first, valid_to=last
            )


def _load(*, session: Session, sealer: Sealer, municipality: Municipality, today: dt.date) -> Seeded:
    members = {
        person.subject: member
        for person in cast.STAFF
        if (
            member := staff.by_subject(
                session=session, municipality_id=municipality.id, subject=person.subject
            )
        )
    }
    demo_agencies = {
        key: agency
        for key in cast.AgencyKey
        if (agency := agencies.by_client_id(session=session, client_id=key.value))
    }
    demo_workers = {
        person.bsn: worker
        for person in cast.workers(today)
        if (
            worker := workers.find_by_bsn(
                session=session, sealer=sealer, municipality_id=municipality.id, bsn=person.bsn
            )
        )
    }
    if cast.EXAMPLE_AGENCY in demo_agencies:
        seed_example_workers(
            session=session,
            sealer=sealer,
            municipality=municipality,
            agency=demo_agencies[cast.EXAMPLE_AGENCY],
        )
    return Seeded(municipality, demo_agencies, members, demo_workers, created=False)
