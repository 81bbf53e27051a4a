"""The audit log as the auditor reads it, and the outcome of verifying its chain."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel


class AuditEventView(ApiModel):
    """One audit event: who did what to whose data, when, why, with what result."""

    sequence: int
    occurred_at: dt.datetime
    actor: str
    actor_role: str
    subject_worker_id: str | None
    action: str
    purpose: str
    result: str
    origin: str | None = Field(
        description="Adres van de aanvrager (via de vertrouwde proxy), of 'lokaal' voor taken; leeg bij oude."
    )
    trace_id: str | None = Field(description="W3C-trace-id van het verzoek (uit traceparent).")
    hash: str


class ChainBreakView(ApiModel):
    """The first event where the chain does not hold."""

    sequence: int
    event_id: str
    reason: str = Field(description="sequence_gap, prev_hash_mismatch of hash_mismatch.")


class Verification(ApiModel):
    """The outcome of checking the whole chain from its first event."""

    intact: bool
    checked: int = Field(description="Aantal gebeurtenissen dat klopte, tot de eerste breuk.")
    first_break: ChainBreakView | None
