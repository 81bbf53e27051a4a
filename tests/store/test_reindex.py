"""Rotating the blind-index and digest keys: reads accept both keys meanwhile, `reindex` moves every
row to the new keys in batches, and afterwards the old keys can go."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from gateway.security import keyring as keyrings
from gateway.security.keyring import LEGACY_INDEX_KID, Keyring
from gateway.store import case_facts, enrollments, idempotency, pay_records, reindex, workers
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.models import BenefitCaseFact, Enrollment, Municipality, PayRecord, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from tests.factories import TEST_BSNS, make_agency, make_municipality, make_pay_record, make_worker


def _seed(session: Session, sealer: Sealer) -> Municipality:
    municipality, agency = make_municipality(session), make_agency(session)
    people = [make_worker(session, sealer, municipality=municipality, bsn=bsn) for bsn in TEST_BSNS[:3]]
    for number, worker in enumerate(people):
        # Two enrollments indexed under the agency's key when made, one left for a push or reindex to fill.
        enrollments.enroll(
            session=session,
            worker_id=worker.id,
            agency_id=agency.id,
            valid_from=dt.date(2026, 1, 1),
            sealer=sealer if number else None,
        )
        for week in range(2):
            make_pay_record(
                session, sealer, agency=agency, worker=worker, period_start=dt.date(2026, 2, 2 + 7 * week)
            )
    couple = CaseFacts(
        benefit_start=dt.date(2026, 1, 1),
        household_type=HouseholdType.COUPLE,
        partner_birth_date=dt.date(1991, 8, 2),
        partner_bsn=TEST_BSNS[1],
    )
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=people[0].id,
        valid_from=dt.date(2026, 1, 1),
        valid_to=None,
        facts=couple,
        recorded_by="test",
    )
    session.commit()
    return municipality


def _found(session: Session, sealer: Sealer, municipality: Municipality) -> list[str | None]:
    return [
        getattr(
            workers.find_by_bsn(session=session, sealer=sealer, municipality_id=municipality.id, bsn=bsn),
            "id",
            None,
        )
        for bsn in TEST_BSNS[:3]
    ]


def test_rotating_index_and_digest_keys_then_reindexing(
    session: Session, session_factory: sessionmaker[Session], keyring: Keyring
) -> None:
    municipality = _seed(session, Sealer(keyring))
    before = _found(session, Sealer(keyring), municipality)
    rotated = Sealer(keyring.rotated_index().rotated_digest())
    assert rotated.keyring.active_index_kid != keyring.active_index_kid
    assert rotated.keyring.active_digest_kid != keyring.active_digest_kid

    # During the rotation the old rows are still found, and a new worker is indexed under the new key.
    assert _found(session, rotated, municipality) == before
    assert reindex.pending(session=session, sealer=rotated) == {
        "worker.bsn_index": 3,
        "benefit_case_fact.partner_bsn_index": 1,
        "enrollment.bsn_index": 3,
        "pay_record.content_digest": 6,
    }
    newcomer = make_worker(session, rotated, municipality=municipality, bsn=TEST_BSNS[3])
    assert newcomer.bsn_index_kid == rotated.keyring.active_index_kid
    session.commit()

    progress: list[reindex.Progress] = []
    moved = reindex.reindex_all(
        sessions=session_factory, sealer=rotated, batch_size=2, on_progress=progress.append
    )

    assert moved == 13
    assert [step.done for step in progress if step.column == "pay_record.content_digest"] == [2, 4, 6]
    session.expire_all()
    assert set(reindex.pending(session=session, sealer=rotated).values()) == {0}
    # Only the new index and digest keys are needed from now on.
    retired = Sealer(rotated.keyring.retired())
    assert set(retired.keyring.index_keys) == {rotated.keyring.active_index_kid}
    assert _found(session, retired, municipality) == before
    fact = session.scalars(
        select(BenefitCaseFact).where(BenefitCaseFact.partner_bsn_index.is_not(None))
    ).one()
    assert fact.partner_bsn_index == retired.keyring.bsn_index(TEST_BSNS[1], municipality_id=municipality.id)
    indexed = session.execute(
        select(Enrollment.agency_id, Enrollment.bsn_index, Enrollment.bsn_index_kid, Worker.bsn_index)
        .join(Worker, Worker.id == Enrollment.worker_id)
        .order_by(Worker.bsn_index)
    ).all()
    expected = sorted(
        (
            (agency_id, retired.keyring.enrollment_index(bsn, agency_id=agency_id), kid, worker_index)
            for agency_id, _, kid, worker_index in indexed
            for bsn in TEST_BSNS[:3]
            if retired.keyring.bsn_index(bsn, municipality_id=municipality.id) == worker_index
        ),
        key=lambda row: row[3],
    )
    assert [tuple(row) for row in indexed] == expected
    assert {kid for _, _, kid, _ in indexed} == {retired.keyring.active_index_kid}
    for record in session.scalars(select(PayRecord)):
        document = pay_records.digest_document(
            content_json=retired.get_text(record, "content_encrypted").encode(),
            period_type=record.period_type,
            period_start=record.period_start,
            period_end=record.period_end,
            pay_date=record.pay_date,
        )
        assert (record.content_digest_kid, record.content_digest) == (
            retired.keyring.active_digest_kid,
            retired.keyring.digest(document),
        )


def test_a_format_1_keyring_reads_installation_wide_indexes_until_they_are_reindexed(
    session: Session, session_factory: sessionmaker[Session], key_dir: Path
) -> None:
    index_key, digest_key = b"i" * 32, b"d" * 32
    field = keyrings.generate()
    document = {
        "format": "loonbrug-keyring/1",
        "active_field_key": field.active_kid,
        "field_keys": [{"kid": kid, "key": keyrings._b64(key)} for kid, key in field.field_keys.items()],
        "blind_index_key": keyrings._b64(index_key),
        "digest_key": keyrings._b64(digest_key),
    }
    keyring = keyrings.from_json(json.dumps(document))
    sealer = Sealer(keyring)
    municipality = make_municipality(session)
    worker = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0])
    # As the migration leaves a row made before per-municipality keys: one index for every municipality.
    legacy = hmac.new(index_key, b"bsn\x1f" + TEST_BSNS[0].encode(), hashlib.sha256).hexdigest()
    session.execute(
        update(Worker).where(Worker.id == worker.id).values(bsn_index=legacy, bsn_index_kid=LEGACY_INDEX_KID)
    )
    session.commit()

    assert workers.find_by_bsn(
        session=session, sealer=sealer, municipality_id=municipality.id, bsn=TEST_BSNS[0]
    )
    assert reindex.reindex_all(sessions=session_factory, sealer=sealer) == 1
    session.expire_all()
    assert worker.bsn_index == keyring.bsn_index(TEST_BSNS[0], municipality_id=municipality.id) != legacy
    again = keyrings.from_json(keyrings.to_json(keyring))
    assert again.index_kids == (keyring.active_index_kid, LEGACY_INDEX_KID)
    assert keyring.retired().index_kids == (keyring.active_index_kid,)


def test_pay_record_keeps_its_other_columns_fixed_under_reindexing(session: Session, sealer: Sealer) -> None:
    municipality, agency = make_municipality(session), make_agency(session)
    record = make_pay_record(
        session, sealer, agency=agency, worker=make_worker(session, sealer, municipality=municipality)
    )
    session.commit()
    with maintenance(session, MaintenanceMode.REENCRYPT):
        session.execute(
            update(PayRecord)
            .where(PayRecord.id == record.id)
            .values(content_digest="0" * 64, content_digest_kid="d1")
        )
        with pytest.raises(DatabaseError, match="alleen-toevoegen"), session.begin_nested():
            session.execute(
                text("UPDATE pay_record SET pay_date = period_start WHERE id = :id"), {"id": record.id}
            )


def test_the_old_digest_key_stays_while_idempotency_keys_claimed_under_it_are_kept(
    session: Session, keyring: Keyring
) -> None:
    agency = make_agency(session)
    claimed = idempotency.start(
        session=session, agency_id=agency.id, key="sleutel-1", request_digest="0" * 64
    )
    claimed.created_at = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    session.flush()

    assert reindex.idempotency_waiting(session=session, sealer=Sealer(keyring)) == 0
    rotated = Sealer(keyring.rotated_digest(now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)))
    assert reindex.idempotency_waiting(session=session, sealer=rotated) == 1
    claimed.created_at = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    session.flush()
    assert reindex.idempotency_waiting(session=session, sealer=rotated) == 0
