"""Bufferbudget decisions (art. 34b Pw): append-only, one row per decision, amounts encrypted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import BufferDecision
from gateway.store.sealing import Sealer
from schemas.benefit_case import BufferUseKind
from schemas.money import CENT
from schemas.periods import Month

_AMOUNT = "amount_encrypted"
_NOTE = "note_encrypted"


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision to use the bufferbudget."""

    month: Month
    kind: BufferUseKind
    amount: Decimal
    decided_by: str
    decided_at: dt.datetime
    decision_id: str


def record(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    month: Month,
    kind: BufferUseKind,
    amount: Decimal,
    decided_by: str,
    note: str | None = None,
) -> BufferDecision:
    """Record a consultant's decision to use `amount` of the bufferbudget in `month`."""
    if not isinstance(amount, Decimal) or amount <= 0:
        raise ValueError("a bufferbudget use is a positive Decimal")
    row = BufferDecision(worker_id=worker_id, month=str(month), kind=kind.value, decided_by=decided_by)
    sealer.put_text(row, _AMOUNT, format(amount.quantize(CENT), "f"))
    if note is not None:
        sealer.put_text(row, _NOTE, note)
    session.add(row)
    session.flush()
    return row


def for_worker(*, session: Session, sealer: Sealer, worker_id: str) -> list[Decision]:
    """Every decision of a worker, in the order they were made."""
    return for_workers(session=session, sealer=sealer, worker_ids=[worker_id]).get(worker_id, [])


def for_workers(
    *, session: Session, sealer: Sealer, worker_ids: Collection[str]
) -> dict[str, list[Decision]]:
    """`for_worker` of each of `worker_ids` in one query; a worker without decisions is left out."""
    statement = (
        select(BufferDecision)
        .where(BufferDecision.worker_id.in_(sorted(set(worker_ids))))
        .order_by(BufferDecision.worker_id, BufferDecision.decided_at, BufferDecision.id)
    )
    found: dict[str, list[Decision]] = {}
    for row in session.scalars(statement):
        decision = Decision(
            Month.parse(row.month),
            BufferUseKind(row.kind),
            Decimal(sealer.get_text(row, _AMOUNT)),
            row.decided_by,
            row.decided_at,
            row.id,
        )
        found.setdefault(row.worker_id, []).append(decision)
    return found
