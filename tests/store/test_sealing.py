"""Encrypted columns through the Sealer: round trips, and values copied elsewhere do not decrypt."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.security.field_crypto import FieldCryptoError
from gateway.store import pay_records, workers
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from tests.factories import TEST_BSNS, make_agency, make_municipality, make_pay_record, make_worker


def _reloaded(session: Session, worker_id: str) -> Worker:
    session.expire_all()
    return session.scalars(select(Worker).where(Worker.id == worker_id)).one()


def test_personal_details_round_trip_and_hide_in_repr(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session), bsn=TEST_BSNS[1])
    details = workers.personal_details(sealer=sealer, worker=_reloaded(session, worker.id))
    assert (details.bsn, details.name, details.birth_date) == (
        TEST_BSNS[1],
        "Jan Testpersoon",
        dt.date(1990, 5, 17),
    )
    assert TEST_BSNS[1] not in repr(details)


def test_ciphertext_copied_to_another_row_fails_to_decrypt(session: Session, sealer: Sealer) -> None:
    municipality = make_municipality(session)
    first = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0])
    second = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[1])
    session.execute(update(Worker).where(Worker.id == second.id).values(bsn_encrypted=first.bsn_encrypted))
    with pytest.raises(FieldCryptoError, match="moved to another row or column"):
        sealer.get_text(_reloaded(session, second.id), "bsn_encrypted")
    assert sealer.get_text(_reloaded(session, first.id), "bsn_encrypted") == TEST_BSNS[0]


def test_ciphertext_copied_to_another_column_fails_to_decrypt(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    session.execute(update(Worker).where(Worker.id == worker.id).values(name_encrypted=worker.bsn_encrypted))
    with pytest.raises(FieldCryptoError):
        sealer.get_text(_reloaded(session, worker.id), "name_encrypted")


def test_pay_record_content_is_bound_to_its_row(session: Session, sealer: Sealer) -> None:
    municipality, agency = make_municipality(session), make_agency(session)
    worker = make_worker(session, sealer, municipality=municipality)
    first = make_pay_record(session, sealer, agency=agency, worker=worker)
    second = make_pay_record(session, sealer, agency=agency, worker=worker, period_start=dt.date(2026, 2, 9))
    assert pay_records.content(sealer=sealer, record=first)["net_wage"] == "451.37"
    with pytest.raises(FieldCryptoError):
        sealer.open_json(
            table="pay_record", column="content_encrypted", row_id=second.id, sealed=first.content_encrypted
        )


def test_only_encrypted_columns_can_be_sealed(session: Session, sealer: Sealer) -> None:
    worker = Worker(municipality_id="m", bsn_index="i")
    with pytest.raises(ValueError, match="not an encrypted column"):
        sealer.put_text(worker, "bsn_index", "999900006")
    sealer.put_text(worker, "bsn_encrypted", "999900006")
    assert worker.id is not None
    assert sealer.get_text(worker, "bsn_encrypted") == "999900006"
