"""The made-up world of the browser tests: one municipality with a consultant, a team lead, an auditor
and two workers; a second municipality with its own consultant and worker; one agency; weekly pay records from
5 January 2026, and the figures and signals the real recompute job and missing-data check store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from gateway.engine import load_default_policy, load_parameters
from gateway.jobs import missing_data
from gateway.jobs.recompute import recompute_worker
from gateway.store import advances, case_facts, staff
from gateway.store.db import Database
from gateway.store.models import Agency, Municipality, PayRecord, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests import factories

NOW = dt.datetime(2026, 2, 20, 11, 0, tzinfo=dt.UTC)
"""The moment the figures are computed and the app's clock stands still (a Friday in February 2026)."""
FIRST_MONDAY = dt.date(2026, 1, 5)
WEEKS = 6
WEEKLY_PAY = {
    "hours": Decimal("24.00"),
    "gross_wage": Decimal("390.00"),
    "wage_tax": Decimal("31.20"),
    "employee_premiums": Decimal("20.27"),
    "net_wage": Decimal("338.53"),
    "holiday_pay_accrued": Decimal("31.20"),
}
FEBRUARY_ADVANCE = Decimal("600.00")


@dataclass(frozen=True)
class Seeded:
    """What the tests refer to: ids, names and subjects (all made up)."""

    worker_id: str
    worker_name: str
    other_worker_id: str
    other_worker_name: str
    other_worker_payslip_id: str
    foreign_worker_id: str
    consultant_name: str
    team_lead_name: str
    other_consultant_name: str
    auditor_name: str


def open_case(
    session: Session,
    sealer: Sealer,
    *,
    worker: Worker,
    agency: Agency,
    weeks: int,
    pay: Mapping[str, Decimal] = WEEKLY_PAY,
) -> list[PayRecord]:
    """Case facts (single, from 1 January 2026), an enrollment, the February advance and `weeks` weekly pay
    records of `pay` from 5 January 2026."""
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
    advances.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=Month(2026, 2),
        amount=FEBRUARY_ADVANCE,
        paid_on=dt.date(2026, 2, 2),
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
            content=pay,
        )
        for week in range(weeks)
    ]


def compute(session: Session, sealer: Sealer, worker: Worker) -> None:
    """The real recompute job and missing-data check for `worker`, on `NOW`."""
    recompute_worker(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        now=NOW,
    )
    missing_data.check_worker(
        session=session, worker_id=worker.id, window_start=FIRST_MONDAY, due_until=NOW.date(), now=NOW
    )


def _municipality(session: Session, name: str) -> Municipality:
    return factories.make_municipality(session, name=name)


def seed(database: Database, sealer: Sealer) -> Seeded:
    """Create and commit the world (for a server in another thread)."""
    with database.transaction() as session:
        north = _municipality(session, "Testgemeente Noord")
        south = _municipality(session, "Testgemeente Zuid")
        consultant = staff.create(
            session=session,
            municipality_id=north.id,
            subject="consulent-noord",
            display_name="Anna Consulent",
            roles=("consultant",),
        )
        staff.create(
            session=session,
            municipality_id=north.id,
            subject="teamleider-noord",
            display_name="Bram Teamleider",
            roles=("team_lead",),
        )
        staff.create(
            session=session,
            municipality_id=north.id,
            subject="auditor-noord",
            display_name="Ria Auditor",
            roles=("auditor",),
        )
        staff.create(
            session=session,
            municipality_id=south.id,
            subject="consulent-zuid",
            display_name="Cor Consulent",
            roles=("consultant",),
        )
        agency = factories.make_agency(session, name="Uitzendbureau Zonnig")
        people = [
            factories.make_worker(
                session, sealer, municipality=municipality, bsn=bsn, name=name, consultant=assigned
            )
            for municipality, bsn, name, assigned in (
                (north, factories.TEST_BSNS[0], "Sanne de Vries", consultant),
                (north, factories.TEST_BSNS[1], "Piet Jansen", consultant),
                (south, factories.TEST_BSNS[2], "Klaas Bakker", None),
            )
        ]
        # Piet's agency sent nothing for the last two weeks: the missing-data check signals them.
        records = [
            open_case(session, sealer, worker=person, agency=agency, weeks=weeks)
            for person, weeks in zip(people, (WEEKS, WEEKS - 2, WEEKS), strict=True)
        ]
        for person in people:
            compute(session, sealer, person)
        worker, other, foreign = people
        return Seeded(
            worker_id=worker.id,
            worker_name="Sanne de Vries",
            other_worker_id=other.id,
            other_worker_name="Piet Jansen",
            other_worker_payslip_id=records[1][-1].id,
            foreign_worker_id=foreign.id,
            consultant_name="Anna Consulent",
            team_lead_name="Bram Teamleider",
            other_consultant_name="Cor Consulent",
            auditor_name="Ria Auditor",
        )
