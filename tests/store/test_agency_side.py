"""Agencies and keys, submissions, idempotency records, used assertions, the outbox and signals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.jobs.outbox_consumer import claim_due
from gateway.store import agencies, idempotency, municipalities, outbox, signals, submissions, used_assertions
from gateway.store.base import utcnow
from gateway.store.db import Database
from gateway.store.models import IdempotencyState
from gateway.store.sealing import Sealer
from tests.factories import make_agency, make_municipality, make_submission, make_worker

PUBLIC_EC_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
}


def test_agency_keys_register_revoke_and_refuse_private_material(session: Session) -> None:
    agency = make_agency(session)
    assert agencies.by_client_id(session=session, client_id=agency.client_id) is agency
    key = agencies.add_key(
        session=session, agency_id=agency.id, kid="k1", public_jwk=PUBLIC_EC_JWK, alg="ES256"
    )
    assert key.public_jwk["kid"] == "k1"
    agencies.add_key(session=session, agency_id=agency.id, kid="k2", public_jwk=PUBLIC_EC_JWK, alg="ES256")
    assert [k.kid for k in agencies.active_keys(session=session, agency_id=agency.id)] == ["k1", "k2"]
    assert agencies.revoke_key(session=session, agency_id=agency.id, kid="k1")
    assert not agencies.revoke_key(session=session, agency_id=agency.id, kid="k1")
    assert agencies.active_key(session=session, agency_id=agency.id, kid="k1") is None
    assert [k.kid for k in agencies.active_keys(session=session, agency_id=agency.id)] == ["k2"]
    with pytest.raises(ValueError, match="private key material"):
        agencies.add_key(
            session=session,
            agency_id=agency.id,
            kid="k3",
            public_jwk={**PUBLIC_EC_JWK, "d": "x"},
            alg="ES256",
        )
    with pytest.raises(ValueError, match="not allowed"):
        agencies.add_key(
            session=session, agency_id=agency.id, kid="k4", public_jwk=PUBLIC_EC_JWK, alg="HS256"
        )


def test_municipality_lookup_and_policy(session: Session) -> None:
    municipality = make_municipality(session, policy={"income_attribution": "working_days"})
    assert municipalities.by_cbs_code(session=session, cbs_code=municipality.cbs_code) is municipality
    municipalities.set_policy(session=session, municipality=municipality, policy={"four_eyes": True})
    assert municipalities.get(session=session, municipality_id=municipality.id).policy == {"four_eyes": True}  # type: ignore[union-attr]


def test_submissions_are_scoped_per_agency_and_message_ids_unique(session: Session, sealer: Sealer) -> None:
    agency, other = make_agency(session), make_agency(session)
    submission = make_submission(session, sealer, agency=agency, envelope="eyJhbGciOi.header.payload")
    assert submissions.get(session=session, agency_id=agency.id, submission_id=submission.id) is submission
    assert submissions.get(session=session, agency_id=other.id, submission_id=submission.id) is None
    assert submissions.envelope(sealer=sealer, submission=submission) == "eyJhbGciOi.header.payload"
    found = submissions.by_message_id(session=session, agency_id=agency.id, message_id=submission.message_id)
    assert found is submission
    submissions.set_receipt(
        session=session,
        submission=submission,
        receipt={"records": []},
        receipt_jws="a.b.c",
        accepted=3,
        refused=1,
        duplicates=2,
    )
    assert submission.record_count == 6
    with pytest.raises(IntegrityError), session.begin_nested():
        submissions.create(
            session=session,
            sealer=sealer,
            agency_id=agency.id,
            message_id=submission.message_id,
            message_created_at=utcnow(),
            envelope="x",
        )


def test_idempotency_record_lifecycle(session: Session, sealer: Sealer) -> None:
    agency = make_agency(session)
    record = idempotency.start(session=session, agency_id=agency.id, key="key-1", request_digest="a" * 64)
    assert record.state == IdempotencyState.IN_PROGRESS
    assert idempotency.response_body(sealer=sealer, record=record) is None
    with pytest.raises(IntegrityError), session.begin_nested():
        idempotency.start(session=session, agency_id=agency.id, key="key-1", request_digest="b" * 64)
    idempotency.complete(session=session, sealer=sealer, record=record, status=201, body='{"ok": true}')
    again = idempotency.get(session=session, agency_id=agency.id, key="key-1")
    assert again is not None
    assert (again.state, again.response_status) == ("completed", 201)
    assert idempotency.response_body(sealer=sealer, record=again) == '{"ok": true}'
    assert idempotency.get(session=session, agency_id=make_agency(session).id, key="key-1") is None


def test_assertion_ids_are_single_use(session: Session) -> None:
    expires = utcnow() + dt.timedelta(minutes=5)
    assert used_assertions.remember(session=session, client_id="c1", jti="j1", expires_at=expires)
    assert not used_assertions.remember(session=session, client_id="c1", jti="j1", expires_at=expires)
    assert used_assertions.remember(session=session, client_id="c2", jti="j1", expires_at=expires)
    assert used_assertions.purge_expired(session=session, now=expires + dt.timedelta(seconds=1)) == 2
    assert used_assertions.remember(session=session, client_id="c1", jti="j1", expires_at=expires)


def test_signals_open_and_resolve(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    signal = signals.raise_signal(
        session=session, worker_id=worker.id, kind="missing_period", payload={"week": "2026-W06"}
    )
    assert signals.open_for_worker(session=session, worker_id=worker.id) == [signal]
    signals.resolve(session=session, signal=signal)
    assert signals.open_for_worker(session=session, worker_id=worker.id) == []


@pytest.mark.postgres_only
def test_outbox_claims_skip_rows_locked_by_another_worker(committed_database: Database) -> None:
    with committed_database.transaction() as session:
        outbox.publish(session=session, topic="t", payload={"n": 1})
        outbox.publish(session=session, topic="t", payload={"n": 2})
    with committed_database.transaction() as first, committed_database.transaction() as second:
        taken = claim_due(session=first, now=utcnow(), topics=["t"], limit=1)
        others = claim_due(session=second, now=utcnow(), topics=["t"], limit=5)
        assert len(taken) == 1
        assert len(others) == 1
        assert others[0].id != taken[0].id
