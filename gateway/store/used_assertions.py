"""Single use of client-assertion ids (`jti`): remembered until the assertion expires."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.store.models import UsedAssertion


def remember(*, session: Session, client_id: str, jti: str, expires_at: dt.datetime) -> bool:
    """Record that `jti` was used; False when this client used it before (a replay).

    The unique (client_id, jti) constraint decides under concurrency; the insert runs in a savepoint
    so a refused replay does not spoil the caller's transaction.
    """
    if session.scalars(
        select(UsedAssertion.id).where(UsedAssertion.client_id == client_id, UsedAssertion.jti == jti)
    ).first():
        return False
    try:
        with session.begin_nested():
            session.add(UsedAssertion(client_id=client_id, jti=jti, expires_at=expires_at))
    except IntegrityError:
        return False
    return True


def purge_expired(*, session: Session, now: dt.datetime) -> int:
    """Forget assertions that expired before `now`; they can no longer be replayed anyway."""
    result = session.execute(delete(UsedAssertion).where(UsedAssertion.expires_at < now))
    return int(getattr(result, "rowcount", 0) or 0)
