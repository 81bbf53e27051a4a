"""Benefit-case facts with validity periods: every change is a new row; the last recorded one wins.

`effective_facts` turns the history into one timeline without overlaps: a later recording overrides
earlier ones on the days it covers, and earlier recordings keep the days it does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import BenefitCaseFact
from gateway.store.sealing import Sealer

_FACTS = "facts_encrypted"
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True, repr=False)
class FactPeriod:
    """Facts valid from `valid_from` to `valid_to` (inclusive; None is open-ended)."""

    valid_from: dt.date
    valid_to: dt.date | None
    facts: Mapping[str, Any]
    fact_id: str

    def __repr__(self) -> str:
        return f"FactPeriod({self.valid_from}..{self.valid_to}, fact_id={self.fact_id!r})"


def record(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    facts: Mapping[str, Any],
    recorded_by: str,
    partner_bsn_index: str | None = None,
) -> BenefitCaseFact:
    """Record facts valid over a period (household, disregards, partner data), encrypted.

    `partner_bsn_index` is the blind index of the partner's BSN when the facts name one, made under the
    keyring's active index key in the worker's municipality.
    """
    if valid_to is not None and valid_to < valid_from:
        raise ValueError("valid_to lies before valid_from")
    fact = BenefitCaseFact(
        worker_id=worker_id,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=recorded_by,
        partner_bsn_index=partner_bsn_index,
        partner_bsn_index_kid=None if partner_bsn_index is None else sealer.keyring.active_index_kid,
    )
    sealer.put_json(fact, _FACTS, dict(facts))
    session.add(fact)
    session.flush()
    return fact


def history(*, session: Session, worker_id: str) -> list[BenefitCaseFact]:
    """Every recording for a worker, in the order it was made."""
    statement = (
        select(BenefitCaseFact)
        .where(BenefitCaseFact.worker_id == worker_id)
        .order_by(BenefitCaseFact.recorded_at, BenefitCaseFact.id)
    )
    return list(session.scalars(statement))


def histories(*, session: Session, worker_ids: Collection[str]) -> dict[str, list[BenefitCaseFact]]:
    """Every recording of each of `worker_ids` (in one query), each worker's in the order made."""
    statement = (
        select(BenefitCaseFact)
        .where(BenefitCaseFact.worker_id.in_(sorted(set(worker_ids))))
        .order_by(BenefitCaseFact.worker_id, BenefitCaseFact.recorded_at, BenefitCaseFact.id)
    )
    found: dict[str, list[BenefitCaseFact]] = {}
    for fact in session.scalars(statement):
        found.setdefault(fact.worker_id, []).append(fact)
    return found


def effective_facts(*, session: Session, sealer: Sealer, worker_id: str) -> list[FactPeriod]:
    """The facts that hold now for each period, without overlaps, earliest first."""
    return timeline_of(sealer=sealer, recorded=history(session=session, worker_id=worker_id))


def timeline_of(*, sealer: Sealer, recorded: Sequence[BenefitCaseFact]) -> list[FactPeriod]:
    """`effective_facts` of a worker's recordings already read (in the order they were made)."""
    return resolve_timeline(
        [
            FactPeriod(fact.valid_from, fact.valid_to, sealer.get_json(fact, _FACTS), fact.id)
            for fact in recorded
        ]
    )


def _ends_before(a: dt.date | None, b: dt.date | None) -> bool:
    return a is not None and (b is None or a < b)


def resolve_timeline(recorded: Sequence[FactPeriod]) -> list[FactPeriod]:
    """Lay the periods on one timeline in recording order; each overrides what it overlaps."""
    timeline: list[FactPeriod] = []
    for new in recorded:
        kept: list[FactPeriod] = []
        for old in timeline:
            if _ends_before(old.valid_to, new.valid_from) or _ends_before(new.valid_to, old.valid_from):
                kept.append(old)
                continue
            if old.valid_from < new.valid_from:
                kept.append(FactPeriod(old.valid_from, new.valid_from - _ONE_DAY, old.facts, old.fact_id))
            if new.valid_to is not None and _ends_before(new.valid_to, old.valid_to):
                kept.append(FactPeriod(new.valid_to + _ONE_DAY, old.valid_to, old.facts, old.fact_id))
        kept.append(new)
        timeline = sorted(kept, key=lambda period: period.valid_from)
    return timeline
