"""The enrollment check of a push: one HMAC per record under the agency's own key and one statement,
however many municipalities the agency serves; an unknown BSN is refused exactly like one not enrolled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from gateway.ingest import coverage, rows
from gateway.store import enrollments
from gateway.store.models import Enrollment
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn
from schemas.pay_record import PayRecord
from tests import factories

MUNICIPALITIES = 40
JANUARY = dt.date(2026, 1, 5)


def _bsns(count: int) -> list[str]:
    found: list[str] = []
    number = 999_910_000
    while len(found) < count:
        if is_valid_bsn(str(number)):
            found.append(str(number))
        number += 1
    return found


def _record(bsn: str, n: int) -> PayRecord:
    return PayRecord.model_validate(
        {
            "recordId": f"LS-{n}",
            "bsn": bsn,
            "periodType": "week",
            "periodStart": JANUARY.isoformat(),
            "periodEnd": (JANUARY + dt.timedelta(days=6)).isoformat(),
            "payDate": (JANUARY + dt.timedelta(days=11)).isoformat(),
            "hours": "20.00",
            "grossWage": "300.00",
            "netWage": "250.00",
        }
    )


class Counter:
    """Counts the HMACs of the enrollment check (by wrapping the real function) and the SQL statements."""

    def __init__(self) -> None:
        self.hmacs = 0
        self.statements: list[str] = []


@pytest.fixture
def counted(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter]:
    counter = Counter()
    real = rows.bsn_index

    def counting(bsn: str, key: bytes) -> str:
        counter.hmacs += 1
        return real(bsn, key)

    monkeypatch.setattr(rows, "bsn_index", counting)
    engine = session.get_bind()

    def statement(*args: object) -> None:
        counter.statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", statement)
    yield counter
    event.remove(engine, "before_cursor_execute", statement)


def _agency_in_many_municipalities(
    session: Session, sealer: Sealer, *, indexed: bool
) -> tuple[str, list[str]]:
    agency = factories.make_agency(session)
    bsns = _bsns(MUNICIPALITIES)
    for bsn in bsns:
        worker = factories.make_worker(
            session, sealer, municipality=factories.make_municipality(session), bsn=bsn
        )
        enrollments.enroll(
            session=session,
            worker_id=worker.id,
            agency_id=agency.id,
            valid_from=dt.date(2025, 1, 1),
            sealer=sealer if indexed else None,
        )
    session.flush()
    return agency.id, bsns


def test_a_push_costs_one_hmac_per_record_and_one_statement_whatever_the_municipalities(
    session: Session, sealer: Sealer, counted: Counter
) -> None:
    agency_id, bsns = _agency_in_many_municipalities(session, sealer, indexed=True)
    records = [_record(bsn, n) for n, bsn in enumerate(bsns)]
    counted.hmacs, counted.statements = 0, []

    found = coverage.enrolled_workers(session, sealer, agency_id, records)

    assert counted.hmacs == len(records)
    assert len(counted.statements) == 1
    assert sorted(found) == sorted(bsns)
    assert all(isinstance(coverage.worker_for(r, n, found), str) for n, r in enumerate(records))


def test_enrollments_without_an_index_are_indexed_once_by_the_first_push(
    session: Session, sealer: Sealer, counted: Counter
) -> None:
    agency_id, bsns = _agency_in_many_municipalities(session, sealer, indexed=False)
    records = [_record(bsn, n) for n, bsn in enumerate(bsns)]
    counted.statements = []

    first = coverage.enrolled_workers(session, sealer, agency_id, records)
    filling = len(counted.statements)
    counted.statements = []
    second = coverage.enrolled_workers(session, sealer, agency_id, records)

    assert first == second
    assert sorted(first) == sorted(bsns)
    # The lookup and the one UPDATE of the new indexes; afterwards the lookup alone.
    assert (filling, len(counted.statements)) == (2, 1)
    stored = session.execute(
        select(Enrollment.bsn_index, Enrollment.bsn_index_kid).where(Enrollment.agency_id == agency_id)
    ).all()
    expected = {sealer.keyring.enrollment_index(bsn, agency_id=agency_id) for bsn in bsns}
    assert {index for index, _ in stored} == expected
    assert {kid for _, kid in stored} == {sealer.keyring.active_index_kid}
    # A keyed hash, never the number itself.
    assert not any(bsn in index for index, _ in stored for bsn in bsns)


def test_an_unknown_bsn_is_refused_exactly_like_one_enrolled_elsewhere(
    session: Session, sealer: Sealer
) -> None:
    agency, other = factories.make_agency(session), factories.make_agency(session)
    municipality = factories.make_municipality(session)
    enrolled, elsewhere, unknown = _bsns(3)
    for bsn, at in ((enrolled, agency), (elsewhere, other)):
        worker = factories.make_worker(session, sealer, municipality=municipality, bsn=bsn)
        enrollments.enroll(
            session=session,
            worker_id=worker.id,
            agency_id=at.id,
            valid_from=dt.date(2025, 1, 1),
            sealer=sealer,
        )
    records = [_record(enrolled, 0), _record(elsewhere, 1), _record(unknown, 2)]

    found = coverage.enrolled_workers(session, sealer, agency.id, records)
    verdicts = [coverage.worker_for(record, n, found) for n, record in enumerate(records)]

    assert isinstance(verdicts[0], str)
    refused = [verdict for verdict in verdicts[1:] if not isinstance(verdict, str)]
    assert [(p.code, p.reason) for p in refused] == [(refused[0].code, refused[0].reason)] * 2
    assert refused[0].code == "worker_not_enrolled"
