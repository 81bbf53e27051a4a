"""Submissions: each pushed message with its encrypted raw envelope and the receipt sent back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Submission
from gateway.store.sealing import Sealer

_ENVELOPE = "envelope_encrypted"


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
