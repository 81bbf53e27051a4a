"""One more made-up worker in the north municipality of the browser world (seed.py), whose February
payout is set off against an overpayment of January.

Eva Smit earns € 338,53 net a week from 5 January, like Sanne, but received an advance of € 1.400,00
for January: far more than her January bijstand, so January was paid too much. Her February back
payment (bijstand over February less the advance of € 600,00) is kept back against that, and the rest
stays to be set off until July 2026 (six months, art. 58 lid 4 Participatiewet).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from gateway.store import advances
from gateway.store.db import Database
from gateway.store.models import Agency, Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.periods import Month
from tests import factories
from tests.app_api.web.seed import WEEKS, Seeded, compute, open_case

NAME = "Eva Smit"
JANUARY_ADVANCE = Decimal("1400.00")


def seed_setoff(database: Database, sealer: Sealer, seeded: Seeded) -> str:
    """Add Eva to the committed world of `seeded`, compute her figures and return her worker id."""
    with database.transaction() as session:
        north = session.get_one(Municipality, session.get_one(Worker, seeded.worker_id).municipality_id)
        agency = session.scalars(select(Agency).where(Agency.name == "Uitzendbureau Zonnig")).one()
        consultant = session.scalars(
            select(StaffMember).where(StaffMember.subject == "consulent-noord")
        ).one()
        eva = factories.make_worker(
            session, sealer, municipality=north, bsn=factories.TEST_BSNS[5], name=NAME, consultant=consultant
        )
        open_case(session, sealer, worker=eva, agency=agency, weeks=WEEKS)
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=eva.id,
            month=Month(2026, 1),
            amount=JANUARY_ADVANCE,
            paid_on=dt.date(2026, 1, 2),
            recorded_by="test",
        )
        compute(session, sealer, eva)
        return eva.id
