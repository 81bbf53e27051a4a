"""Enrollments: coverage of a period, and the bulk lookup by blind index used by ingestion."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from gateway.store import enrollments
from gateway.store.sealing import Sealer
from tests.factories import make_agency, make_enrollment, make_municipality, make_worker

D = dt.date


def test_coverage_over_consecutive_enrollments_but_not_gaps(session: Session, sealer: Sealer) -> None:
    agency = make_agency(session)
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    make_enrollment(session, worker=worker, agency=agency, valid_from=D(2026, 1, 1), valid_to=D(2026, 1, 31))
    make_enrollment(session, worker=worker, agency=agency, valid_from=D(2026, 2, 1), valid_to=D(2026, 2, 28))
    make_enrollment(session, worker=worker, agency=agency, valid_from=D(2026, 3, 10))

    def enrolled(start: dt.date, end: dt.date) -> bool:
        return enrollments.is_enrolled(
            session=session, worker_id=worker.id, agency_id=agency.id, start=start, end=end
        )

    assert enrolled(D(2026, 1, 26), D(2026, 2, 1))
    assert enrolled(D(2026, 2, 23), D(2026, 2, 28))
    assert not enrolled(D(2026, 2, 23), D(2026, 3, 1))
    assert not enrolled(D(2026, 3, 9), D(2026, 3, 15))
    assert enrolled(D(2026, 3, 10), D(2030, 1, 1))
    assert not enrolled(D(2025, 12, 29), D(2026, 1, 4))
    other = make_agency(session)
    assert not enrollments.is_enrolled(
        session=session, worker_id=worker.id, agency_id=other.id, start=D(2026, 1, 5), end=D(2026, 1, 11)
    )


def test_ending_an_enrollment(session: Session, sealer: Sealer) -> None:
    agency = make_agency(session)
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    enrollment = make_enrollment(session, worker=worker, agency=agency, valid_from=D(2026, 1, 1))
    enrollments.end(session=session, enrollment=enrollment, valid_to=D(2026, 6, 30))
    assert enrollments.for_worker(session=session, worker_id=worker.id)[0].valid_to == D(2026, 6, 30)
    with pytest.raises(ValueError, match="before"):
        enrollments.end(session=session, enrollment=enrollment, valid_to=D(2025, 12, 31))
    with pytest.raises(ValueError, match="before"):
        make_enrollment(
            session, worker=worker, agency=agency, valid_from=D(2026, 2, 1), valid_to=D(2026, 1, 1)
        )
