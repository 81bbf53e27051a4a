"""Ingestion queries: the PostgreSQL array literal survives any text, lookups find what they should."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.ingest import repository
from gateway.store import enrollments, per_value
from gateway.store.sealing import Sealer
from tests import factories


@pytest.mark.postgres_only
def test_the_array_literal_round_trips_awkward_text(session: Session) -> None:
    values = ['a"b', "c\\d", "e,f", "{g}", "h i", "NULL", "", "ë€"]

    back = session.scalars(select(func.unnest(per_value.pg_array(values)))).all()

    assert back == values


def test_enrollments_are_found_by_agency_index_for_this_agency_only(session: Session, sealer: Sealer) -> None:
    agency, other = factories.make_agency(session), factories.make_agency(session)
    municipality = factories.make_municipality(session)
    worker = factories.make_worker(session, sealer, municipality=municipality, bsn="999900043")
    mine = enrollments.enroll(
        session=session,
        worker_id=worker.id,
        agency_id=agency.id,
        valid_from=dt.date(2026, 1, 1),
        sealer=sealer,
    )
    enrollments.enroll(
        session=session,
        worker_id=worker.id,
        agency_id=other.id,
        valid_from=dt.date(2025, 1, 1),
        sealer=sealer,
    )
    index = sealer.keyring.enrollment_index("999900043", agency_id=agency.id)

    found = repository.enrollments_by_agency_index(
        session, agency_id=agency.id, bsn_indexes=[index, "onbekend"]
    )

    assert found == [
        repository.AgencyEnrollment(
            mine.id, index, sealer.keyring.active_index_kid, worker.id, dt.date(2026, 1, 1), None, None
        )
    ]
    assert index != sealer.keyring.enrollment_index("999900043", agency_id=other.id)
    assert index != sealer.keyring.bsn_index("999900043", municipality_id=municipality.id)
    assert repository.enrollments_by_agency_index(session, agency_id=agency.id, bsn_indexes=[]) == []


def test_enrollments_without_an_index_come_back_with_the_sealed_bsn(session: Session, sealer: Sealer) -> None:
    agency = factories.make_agency(session)
    worker = factories.make_worker(session, sealer, municipality=factories.make_municipality(session))
    enrollment = factories.make_enrollment(
        session, worker=worker, agency=agency, valid_from=dt.date(2026, 1, 1)
    )

    found = repository.enrollments_by_agency_index(session, agency_id=agency.id, bsn_indexes=["onbekend"])

    assert [(f.id, f.bsn_index, f.sealed_bsn) for f in found] == [(enrollment.id, None, worker.bsn_encrypted)]


def test_ledger_entries_say_whether_a_version_is_current(session: Session, sealer: Sealer) -> None:
    agency = factories.make_agency(session)
    municipality = factories.make_municipality(session)
    worker = factories.make_worker(session, sealer, municipality=municipality)
    first = factories.make_pay_record(session, sealer, agency=agency, worker=worker)
    from gateway.store import pay_records

    correction = pay_records.append_correction(
        session=session,
        sealer=sealer,
        previous=first,
        record=factories.new_pay_record(
            agency=agency, worker=worker, submission=factories.make_submission(session, sealer, agency=agency)
        ),
    )

    entries = repository.entries_by_record_id(
        session, agency_id=agency.id, record_ids=[first.record_id, correction.record_id]
    )

    assert entries[first.record_id].current is False
    assert entries[correction.record_id].current is True
    assert entries[correction.record_id].supersedes_id == first.id
    current = repository.current_entries_for_workers(
        session,
        agency_id=agency.id,
        worker_ids=[worker.id],
        first_start=dt.date(2026, 1, 1),
        last_start=dt.date(2026, 12, 31),
    )
    assert [e.record_id for e in current] == [correction.record_id]
    together = repository.ledger_entries(
        session,
        agency_id=agency.id,
        record_ids=[first.record_id, correction.record_id, "onbekend"],
        worker_ids=[worker.id, "onbekend"],
        first_start=dt.date(2026, 1, 1),
        last_start=dt.date(2026, 12, 31),
    )
    assert together == (entries, current)
    assert repository.ledger_entries(
        session,
        agency_id=agency.id,
        record_ids=["onbekend"],
        worker_ids=[],
        first_start=dt.date(2026, 1, 1),
        last_start=dt.date(2026, 12, 31),
    ) == ({}, [])
