"""Submissions: each pushed message with its encrypted raw envelope and the receipt sent back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gateway.store.models import Submission
from gateway.store.sealing import Sealer

_ENVELOPE = "envelope_encrypted"


def insert_received(
    *,
    session: Session,
    sealer: Sealer,
    submission_id: str,
    agency_id: str,
    message_id: str,
    message_created_at: dt.datetime,
    received_at: dt.datetime,
    envelope: str,
    receipt: Mapping[str, Any],
    receipt_jws: str | None,
    accepted: int,
    refused: int,
    duplicates: int,
) -> bool:
    """Store a received message together with its receipt in one statement; False (nothing stored) when
    the agency used the message id before.

    One INSERT instead of an INSERT and the receipt's UPDATE: the table is append-only, and its trigger
    compares the whole row, envelope included, to let the one receipt UPDATE through.
    """
    values = {
        "id": submission_id,
        "agency_id": agency_id,
        "message_id": message_id,
        "message_created_at": message_created_at,
        "received_at": received_at,
        _ENVELOPE: sealer.seal_text(
            table=Submission.__tablename__, column=_ENVELOPE, row_id=submission_id, value=envelope
        ),
        "receipt": dict(receipt),
        "receipt_jws": receipt_jws,
        "record_count": accepted + refused + duplicates,
        "accepted_count": accepted,
        "refused_count": refused,
        "duplicate_count": duplicates,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(Submission)
        .values(values)
        .on_conflict_do_nothing(index_elements=["agency_id", "message_id"])
        .returning(Submission.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def create(
    *,
    session: Session,
    sealer: Sealer,
    agency_id: str,
    message_id: str,
    message_created_at: dt.datetime,
    envelope: str,
) -> Submission:
    """Store a received message; the database refuses a message id the agency used before."""
    submission = Submission(agency_id=agency_id, message_id=message_id, message_created_at=message_created_at)
    sealer.put_text(submission, _ENVELOPE, envelope)
    session.add(submission)
    session.flush()
    return submission


def get(*, session: Session, agency_id: str, submission_id: str) -> Submission | None:
    """The agency's submission with this id; another agency's submission is not found."""
    submission = session.get(Submission, submission_id)
    return submission if submission is not None and submission.agency_id == agency_id else None


def by_message_id(*, session: Session, agency_id: str, message_id: str) -> Submission | None:
    """The agency's submission with this message id."""
    statement = select(Submission).where(
        Submission.agency_id == agency_id, Submission.message_id == message_id
    )
    return session.scalars(statement).one_or_none()


def set_receipt(
    *,
    session: Session,
    submission: Submission,
    receipt: Mapping[str, Any],
    receipt_jws: str | None,
    accepted: int,
    refused: int,
    duplicates: int,
) -> None:
    """Attach the receipt (record ids, outcomes and problem codes only) and the counts."""
    submission.receipt = dict(receipt)
    submission.receipt_jws = receipt_jws
    submission.accepted_count = accepted
    submission.refused_count = refused
    submission.duplicate_count = duplicates
    submission.record_count = accepted + refused + duplicates
    session.flush()


def envelope(*, sealer: Sealer, submission: Submission) -> str:
    """The raw envelope as received (a compact JWE)."""
    return sealer.get_text(submission, _ENVELOPE)
