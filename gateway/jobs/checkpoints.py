"""Audit-chain checkpoints: verify the chain since the last checkpoint, then record the head.

A checkpoint is itself an audit event (action `audit.checkpoint`, by the jobs), appended right after
the head it vouches for: its `prev_hash` is the verified head's hash, and being in the chain it cannot
be altered without breaking the chain. The next run verifies from that checkpoint on, so a long log
is checked in small parts. The head is also written to the log (sequence and hash: no personal data),
which anchors it outside the database: whoever rewrites the database cannot rewrite the log
shipped elsewhere. A break is reported (job failed, an error in the log) and no checkpoint is written.

Verification runs first without blocking anyone; only the last few events and the append happen
while audit appends wait (the same lock gateway.store.audit takes), so the checkpoint follows exactly
the head that was verified.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from gateway.jobs.context import SYSTEM_ACTOR, JobContext, JobReport
from gateway.security import audit_chain
from gateway.store import audit
from gateway.store.models import AuditEvent

logger = logging.getLogger(__name__)

JOB_NAME = "audit_checkpoint"
CHECKPOINT_ACTION = "audit.checkpoint"


@dataclass(frozen=True, slots=True)
class Position:
    """Where verification continues: the hash of the last verified event and the next sequence."""

    prev_hash: str
    next_sequence: int


def _last_checkpoint(session: Session) -> AuditEvent | None:
    statement = (
        select(AuditEvent)
        .where(AuditEvent.action == CHECKPOINT_ACTION)
        .order_by(AuditEvent.sequence.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def _start(session: Session) -> Position:
    checkpoint = _last_checkpoint(session)
    if checkpoint is None:
        return Position(audit_chain.GENESIS_HASH, 1)
    # The checkpoint's own link was verified when it was written; it is checked again as the first event.
    return Position(checkpoint.prev_hash, checkpoint.sequence)


def _verify_from(session: Session, position: Position) -> tuple[audit_chain.Verification, Position]:
    events = audit.iterate(session=session, after_sequence=position.next_sequence - 1)
    verification = audit_chain.verify(
        events, prev_hash=position.prev_hash, next_sequence=position.next_sequence
    )
    return verification, Position(verification.last_hash, position.next_sequence + verification.checked)


def _hold_appends(session: Session) -> None:
    # Same serialisation as gateway.store.audit.append: the advisory lock on PostgreSQL, the write lock
    # on SQLite. Held until this transaction ends.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": audit.AUDIT_APPEND_LOCK})
    else:
        session.execute(text("UPDATE audit_event SET sequence = sequence WHERE 0 = 1"))


def _broken(report: JobReport, verification: audit_chain.Verification) -> JobReport:
    chain_break = verification.first_break
    assert chain_break is not None
    logger.error(
        "audit chain broken at sequence %d (%s); no checkpoint written",
        chain_break.sequence,
        chain_break.reason,
    )
    report.failed = True
    report.add("broken_at_sequence", chain_break.sequence)
    return report


def run(*, context: JobContext, now: dt.datetime) -> JobReport:
    """Verify the audit chain since the last checkpoint and append a checkpoint after the head."""
    report = JobReport(JOB_NAME)
    with context.sessions() as session:
        verification, position = _verify_from(session, _start(session))
    report.add("verified", verification.checked)
    if not verification.intact:
        return _broken(report, verification)
    with context.sessions.begin() as session:
        _hold_appends(session)
        verification, position = _verify_from(session, position)
        report.add("verified", verification.checked)
        if not verification.intact:
            return _broken(report, verification)
        head = position.next_sequence - 1
        checkpoint = _last_checkpoint(session)
        if head == 0 or (checkpoint is not None and checkpoint.sequence == head):
            return report
        event = audit.append(
            session=session,
            actor=SYSTEM_ACTOR,
            actor_role="system",
            action=CHECKPOINT_ACTION,
            purpose=f"controlepunt: auditketen t/m volgnummer {head} gecontroleerd",
            result="intact",
            occurred_at=now,
        )
    report.add("checkpoints", 1)
    logger.info("audit checkpoint %d after head %d with hash %s", event.sequence, head, event.prev_hash)
    return report
