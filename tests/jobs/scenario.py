"""A made-up worker with a benefit case, an agency and pushed pay records, as the jobs tests need them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from gateway.jobs import kinds
from gateway.store import advances, case_facts, outbox, pay_records
from gateway.store.models import Agency, Municipality, PayRecord, StaffMember, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import DisregardGrant, HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests.factories import (
    make_agency,
    make_enrollment,
    make_municipality,
    make_staff,
    make_submission,
    make_worker,
    new_pay_record,
)


def content(
    *,
    hours: str = "20.00",
    gross: str = "400.00",
    net: str = "350.00",
    ytd_gross: str | None = None,
    ytd_net: str | None = None,
) -> dict[str, Any]:
    """The stored content of a weekly pay record (as the agency gateway stores it)."""
    document: dict[str, Any] = {
        "hours": Decimal(hours),
        "gross_wage": Decimal(gross),
        "wage_tax": Decimal("30.00"),
        "employee_premiums": Decimal(gross) - Decimal(net) - Decimal("30.00"),
        "net_wage": Decimal(net),
    }
    if ytd_gross is not None:
        document["ytd_gross"] = Decimal(ytd_gross)
    if ytd_net is not None:
        document["ytd_net"] = Decimal(ytd_net)
    return document


PUSHED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""When the tests' outbox events become due: before every test's `now` (the real clock may be later)."""


@dataclass
class Scenario:
    """The parties of one test and helpers to push records the way the agency gateway does."""

    session: Session
    sealer: Sealer
    municipality: Municipality
    agency: Agency
    consultant: StaffMember
    worker: Worker

    def push(
        self,
        period_start: dt.date,
        *,
        pay_date: dt.date | None = None,
        days: int = 7,
        period_type: str = "week",
        agency: Agency | None = None,
        **amounts: str,
    ) -> PayRecord:
        """Store a first version and its outbox event, as one push transaction would."""
        agency = agency or self.agency
        record = new_pay_record(
            agency=agency,
            worker=self.worker,
            submission=make_submission(self.session, self.sealer, agency=agency),
            period_start=period_start,
            content=content(**amounts),
        )
        record = replace(
            record,
            period_type=period_type,
            period_end=period_start + dt.timedelta(days=days - 1),
            pay_date=pay_date or period_start + dt.timedelta(days=days + 4),
        )
        row = pay_records.append_first(session=self.session, sealer=self.sealer, record=record)
        outbox.publish(
            session=self.session,
            topic=kinds.PAY_RECORDS_RECEIVED,
            payload={"payRecordIds": [row.id]},
            available_at=PUSHED_AT,
        )
        self.session.commit()
        return row

    def correct(self, previous: PayRecord, **amounts: str) -> PayRecord:
        """Store a correction of `previous` with other amounts, and its outbox event."""
        record = pay_records.NewPayRecord(
            agency_id=previous.agency_id,
            worker_id=previous.worker_id,
            record_id=f"{previous.record_id}-C{previous.version + 1}",
            submission_id=make_submission(self.session, self.sealer, agency=self.agency).id,
            period_type=previous.period_type,
            period_start=previous.period_start,
            period_end=previous.period_end,
            pay_date=previous.pay_date,
            content=content(**amounts),
        )
        row = pay_records.append_correction(
            session=self.session, sealer=self.sealer, previous=previous, record=record
        )
        outbox.publish(
            session=self.session,
            topic=kinds.PAY_RECORDS_RECEIVED,
            payload={"payRecordIds": [row.id]},
            available_at=PUSHED_AT,
        )
        self.session.commit()
        return row

    def advance(self, month: Month, amount: str) -> None:
        """Record the advance paid for a month."""
        advances.record(
            session=self.session,
            sealer=self.sealer,
            worker_id=self.worker.id,
            month=month,
            amount=Decimal(amount),
            paid_on=month.first_day,
            recorded_by=self.consultant.id,
        )
        self.session.commit()


def build_scenario(
    session: Session,
    sealer: Sealer,
    *,
    benefit_start: dt.date,
    disregards: list[DisregardGrant] | None = None,
    birth_date: dt.date = dt.date(1990, 5, 17),
    webhook_url: str | None = None,
    enrolled_from: dt.date | None = None,
) -> Scenario:
    """A single worker on bijstand from `benefit_start`, enrolled with one agency from then."""
    municipality = make_municipality(session)
    agency = make_agency(session, webhook_url=webhook_url)
    consultant = make_staff(session, municipality=municipality)
    worker = make_worker(
        session, sealer, municipality=municipality, consultant=consultant, birth_date=birth_date
    )
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        valid_from=benefit_start,
        valid_to=None,
        facts=CaseFacts(
            benefit_start=benefit_start, household_type=HouseholdType.SINGLE, disregards=disregards or []
        ),
        recorded_by=consultant.id,
    )
    make_enrollment(session, worker=worker, agency=agency, valid_from=enrolled_from or benefit_start)
    return Scenario(session, sealer, municipality, agency, consultant, worker)
