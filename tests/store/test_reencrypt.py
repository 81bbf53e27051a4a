"""Key rotation followed by re-encryption: every value still decrypts, now under the new key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gateway.security.field_crypto import key_id_of
from gateway.security.keyring import Keyring
from gateway.store import advances, audit, benefit_cases, pay_records, reencrypt, workers
from gateway.store.models import PayRecord, Worker
from gateway.store.sealing import Sealer
from schemas.periods import Month
from tests.factories import TEST_BSNS, make_agency, make_municipality, make_pay_record, make_worker


def _seed(session: Session, sealer: Sealer) -> None:
    municipality, agency = make_municipality(session), make_agency(session)
    for bsn in TEST_BSNS[:3]:
        worker = make_worker(session, sealer, municipality=municipality, bsn=bsn)
        for week in range(3):
            make_pay_record(
                session, sealer, agency=agency, worker=worker, period_start=dt.date(2026, 2, 2 + 7 * week)
            )
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=Month(2026, 2),
            amount=Decimal("650.00"),
            paid_on=None,
            recorded_by="test",
        )
        benefit_cases.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=dt.date(2026, 1, 1),
            valid_to=None,
            facts={"household_type": "alleenstaand"},
            recorded_by="test",
        )
    audit.append(session=session, actor="a", actor_role="admin", action="seed", purpose="test", result="ok")
    session.commit()


def _all_sealed_values(session: Session) -> list[str]:
    values: list[str] = []
    for _table, column in reencrypt.encrypted_columns():
        values.extend(value for value in session.execute(select(column)).scalars() if value is not None)
    return values


def test_rotation_then_reencrypt_moves_every_value_to_the_new_key(
    session: Session, session_factory: sessionmaker[Session], keyring: Keyring
) -> None:
    _seed(session, Sealer(keyring))
    rotated = keyring.rotated()
    before = reencrypt.pending(session=session, keyring=rotated)
    assert before["pay_record.content_encrypted"] == 9
    assert before["worker.bsn_encrypted"] == 3

    progress: list[reencrypt.Progress] = []
    count = reencrypt.reencrypt_all(
        sessions=session_factory, keyring=rotated, batch_size=4, on_progress=progress.append
    )

    assert count == sum(before.values())
    assert progress[-1].done == progress[-1].total
    assert any(step.table == "pay_record" and step.done == 4 for step in progress)
    session.expire_all()
    assert all(value == 0 for value in reencrypt.pending(session=session, keyring=rotated).values())
    assert {key_id_of(value) for value in _all_sealed_values(session)} == {rotated.active_kid}

    # Only the new key is needed from now on: drop the old one and read everything back.
    only_new = Keyring(
        field_keys={rotated.active_kid: rotated.field_keys[rotated.active_kid]},
        active_kid=rotated.active_kid,
        index_keys=rotated.index_keys,
        active_index_kid=rotated.active_index_kid,
        digest_keys=rotated.digest_keys,
        active_digest_kid=rotated.active_digest_kid,
    )
    sealer = Sealer(only_new)
    for worker in session.scalars(select(Worker)):
        assert workers.personal_details(sealer=sealer, worker=worker).bsn in TEST_BSNS[:3]
        assert advances.for_worker(session=session, sealer=sealer, worker_id=worker.id)[0].amount == Decimal(
            "650.00"
        )
        assert benefit_cases.effective_facts(session=session, sealer=sealer, worker_id=worker.id)
    for record in session.scalars(select(PayRecord)):
        assert pay_records.content(sealer=sealer, record=record)["hours"] == "32.00"
    assert workers.find_by_bsn(
        session=session, sealer=sealer, municipality_id=worker.municipality_id, bsn=TEST_BSNS[0]
    )


def test_reencrypt_with_nothing_stale_rewrites_nothing(
    session: Session, session_factory: sessionmaker[Session], keyring: Keyring
) -> None:
    _seed(session, Sealer(keyring))
    assert reencrypt.reencrypt_all(sessions=session_factory, keyring=keyring) == 0
