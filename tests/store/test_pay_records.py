"""The pay ledger: versions, corrections, current versions, duplicates by digest."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.store import pay_records
from gateway.store.models import Agency, Worker
from gateway.store.sealing import Sealer
from tests.factories import (
    make_agency,
    make_municipality,
    make_submission,
    make_worker,
    new_pay_record,
    pay_content,
)


@pytest.fixture
def parties(session: Session, sealer: Sealer) -> tuple[Agency, Worker]:
    """An agency and a worker."""
    return make_agency(session), make_worker(session, sealer, municipality=make_municipality(session))


def test_first_version_and_corrections_form_one_lineage(
    session: Session, sealer: Sealer, parties: tuple[Agency, Worker]
) -> None:
    agency, worker = parties
    submission = make_submission(session, sealer, agency=agency)
    first = pay_records.append_first(
        session=session,
        sealer=sealer,
        record=new_pay_record(agency=agency, worker=worker, submission=submission),
    )
    assert (first.version, first.lineage_id, first.supersedes_id) == (1, first.id, None)
    second = pay_records.append_correction(
        session=session,
        sealer=sealer,
        previous=first,
        record=new_pay_record(
            agency=agency, worker=worker, submission=submission, content=pay_content(net="460.00")
        ),
    )
    third = pay_records.append_correction(
        session=session,
        sealer=sealer,
        previous=second,
        record=new_pay_record(
            agency=agency, worker=worker, submission=submission, content=pay_content(net="470.00")
        ),
    )
    assert (third.version, third.lineage_id, third.supersedes_id) == (3, first.id, second.id)
    assert [r.id for r in pay_records.versions(session=session, lineage_id=first.id)] == [
        first.id,
        second.id,
        third.id,
    ]
    assert pay_records.current_version(session=session, lineage_id=first.id).id == third.id
    assert [r.id for r in pay_records.current_for_worker(session=session, worker_id=worker.id)] == [third.id]
    assert pay_records.content(sealer=sealer, record=first)["net_wage"] == "451.37"
    assert pay_records.content(sealer=sealer, record=third)["net_wage"] == "470.00"


def test_a_version_cannot_be_superseded_twice(
    session: Session, sealer: Sealer, parties: tuple[Agency, Worker]
) -> None:
    agency, worker = parties
    submission = make_submission(session, sealer, agency=agency)
    first = pay_records.append_first(
        session=session,
        sealer=sealer,
        record=new_pay_record(agency=agency, worker=worker, submission=submission),
    )
    record = new_pay_record(agency=agency, worker=worker, submission=submission)
    pay_records.append_correction(session=session, sealer=sealer, previous=first, record=record)
    with pytest.raises(IntegrityError), session.begin_nested():
        pay_records.append_correction(
            session=session,
            sealer=sealer,
            previous=first,
            record=new_pay_record(agency=agency, worker=worker, submission=submission),
        )


def test_record_id_is_unique_per_agency(
    session: Session, sealer: Sealer, parties: tuple[Agency, Worker]
) -> None:
    agency, worker = parties
    record = new_pay_record(
        agency=agency, worker=worker, submission=make_submission(session, sealer, agency=agency)
    )
    pay_records.append_first(session=session, sealer=sealer, record=record)
    with pytest.raises(IntegrityError), session.begin_nested():
        pay_records.append_first(session=session, sealer=sealer, record=record)
    other = make_agency(session)
    same_id = dataclasses.replace(
        record, agency_id=other.id, submission_id=make_submission(session, sealer, agency=other).id
    )
    pay_records.append_first(session=session, sealer=sealer, record=same_id)


def test_correction_from_another_agency_is_refused(
    session: Session, sealer: Sealer, parties: tuple[Agency, Worker]
) -> None:
    agency, worker = parties
    first = pay_records.append_first(
        session=session,
        sealer=sealer,
        record=new_pay_record(
            agency=agency, worker=worker, submission=make_submission(session, sealer, agency=agency)
        ),
    )
    other = make_agency(session)
    record = new_pay_record(
        agency=other, worker=worker, submission=make_submission(session, sealer, agency=other)
    )
    with pytest.raises(ValueError, match="agency"):
        pay_records.append_correction(session=session, sealer=sealer, previous=first, record=record)


def test_digest_recognises_the_same_content_only(
    session: Session, sealer: Sealer, parties: tuple[Agency, Worker]
) -> None:
    agency, worker = parties
    one = new_pay_record(
        agency=agency,
        worker=worker,
        submission=make_submission(session, sealer, agency=agency),
        record_id="A",
    )
    same = dataclasses.replace(one, record_id="B", submission_id="another submission")
    changed = dataclasses.replace(one, content={**one.content, "net_wage": Decimal("451.38")})
    digest = pay_records.record_digest(keyring=sealer.keyring, record=one)
    assert digest == pay_records.record_digest(keyring=sealer.keyring, record=same)
    assert digest != pay_records.record_digest(keyring=sealer.keyring, record=changed)


def test_bulk_append_and_lookups(session: Session, sealer: Sealer, parties: tuple[Agency, Worker]) -> None:
    agency, worker = parties
    submission = make_submission(session, sealer, agency=agency)
    first = pay_records.append_first(
        session=session,
        sealer=sealer,
        record=new_pay_record(agency=agency, worker=worker, submission=submission, record_id="W-01"),
    )
    items = [
        (new_pay_record(agency=agency, worker=worker, submission=submission, record_id="W-01c"), first),
        *(
            (
                new_pay_record(
                    agency=agency,
                    worker=worker,
                    submission=submission,
                    record_id=f"W-{week:02d}",
                    period_start=dt.date(2026, 2, 2) + dt.timedelta(weeks=week - 1),
                ),
                None,
            )
            for week in range(2, 6)
        ),
    ]
    ids = pay_records.append_many(session=session, sealer=sealer, items=items)
    assert len(ids) == 5
    found = pay_records.find_many(
        session=session, agency_id=agency.id, record_ids=["W-01", "W-01c", "W-05", "nope"]
    )
    assert set(found) == {"W-01", "W-01c", "W-05"}
    assert found["W-01c"].version == 2
    assert pay_records.content(sealer=sealer, record=found["W-05"])["hours"] == "32.00"
    current = pay_records.current_for_worker(
        session=session, worker_id=worker.id, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 15)
    )
    assert [r.record_id for r in current] == ["W-01c", "W-02"]
    same_period = pay_records.current_for_period(
        session=session,
        agency_id=agency.id,
        worker_id=worker.id,
        period_start=dt.date(2026, 2, 2),
        period_end=dt.date(2026, 2, 8),
    )
    assert [r.record_id for r in same_period] == ["W-01c"]
    found_one = pay_records.find(session=session, agency_id=agency.id, record_id="W-03")
    assert found_one is not None
    assert found_one.period_start == dt.date(2026, 2, 16)
    assert "451.37" not in repr(items[0][0])


def test_digest_is_the_content_digest_of_the_documented_document(
    session: Session, sealer: Sealer, parties: tuple[Agency, Worker]
) -> None:
    agency, worker = parties
    record = new_pay_record(
        agency=agency, worker=worker, submission=make_submission(session, sealer, agency=agency)
    )
    document = {
        "content": dict(record.content),
        "pay_date": record.pay_date,
        "period_end": record.period_end,
        "period_start": record.period_start,
        "period_type": record.period_type,
    }
    assert pay_records.record_digest(keyring=sealer.keyring, record=record) == sealer.keyring.content_digest(
        document
    )
    stored = pay_records.append_first(session=session, sealer=sealer, record=record)
    assert stored.content_digest == sealer.keyring.content_digest(document)
