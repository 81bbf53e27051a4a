"""The dry run's enrollment check judges records as the gateway does, and stores nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connectors.preflight import EnrollmentCheck
from gateway.store.db import Database
from gateway.store.models import PayRecord as PayRecordRow
from gateway.store.sealing import Sealer
from schemas.pay_record import PayRecord
from tests.ingest.conftest import make_agent
from tests.ingest.kit import record


def test_records_of_workers_not_enrolled_over_their_period_are_refused_as_the_gateway_would(
    session: Session, database: Database, sealer: Sealer
) -> None:
    agent = make_agent(session, sealer, bsns=("999900006",))
    session.commit()
    records = [
        PayRecord.model_validate(record("A-1")),
        # Enrolled from 2026-01-01: a week that starts in 2025 is not covered.
        PayRecord.model_validate(record("A-2", week_start=dt.date(2025, 12, 29))),
        PayRecord.model_validate(record("A-3", bsn="999900018")),
    ]
    check = EnrollmentCheck(database, sealer, agent.agency.id)

    outcome = check.send(records)

    assert (outcome.accepted, outcome.duplicates, check.checked) == (0, 0, 3)
    assert [(r.index, r.problems[0][:2]) for r in outcome.refused] == [
        (1, ("bsn", "worker_not_enrolled")),
        (2, ("bsn", "worker_not_enrolled")),
    ]
    assert session.scalar(select(func.count()).select_from(PayRecordRow)) == 0, "nothing is stored"
