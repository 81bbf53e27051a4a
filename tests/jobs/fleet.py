"""Several made-up workers at several agencies with a few pushed weeks, for tests of concurrent consumers.

Each push is one outbox event per agency and week naming that week's pay records of all its workers, as
the agency gateway publishes them; the consumer fans it out into one event per worker, so every worker
has several events in the queue at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.jobs import kinds
from gateway.jobs.recompute_plan import DIGEST
from gateway.store import case_facts, outbox, pay_records
from gateway.store.models import Agency, MonthSettlement, WeekFigures, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.identifiers import is_valid_bsn
from tests.factories import (
    make_agency,
    make_enrollment,
    make_municipality,
    make_staff,
    make_submission,
    make_worker,
    new_pay_record,
)
from tests.jobs.scenario import PUSHED_AT, content


def made_up_bsns(count: int) -> list[str]:
    """`count` BSNs from the 9999 test range that pass the 11-check."""
    found: list[str] = []
    number = 999_900_000
    while len(found) < count:
        if is_valid_bsn(str(number)):
            found.append(str(number))
        number += 1
    return found


@dataclass(frozen=True)
class Fleet:
    """The seeded workers and agencies."""

    worker_ids: list[str]
    agencies: list[Agency]


def seed_fleet(
    session: Session,
    sealer: Sealer,
    *,
    workers: int,
    agencies: int,
    weeks: Sequence[dt.date],
    benefit_start: dt.date,
) -> Fleet:
    """`workers` workers on bijstand from `benefit_start`, each enrolled with one agency (every third
    with a second one too), and one pushed pay record per agency and week; committed."""
    municipality = make_municipality(session)
    consultant = make_staff(session, municipality=municipality)
    offices = [make_agency(session) for n in range(agencies)]
    enrolled: list[tuple[Worker, list[Agency]]] = []
    for n, bsn in enumerate(made_up_bsns(workers)):
        worker = make_worker(
            session, sealer, municipality=municipality, consultant=consultant, bsn=bsn, name=f"Werker {n}"
        )
        case_facts.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=benefit_start,
            valid_to=None,
            facts=CaseFacts(benefit_start=benefit_start, household_type=HouseholdType.SINGLE),
            recorded_by=consultant.id,
        )
        at = [offices[n % agencies]] + ([offices[(n + 1) % agencies]] if n % 3 == 0 and agencies > 1 else [])
        for agency in at:
            make_enrollment(session, worker=worker, agency=agency, valid_from=benefit_start)
        enrolled.append((worker, at))
    for number, monday in enumerate(weeks):
        for agency in offices:
            submission = make_submission(session, sealer, agency=agency)
            ids = []
            for n, (worker, at) in enumerate(enrolled):
                if agency not in at:
                    continue
                hours = 12 + (n + number) % 20
                record = new_pay_record(
                    agency=agency,
                    worker=worker,
                    submission=submission,
                    period_start=monday,
                    content=content(hours=f"{hours}.00", gross=f"{hours * 15}.00", net=f"{hours * 13}.00"),
                )
                ids.append(pay_records.append_first(session=session, sealer=sealer, record=record).id)
            outbox.publish(
                session=session,
                topic=kinds.PAY_RECORDS_RECEIVED,
                payload={"payRecordIds": ids},
                available_at=PUSHED_AT,
            )
    session.commit()
    return Fleet([worker.id for worker, _ in enrolled], offices)


def result_digests(session: Session) -> dict[tuple[str, str, str, int], Any]:
    """The result digest of every stored week and month version, by (worker, kind, period, version)."""
    digests: dict[tuple[str, str, str, int], Any] = {}
    for week in session.scalars(select(WeekFigures)):
        digests[(week.worker_id, "week", week.iso_week, week.version)] = week.inputs[DIGEST]
    for month in session.scalars(select(MonthSettlement)):
        digests[(month.worker_id, "month", month.month, month.version)] = month.inputs[DIGEST]
    return digests
