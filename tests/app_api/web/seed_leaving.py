"""Two more made-up workers in the north municipality of the browser world (seed.py), for the pages of
leaving the benefit. The municipality uses the bufferbudget from January 2026.

- Fatima Bouzid earns € 450,00 net a week from 5 January: in February two weeks (€ 900,00) continued at
  that pace over the 13 days still without pay data reach the exit income (€ 1.401,50), so the exit
  forecast fires and the February payout is held until 13 March 2026 (10 working days after the month).
- Joost Mulder's case ended on 31 January 2026 (werk). His final settlement (February) pays the reserved
  holiday allowance of January and counts the February advance of € 600,00 as paid too much; what the
  allowance does not cover is not offset, and Loonbrug proposes to absorb it from the bufferbudget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from gateway.store import case_ends, municipalities
from gateway.store.db import Database
from gateway.store.models import Agency, Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import EndReason
from tests import factories
from tests.app_api.web.seed import Seeded, compute, open_case

HIGH_PAY = {
    "hours": Decimal("32.00"),
    "gross_wage": Decimal("520.00"),
    "wage_tax": Decimal("41.60"),
    "employee_premiums": Decimal("28.40"),
    "net_wage": Decimal("450.00"),
    "holiday_pay_accrued": Decimal("41.60"),
}
END_DATE = dt.date(2026, 1, 31)


@dataclass(frozen=True)
class Leaving:
    """Ids and names of the two workers (all made up)."""

    high_earner_id: str
    high_earner_name: str
    ended_id: str
    ended_name: str


def seed_leaving(database: Database, sealer: Sealer, seeded: Seeded) -> Leaving:
    """Add the two workers to the committed world of `seeded` and compute their figures."""
    with database.transaction() as session:
        north_id = session.get_one(Worker, seeded.worker_id).municipality_id
        north = session.get_one(Municipality, north_id)
        municipalities.set_policy(
            session=session, municipality=north, policy={**north.policy, "bufferbudgetFrom": "2026-01"}
        )
        agency = session.scalars(select(Agency).where(Agency.name == "Uitzendbureau Zonnig")).one()
        consultant = session.scalars(
            select(StaffMember).where(StaffMember.subject == "consulent-noord")
        ).one()
        high, ended = (
            factories.make_worker(
                session, sealer, municipality=north, bsn=bsn, name=name, consultant=consultant
            )
            for bsn, name in (
                (factories.TEST_BSNS[3], "Fatima Bouzid"),
                (factories.TEST_BSNS[4], "Joost Mulder"),
            )
        )
        open_case(session, sealer, worker=high, agency=agency, weeks=6, pay=HIGH_PAY)
        open_case(session, sealer, worker=ended, agency=agency, weeks=4)
        case_ends.record(
            session=session,
            sealer=sealer,
            worker_id=ended.id,
            end_date=END_DATE,
            reason=EndReason.WORK,
            recorded_by="test",
        )
        for person in (high, ended):
            compute(session, sealer, person)
        return Leaving(high.id, "Fatima Bouzid", ended.id, "Joost Mulder")
