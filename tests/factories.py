"""Small factories for test data. Every person is made up; BSNs come from the 9999xxxxx test range."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from gateway.store import agencies, enrollments, municipalities, pay_records, staff, submissions, workers
from gateway.store.base import utcnow
from gateway.store.models import Agency, Enrollment, Municipality, PayRecord, StaffMember, Submission, Worker
from gateway.store.sealing import Sealer

TEST_BSNS = (
    "999900006",
    "999900018",
    "999900031",
    "999900043",
    "999900055",
    "999900067",
    "999900079",
    "999900080",
    "999900092",
    "999900109",
    "999900110",
    "999900122",
)
"""Test BSNs that pass the 11-check."""

_sequence = itertools.count(1)


def make_municipality(
    session: Session, *, name: str | None = None, policy: Mapping[str, Any] | None = None
) -> Municipality:
    """A municipality with a unique made-up CBS code."""
    number = next(_sequence)
    return municipalities.create(
        session=session,
        cbs_code=f"GM{9000 + number % 1000:04d}",
        name=name or f"Testgemeente {number}",
        policy=policy,
    )


def make_agency(
    session: Session,
    *,
    name: str | None = None,
    webhook_url: str | None = None,
    municipality: Municipality | None = None,
) -> Agency:
    """An agency with a unique client id, managed by `municipality` (default: the platform operator)."""
    number = next(_sequence)
    return agencies.create(
        session=session,
        name=name or f"Uitzendbureau {number}",
        client_id=f"agency-{number}",
        webhook_url=webhook_url,
        managed_by_municipality_id=None if municipality is None else municipality.id,
    )


def make_staff(
    session: Session, *, municipality: Municipality, roles: tuple[str, ...] = ("consultant",)
) -> StaffMember:
    """A staff member of `municipality`."""
    number = next(_sequence)
    return staff.create(
        session=session,
        municipality_id=municipality.id,
        subject=f"staff-{number}",
        display_name=f"Consulent {number}",
        roles=roles,
    )


def make_worker(
    session: Session,
    sealer: Sealer,
    *,
    municipality: Municipality,
    bsn: str = TEST_BSNS[0],
    name: str = "Jan Testpersoon",
    birth_date: dt.date = dt.date(1990, 5, 17),
    consultant: StaffMember | None = None,
) -> Worker:
    """A worker in `municipality` with a test BSN."""
    return workers.create(
        session=session,
        sealer=sealer,
        municipality_id=municipality.id,
        bsn=bsn,
        name=name,
        birth_date=birth_date,
        consultant_id=consultant.id if consultant else None,
    )


def make_enrollment(
    session: Session,
    *,
    worker: Worker,
    agency: Agency,
    valid_from: dt.date = dt.date(2026, 1, 1),
    valid_to: dt.date | None = None,
) -> Enrollment:
    """An enrollment of `worker` with `agency`."""
    return enrollments.enroll(
        session=session, worker_id=worker.id, agency_id=agency.id, valid_from=valid_from, valid_to=valid_to
    )


def make_submission(
    session: Session, sealer: Sealer, *, agency: Agency, envelope: str = "eyJ0ZXN0Ijp0cnVlfQ"
) -> Submission:
    """A submission of `agency` with a placeholder envelope."""
    return submissions.create(
        session=session,
        sealer=sealer,
        agency_id=agency.id,
        message_id=f"message-{next(_sequence):08d}",
        message_created_at=utcnow(),
        envelope=envelope,
    )


def pay_content(*, hours: str = "32.00", gross: str = "520.00", net: str = "451.37") -> dict[str, Decimal]:
    """The encrypted part of a pay record: hours and amounts."""
    return {
        "hours": Decimal(hours),
        "gross_wage": Decimal(gross),
        "wage_tax": Decimal("41.60"),
        "employee_premiums": Decimal("27.03"),
        "net_wage": Decimal(net),
        "holiday_pay_accrued": Decimal("41.60"),
    }


def new_pay_record(
    *,
    agency: Agency,
    worker: Worker,
    submission: Submission,
    record_id: str | None = None,
    period_start: dt.date = dt.date(2026, 2, 2),
    content: Mapping[str, Any] | None = None,
) -> pay_records.NewPayRecord:
    """A weekly pay record (Monday to Sunday from `period_start`), not yet stored."""
    return pay_records.NewPayRecord(
        agency_id=agency.id,
        worker_id=worker.id,
        record_id=record_id or f"LS-{next(_sequence):06d}",
        submission_id=submission.id,
        period_type="week",
        period_start=period_start,
        period_end=period_start + dt.timedelta(days=6),
        pay_date=period_start + dt.timedelta(days=11),
        content=content or pay_content(),
    )


def make_pay_record(
    session: Session,
    sealer: Sealer,
    *,
    agency: Agency,
    worker: Worker,
    submission: Submission | None = None,
    period_start: dt.date = dt.date(2026, 2, 2),
    content: Mapping[str, Any] | None = None,
) -> PayRecord:
    """A stored first version of a weekly pay record."""
    record = new_pay_record(
        agency=agency,
        worker=worker,
        submission=submission or make_submission(session, sealer, agency=agency),
        period_start=period_start,
        content=content,
    )
    return pay_records.append_first(session=session, sealer=sealer, record=record)
