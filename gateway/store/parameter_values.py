"""Published parameter values added after a release: propose, confirm and read them back.

The rows are platform-wide (national law; see gateway.store.models.parameters) and append-only. What
the engine gets from here are plain `AddedValue`s: the store reads rows, the engine layers values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.engine.parameters.layer import AddedValue
from gateway.store.models import ParameterConfirmation, ParameterProposal


@dataclass(frozen=True, slots=True)
class Entry:
    """A proposal and, once a second administrator confirmed it, its confirmation."""

    proposal: ParameterProposal
    confirmation: ParameterConfirmation | None


def propose(
    *,
    session: Session,
    key: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    value: Decimal,
    source_url: str,
    article: str,
    actor: str,
    municipality_id: str | None,
    now: dt.datetime,
) -> ParameterProposal:
    """Store a proposed value (checked by the caller); it is not used until confirmed."""
    row = ParameterProposal(
        key=key,
        valid_from=valid_from,
        valid_to=valid_to,
        value=str(value),
        source_url=source_url,
        article=article,
        proposed_by=actor,
        municipality_id=municipality_id,
        proposed_at=now,
    )
    session.add(row)
    session.flush()
    return row


def confirm(
    *,
    session: Session,
    proposal: ParameterProposal,
    actor: str,
    municipality_id: str | None,
    now: dt.datetime,
) -> ParameterConfirmation:
    """Store the confirmation of `proposal` (four eyes are the caller's check)."""
    row = ParameterConfirmation(
        proposal_id=proposal.id, confirmed_by=actor, municipality_id=municipality_id, confirmed_at=now
    )
    session.add(row)
    session.flush()
    return row


def get(*, session: Session, proposal_id: str) -> Entry | None:
    """One proposal with its confirmation, or None."""
    proposal = session.get(ParameterProposal, proposal_id)
    if proposal is None:
        return None
    confirmation = session.scalars(
        select(ParameterConfirmation).where(ParameterConfirmation.proposal_id == proposal_id)
    ).one_or_none()
    return Entry(proposal, confirmation)


def entries(*, session: Session) -> list[Entry]:
    """Every proposal with its confirmation, oldest proposal first."""
    statement = (
        select(ParameterProposal, ParameterConfirmation)
        .outerjoin(ParameterConfirmation, ParameterConfirmation.proposal_id == ParameterProposal.id)
        .order_by(ParameterProposal.proposed_at, ParameterProposal.id)
    )
    return [Entry(proposal, confirmation) for proposal, confirmation in session.execute(statement)]


def added_value(proposal: ParameterProposal) -> AddedValue:
    """A stored proposal as the plain value the engine layers."""
    return AddedValue(
        id=proposal.id,
        key=proposal.key,
        valid_from=proposal.valid_from,
        valid_to=proposal.valid_to,
        number=Decimal(proposal.value),
        source_url=proposal.source_url,
        article=proposal.article,
    )


def confirmed(*, session: Session) -> list[AddedValue]:
    """The confirmed values in the order they were confirmed (a later one wins where they overlap)."""
    statement = (
        select(ParameterProposal)
        .join(ParameterConfirmation, ParameterConfirmation.proposal_id == ParameterProposal.id)
        .order_by(ParameterConfirmation.confirmed_at, ParameterConfirmation.id)
    )
    return [added_value(proposal) for proposal in session.scalars(statement)]


def version(*, session: Session) -> int:
    """A number that changes whenever a value is confirmed: the count of confirmations (append-only)."""
    return int(session.scalar(select(func.count()).select_from(ParameterConfirmation)) or 0)
