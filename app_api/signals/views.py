"""Signals as staff read them: the agency by name and only the actions that fit the kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.signals.schemas import SignalAction, SignalView
from gateway.jobs import kinds
from gateway.store.models import Agency, Signal

ASKED_AT = "askedAt"
"""Payload field: when a consultant last asked the agency for the missing pay slip."""

_SETTLED_ELSEWHERE = frozenset({kinds.PAYOUT_HELD, kinds.BUFFER_PROPOSAL, kinds.CHANGED_AFTER_APPROVAL})
"""Closed by what they ask for (the pay slips arrive, a decision, the approval), not by a dismissal."""


def actions(kind: str) -> list[SignalAction]:
    """The actions a consultant may take on an open signal of `kind`."""
    if kind == kinds.MISSING_PERIOD:
        return [SignalAction.ASK_AGENCY, SignalAction.NO_WORK, SignalAction.DISMISS]
    if kind in _SETTLED_ELSEWHERE:
        return []
    return [SignalAction.DISMISS]


def views(*, session: Session, signals: Sequence[Signal]) -> list[SignalView]:
    """The signals with the names of the agencies they are about."""
    agency_ids = sorted({str(s.payload["agencyId"]) for s in signals if s.payload.get("agencyId")})
    names: dict[str, str] = {}
    if agency_ids:
        statement = select(Agency.id, Agency.name).where(Agency.id.in_(agency_ids))
        names = {agency_id: name for agency_id, name in session.execute(statement)}
    return [
        SignalView(
            id=signal.id,
            kind=signal.kind,
            created_at=signal.created_at,
            details=dict(signal.payload),
            agency_name=names.get(str(signal.payload.get("agencyId", ""))),
            asked_at=dt.datetime.fromisoformat(str(signal.payload[ASKED_AT]))
            if signal.payload.get(ASKED_AT)
            else None,
            actions=actions(signal.kind),
        )
        for signal in signals
    ]
