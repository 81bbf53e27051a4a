"""A small made-up world for the app API tests: two municipalities, their staff, three workers, one
agency, six weeks of pay records, and the figures the real recompute job stores for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from gateway.engine import load_default_policy, load_parameters
from gateway.jobs.recompute import recompute_worker
from gateway.store import advances, case_facts, municipalities, staff
from gateway.store.models import Agency, Municipality, PayRecord, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests import factories

NOW = dt.datetime(2026, 2, 20, 11, 0, tzinfo=dt.UTC)
"""The moment the world is computed and the app's clock stands still (a Friday in February 2026)."""
FIRST_MONDAY = dt.date(2026, 1, 5)
WEEKS = 6


@dataclass
class World:
    """Everything the tests refer to by role."""

    municipality: Municipality
    other_municipality: Municipality
    consultant: StaffMember
    second_consultant: StaffMember
    team_lead: StaffMember
    auditor: StaffMember
    admin: StaffMember
    other_consultant: StaffMember
    other_team_lead: StaffMember
    worker: Worker
    other_worker: Worker
    foreign_worker: Worker
    agency: Agency
    pay_records: list[PayRecord]
    other_pay_records: list[PayRecord]


def _staff(session: Session, municipality: Municipality, subject: str, *roles: str) -> StaffMember:
    return staff.create(
        session=session, municipality_id=municipality.id, subject=subject, display_name=subject, roles=roles
    )


def _case(session: Session, sealer: Sealer, *, worker: Worker, agency: Agency) -> list[PayRecord]:
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        valid_from=dt.date(2026, 1, 1),
        valid_to=None,
        facts=CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE),
        recorded_by="test",
    )
    factories.make_enrollment(session, worker=worker, agency=agency, valid_from=FIRST_MONDAY)
    for month in (Month(2026, 1), Month(2026, 2)):
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=month,
            amount=Decimal("900.00"),
            paid_on=month.first_day,
            recorded_by="test",
        )
    submission = factories.make_submission(session, sealer, agency=agency)
    return [
        factories.make_pay_record(
            session,
            sealer,
            agency=agency,
            worker=worker,
            submission=submission,
            period_start=FIRST_MONDAY + dt.timedelta(weeks=week),
        )
        for week in range(WEEKS)
    ]


def recompute(session: Session, sealer: Sealer, worker: Worker, *, now: dt.datetime = NOW) -> None:
    """Let the real recompute job store the worker's week figures and month settlements."""
    recompute_worker(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        now=now,
    )


def build(session: Session, sealer: Sealer) -> World:
    """Create the world, compute its figures and commit it (into the test's savepoint)."""
    municipality = factories.make_municipality(session, name="Testgemeente Noord")
    # This world settles February on 20 February, while the worker's pay already reaches the exit income:
    # under the default hold policy that payout would wait (tests/app_api/test_leaving.py tests that).
    municipalities.set_policy(session=session, municipality=municipality, policy={"holdUntilComplete": False})
    other = factories.make_municipality(session, name="Testgemeente Zuid")
    consultant = _staff(session, municipality, "consulent-noord", "consultant")
    # Managed by the first municipality, used by both: an agency serves many municipalities.
    agency = factories.make_agency(session, name="Uitzendbureau Test", municipality=municipality)
    worker = factories.make_worker(
        session, sealer, municipality=municipality, bsn=factories.TEST_BSNS[0], consultant=consultant
    )
    second = _staff(session, municipality, "consulent-noord-2", "consultant")
    other_worker = factories.make_worker(
        session,
        sealer,
        municipality=municipality,
        bsn=factories.TEST_BSNS[1],
        name="Piet Testpersoon",
        consultant=second,
    )
    foreign = factories.make_worker(
        session, sealer, municipality=other, bsn=factories.TEST_BSNS[2], name="Klaas Testpersoon"
    )
    world = World(
        municipality=municipality,
        other_municipality=other,
        consultant=consultant,
        second_consultant=second,
        team_lead=_staff(session, municipality, "teamleider-noord", "team_lead"),
        auditor=_staff(session, municipality, "auditor-noord", "auditor"),
        admin=_staff(session, municipality, "beheerder-noord", "admin"),
        other_consultant=_staff(session, other, "consulent-zuid", "consultant"),
        other_team_lead=_staff(session, other, "teamleider-zuid", "team_lead"),
        worker=worker,
        other_worker=other_worker,
        foreign_worker=foreign,
        agency=agency,
        pay_records=_case(session, sealer, worker=worker, agency=agency),
        other_pay_records=_case(session, sealer, worker=other_worker, agency=agency),
    )
    _case(session, sealer, worker=foreign, agency=agency)
    for person in (worker, other_worker, foreign):
        recompute(session, sealer, person)
    session.commit()
    return world
