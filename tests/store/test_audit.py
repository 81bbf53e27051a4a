"""The audit log in the database: appends chain, the verifier finds the first altered row."""

from __future__ import annotations

import itertools
import threading

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from gateway.security.audit_chain import GENESIS_HASH
from gateway.store import audit
from gateway.store.db import Database
from gateway.store.models import AuditEvent


def _append(session: Session, number: int) -> AuditEvent:
    return audit.append(
        session=session,
        actor=f"staff-{number}",
        actor_role="consultant",
        action="worker.weeks.read",
        purpose="begeleiding",
        result="ok",
        municipality_id="gm-test",
        subject_worker_id=f"worker-{number}",
    )


def _without_protection(session: Session, db_kind: str) -> None:
    """Act as someone with database rights: switch the trigger off inside the test transaction."""
    if db_kind == "postgresql":
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
    else:
        session.execute(text("DROP TRIGGER audit_event_append_only_update"))
        session.execute(text("DROP TRIGGER audit_event_append_only_delete"))


def test_appends_form_a_verifiable_chain(session: Session) -> None:
    events = [_append(session, number) for number in range(1, 8)]
    assert [event.sequence for event in events] == list(range(1, 8))
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    session.expire_all()
    outcome = audit.verify(session=session, batch_size=3)
    assert outcome.intact
    assert outcome.checked == 7
    assert [event.sequence for event in audit.iterate(session=session, after_sequence=4, batch_size=2)] == [
        5,
        6,
        7,
    ]


def test_verifier_finds_the_first_altered_row(session: Session, db_kind: str) -> None:
    events = [_append(session, number) for number in range(1, 11)]
    _without_protection(session, db_kind)
    for victim in (events[6], events[3]):
        session.execute(update(AuditEvent).where(AuditEvent.id == victim.id).values(result="denied"))
    session.expire_all()
    outcome = audit.verify(session=session, batch_size=4)
    assert outcome.first_break is not None
    assert (outcome.first_break.sequence, outcome.first_break.reason) == (4, "hash_mismatch")
    assert outcome.first_break.event_id == events[3].id


def test_verifier_finds_a_removed_row(session: Session, db_kind: str) -> None:
    events = [_append(session, number) for number in range(1, 6)]
    _without_protection(session, db_kind)
    session.execute(delete(AuditEvent).where(AuditEvent.id == events[2].id))
    session.expire_all()
    outcome = audit.verify(session=session)
    assert outcome.first_break is not None
    assert (outcome.first_break.sequence, outcome.first_break.reason) == (4, "sequence_gap")


def test_concurrent_appends_stay_one_chain(committed_database: Database) -> None:
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            for number in range(10):
                with committed_database.transaction() as session:
                    _append(session, offset + number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(offset,)) for offset in (0, 100, 200, 300)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with committed_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 40
        outcome = audit.verify(session=session)
        assert outcome.intact
        assert outcome.checked == 40
