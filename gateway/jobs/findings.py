"""Keep a worker's signals in step with what a check finds now: raise new findings, resolve gone ones.

A finding has a `kind` and a stable `key` (ids, periods and codes only). The check reports everything it
finds for one worker; `sync` then
- raises a signal for a finding that has no open signal, unless a consultant dismissed the same finding
  before (a signal of that kind and key resolved by someone other than the jobs): a dismissal holds;
- resolves an open signal of the checked kinds that is no longer found, marking it `resolvedBy` the
  jobs so that it may be raised again if the situation comes back.
Running a check twice therefore changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from gateway.jobs.context import SYSTEM_ACTOR
from gateway.store.models import Signal

KEY = "key"
RESOLVED_BY = "resolvedBy"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a check found about a worker; `payload` holds ids, periods and codes, never data."""

    kind: str
    key: str
    payload: Mapping[str, Any] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        """The signal payload: the finding's payload with its key."""
        return {**self.payload, KEY: self.key}


@dataclass(frozen=True, slots=True)
class SyncResult:
    """How many signals a sync raised and resolved, and which (kind, key) pairs are open after it."""

    raised: int
    resolved: int
    open: frozenset[tuple[str, str]]


def still_relevant() -> ColumnElement[bool]:
    """The signals `sync` looks at: open ones, and those a person resolved (a dismissal holds).

    A signal the jobs resolved themselves no longer matters to a sync; leaving those out keeps a
    worker's read bounded by what is open or dismissed instead of growing with every resolved week.
    """
    resolver = func.coalesce(Signal.payload[RESOLVED_BY].as_string(), "")
    return or_(Signal.resolved_at.is_(None), resolver != SYSTEM_ACTOR)


def _signals(session: Session, worker_id: str, kinds: Collection[str]) -> list[Signal]:
    statement = (
        select(Signal)
        .where(Signal.worker_id == worker_id, Signal.kind.in_(sorted(kinds)), still_relevant())
        .order_by(Signal.created_at, Signal.id)
    )
    return list(session.scalars(statement))


def sync(
    *,
    session: Session,
    worker_id: str,
    kinds: Collection[str],
    findings: Iterable[Finding],
    now: dt.datetime,
    signals: Sequence[Signal] | None = None,
    flush: bool = True,
) -> SyncResult:
    """Make the worker's signals of `kinds` match `findings` (see the module docstring).

    `signals` are the worker's signals read already (a batch reads many workers' at once; oldest first,
    of at least `kinds`, at least those `still_relevant`), else they are read here; `flush=False` leaves
    the changes to the caller's flush.
    """
    wanted = {(finding.kind, finding.key): finding for finding in findings}
    unknown = {kind for kind, _ in wanted} - set(kinds)
    if unknown:
        raise ValueError(f"findings of kinds outside the checked kinds: {sorted(unknown)}")
    open_keys: set[tuple[str, str]] = set()
    dismissed: set[tuple[str, str]] = set()
    resolved = 0
    known = _signals(session, worker_id, kinds) if signals is None else signals
    for signal in known:
        if signal.kind not in kinds:
            continue
        identity = (signal.kind, str(signal.payload.get(KEY, "")))
        if signal.resolved_at is None:
            if identity in wanted:
                open_keys.add(identity)
            else:
                signal.resolved_at = now
                signal.payload = {**signal.payload, RESOLVED_BY: SYSTEM_ACTOR}
                resolved += 1
        elif signal.payload.get(RESOLVED_BY) != SYSTEM_ACTOR:
            dismissed.add(identity)
    raised = 0
    for identity, finding in wanted.items():
        if identity in open_keys or identity in dismissed:
            continue
        session.add(
            Signal(worker_id=worker_id, kind=finding.kind, payload=finding.document(), created_at=now)
        )
        open_keys.add(identity)
        raised += 1
    if flush:
        session.flush()
    return SyncResult(raised=raised, resolved=resolved, open=frozenset(open_keys))
