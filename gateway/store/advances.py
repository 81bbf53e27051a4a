"""Advances (voorschotten) per month: append-only, the last recorded entry for a month counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import Advance
from gateway.store.sealing import Sealer
from schemas.money import CENT
from schemas.periods import Month

_AMOUNT = "amount_encrypted"


@dataclass(frozen=True, slots=True)
class AdvanceEntry:
    """The advance that counts for a month."""

    month: Month
    amount: Decimal
    paid_on: dt.date | None
    advance_id: str


def record(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    month: Month,
    amount: Decimal,
    paid_on: dt.date | None,
    recorded_by: str,
) -> Advance:
    """Record the advance for a month; a later entry for the same month replaces it (as a new row)."""
    if not isinstance(amount, Decimal) or amount < 0:
        raise ValueError("an advance is a non-negative Decimal")
    advance = Advance(worker_id=worker_id, month=str(month), paid_on=paid_on, recorded_by=recorded_by)
    sealer.put_text(advance, _AMOUNT, format(amount.quantize(CENT), "f"))
    session.add(advance)
    session.flush()
    return advance


def for_worker(*, session: Session, sealer: Sealer, worker_id: str) -> list[AdvanceEntry]:
    """The advance that counts for each month of a worker, earliest month first."""
    return for_workers(session=session, sealer=sealer, worker_ids=[worker_id]).get(worker_id, [])


def for_workers(
    *, session: Session, sealer: Sealer, worker_ids: Collection[str]
) -> dict[str, list[AdvanceEntry]]:
    """`for_worker` of each of `worker_ids` in one query; a worker without advances is left out."""
    statement = (
        select(Advance)
        .where(Advance.worker_id.in_(sorted(set(worker_ids))))
        .order_by(Advance.worker_id, Advance.month, Advance.recorded_at, Advance.id)
    )
    latest: dict[str, dict[str, Advance]] = {}
    for advance in session.scalars(statement):
        latest.setdefault(advance.worker_id, {})[advance.month] = advance
    return {worker_id: _entries(sealer, months) for worker_id, months in latest.items()}


def _entries(sealer: Sealer, latest: dict[str, Advance]) -> list[AdvanceEntry]:
    return [
        AdvanceEntry(
            month=Month.parse(month),
            amount=Decimal(sealer.get_text(advance, _AMOUNT)),
            paid_on=advance.paid_on,
            advance_id=advance.id,
        )
        for month, advance in latest.items()
    ]
