"""The outbox consumer: claim due events, hand each to the handler of its topic, record the outcome.

Events are claimed in batches, oldest first. On PostgreSQL the claim locks the rows with
`FOR UPDATE SKIP LOCKED`, so any number of consumers (every `loonbrug serve jobs` process of every
replica, and a `loonbrug jobs run-once`) share the queue: each takes other events instead of waiting or
taking the same ones. On SQLite the same code runs without SKIP LOCKED, in the one process that writes.
Each event runs in a savepoint: a failing event is rolled back alone, counted in `attempts`, its error
class kept in `last_error` (never its message, which could hold data) and retried after an exponential
backoff; the other events of the batch are committed. Topics without a handler here are left alone.

A handler that works per unit (a worker) says which unit an event is about (`UnitHandler.unit`). The
batch is then handled unit by unit, in the order of the unit's key and, within a unit, in claim order;
the handler does a unit's work once per batch however many events name it (`Batch.done`). A handler
that can do many units' work at once (`BatchUnitHandler`, the recompute) is given all of the batch's
events about single units in one call, in one savepoint, and locks their units in ascending key order
itself; when that call fails, the same events are handled one by one, each in its own savepoint, so only
the failing event is retried. Such a handler also says which events name a set of its units
(`BatchUnitHandler.naming`): having claimed a batch, the consumer takes in the same transaction every
other due, unprocessed event of that handler naming one of the batch's units (locked with SKIP LOCKED,
at most a batch more), so a unit whose events landed in different batches (a worker enrolled with two
agencies gets one event per agency's push) has its work done once for all of them. Why this keeps
concurrent consumers correct:

- Exactly once in effect: an event is marked processed in the transaction that does its work (a
  companion taken in as well as a claimed one), and a consumer that dies mid-batch has its transaction
  rolled back and its row locks freed, so another consumer claims the same events again and does all of
  their work, once. A companion another consumer holds is skipped: that consumer does its work.
- Order per unit: the unit's work takes the unit's row lock (recompute locks the worker row) and reads
  the store after getting it, so two consumers' work on one unit runs one after the other and the later
  one sees everything the earlier committed plus every event's data (an event is published in the
  transaction that stores its data, so its data is committed before it can be claimed).
- No deadlocks between consumers: every batch takes unit locks in ascending key order, and taking
  companions never waits (SKIP LOCKED).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session, sessionmaker

from gateway.jobs.context import JobReport, Progress, no_progress
from gateway.jobs.policy import OutboxPolicy
from gateway.store.models import OutboxEvent

logger = logging.getLogger(__name__)

JOB_NAME = "outbox"


@dataclass
class Batch:
    """State shared by the handlers within one claimed batch (one transaction).

    `done` holds keys of work already done in this transaction, e.g. ("recompute", worker id): every
    event of the batch was committed before the claim, so work done after the claim saw its data.
    """

    done: set[tuple[str, str]] = field(default_factory=set)
    notes: dict[str, object] = field(default_factory=dict)
    """What a handler worked out about an event (by event id) while the batch was put in unit order,
    so it need not work it out again when the event's turn comes."""


Handler = Callable[[Session, OutboxEvent, dt.datetime, Batch], None]
"""Does the work of one event inside the caller's transaction; raises to have the event retried."""


@runtime_checkable
class UnitHandler(Protocol):
    """A handler whose events are each about one unit of work (or none), handled in the unit's order."""

    def __call__(self, session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        """Do the work of one event (see `Handler`)."""

    def unit(self, session: Session, event: OutboxEvent, batch: Batch) -> str | None:
        """The key of the one unit `event` is about, or None when it is about none or several."""


@runtime_checkable
class BatchUnitHandler(UnitHandler, Protocol):
    """A unit handler that can do the work of many units' events at once (faster than one by one)."""

    def run_units(
        self, session: Session, events: Sequence[OutboxEvent], now: dt.datetime, batch: Batch
    ) -> None:
        """Do the work of `events` (each about one unit), all or nothing, locking units in ascending order."""

    def naming(self, session: Session, units: Sequence[str]) -> ColumnElement[bool]:
        """A condition on outbox rows that holds for the events naming one of `units` (an index serves
        it); the consumer adds due, unprocessed and of this handler's topics."""


def claim_due(
    *,
    session: Session,
    now: dt.datetime,
    topics: Collection[str],
    limit: int,
    naming: ColumnElement[bool] | None = None,
    besides: Collection[str] = (),
) -> list[OutboxEvent]:
    """Lock and return up to `limit` unprocessed events of `topics` due at `now`, oldest first; only
    those matching `naming` when given, and never those whose ids are in `besides` (already claimed by
    this transaction, whose own locks SKIP LOCKED does not skip)."""
    unprocessed = OutboxEvent.processed_at.is_(None)
    if naming is not None:
        # Spelled as the predicate of the partial index that serves `naming` on PostgreSQL (the same
        # condition): the claim's `ix_outbox_due` cannot serve this form, so the planner, which on a
        # freshly filled outbox without statistics takes that index for selective, cannot choose to
        # read the whole queue through it instead.
        unprocessed = unprocessed.is_(True)
    statement = (
        select(OutboxEvent)
        .where(
            unprocessed,
            OutboxEvent.available_at <= now,
            OutboxEvent.topic.in_(sorted(topics)),
        )
        .order_by(OutboxEvent.available_at, OutboxEvent.id)
        .limit(limit)
    )
    if naming is not None:
        statement = statement.where(naming)
    if besides:
        statement = statement.where(OutboxEvent.id.not_in(sorted(besides)))
    if session.get_bind().dialect.name != "postgresql":
        return list(session.scalars(statement))
    statement = statement.with_for_update(skip_locked=True)
    if naming is not None:
        return list(session.scalars(statement))
    # On a freshly filled outbox (no statistics yet) the planner takes the due events for a few and
    # would sort them all rather than read `ix_outbox_due` in its order: about 65 ms a claim at 75,000
    # queued events instead of 0.3 ms. Sorting is turned off for this one statement only; the rest of
    # the transaction (the batch's work) plans as usual.
    # (A failed claim rolls the transaction back, and the setting with it.)
    session.execute(text("SET LOCAL enable_sort = off"))
    claimed = list(session.scalars(statement))
    session.execute(text("SET LOCAL enable_sort TO DEFAULT"))
    return claimed


def claim_companions(
    *,
    session: Session,
    claimed: Sequence[OutboxEvent],
    handlers: Mapping[str, Handler],
    now: dt.datetime,
    batch: Batch,
    limit: int,
) -> list[OutboxEvent]:
    """Lock and return up to `limit` more due, unprocessed events naming the units of the claimed
    events of each `BatchUnitHandler` (its own topics only), oldest first, so that their work is done
    once in this batch instead of again in a later one."""
    units: dict[int, tuple[BatchUnitHandler, set[str]]] = {}
    for event in claimed:
        handler = handlers[event.topic]
        if isinstance(handler, BatchUnitHandler):
            key = _unit(session, event, handler, batch)
            if key is not None:
                units.setdefault(id(handler), (handler, set()))[1].add(key)
    taken = {event.id for event in claimed}
    found: list[OutboxEvent] = []
    for handler, keys in units.values():
        if len(found) >= limit:
            break
        more = claim_due(
            session=session,
            now=now,
            topics=[topic for topic, own in handlers.items() if own is handler],
            limit=limit - len(found),
            naming=handler.naming(session, sorted(keys)),
            besides=taken,
        )
        taken.update(event.id for event in more)
        found += more
    return found


def retry_delay(*, attempts: int, policy: OutboxPolicy) -> dt.timedelta:
    """How long to wait before attempt `attempts + 1`: doubling from the base, capped at the maximum."""
    exponent = min(max(attempts - 1, 0), 30)
    return dt.timedelta(seconds=min(policy.retry_base_seconds * 2**exponent, policy.retry_max_seconds))


def error_code(exc: BaseException) -> str:
    """What is kept of an error: its class and, where it has one, its field or code; never its message."""
    detail = getattr(exc, "field", None) or getattr(exc, "code", None)
    name = type(exc).__name__
    return f"{name}:{detail}" if isinstance(detail, str) and detail else name


def _run_one(session: Session, event: OutboxEvent, handler: Handler, now: dt.datetime, batch: Batch) -> bool:
    try:
        with session.begin_nested():
            handler(session, event, now, batch)
    except Exception as exc:  # any failure of one event is recorded and the event retried
        return _failed(event, exc)
    event.attempts += 1
    event.processed_at = now
    event.last_error = None
    return True


def _run_together(
    session: Session, events: Sequence[OutboxEvent], handler: BatchUnitHandler, now: dt.datetime, batch: Batch
) -> list[bool]:
    """Handle unit events of one handler at once; when that fails, each on its own, so that only the
    failing event is retried and the others are done."""
    try:
        with session.begin_nested():
            handler.run_units(session, events, now, batch)
    except Exception:  # one of the events fails: find which, one by one
        logger.info("outbox batch of %d events handled one by one after a failure", len(events))
        return [_run_one(session, event, handler, now, batch) for event in events]
    for event in events:
        event.attempts += 1
        event.processed_at = now
        event.last_error = None
    return [True] * len(events)


def _failed(event: OutboxEvent, exc: Exception) -> bool:
    event.attempts += 1
    event.last_error = error_code(exc)
    logger.warning(
        "outbox event %s (%s) failed, attempt %d: %s", event.id, event.topic, event.attempts, event.last_error
    )
    return False


def in_unit_order(
    *, session: Session, events: Sequence[OutboxEvent], handlers: Mapping[str, Handler], batch: Batch
) -> list[OutboxEvent]:
    """The claimed events in the order to handle them: events about no single unit first (they fan
    out or deliver), then by unit key; claim order is kept among equals (the sort is stable)."""
    return [event for part in _in_parts(session, events, handlers, batch) for event in part]


def _in_parts(
    session: Session, events: Sequence[OutboxEvent], handlers: Mapping[str, Handler], batch: Batch
) -> list[list[OutboxEvent]]:
    """`in_unit_order` in parts: first the events about no single unit, one part each; then, per handler
    that can do many units at once, all of its unit events as one part; then the other unit events."""
    keys: dict[str, str | None] = {}
    for event in events:
        handler = handlers[event.topic]
        keys[event.id] = _unit(session, event, handler, batch) if isinstance(handler, UnitHandler) else None
    ordered = sorted(events, key=lambda event: (keys[event.id] is not None, keys[event.id] or ""))
    single = [[event] for event in ordered if keys[event.id] is None]
    together: dict[int, list[OutboxEvent]] = {}
    alone: list[list[OutboxEvent]] = []
    for event in ordered:
        handler = handlers[event.topic]
        if keys[event.id] is None:
            continue
        if isinstance(handler, BatchUnitHandler):
            together.setdefault(id(handler), []).append(event)
        else:
            alone.append([event])
    return single + list(together.values()) + alone


def _unit(session: Session, event: OutboxEvent, handler: UnitHandler, batch: Batch) -> str | None:
    try:
        with session.begin_nested():
            return handler.unit(session, event, batch)
    except Exception:  # the event's own turn fails the same way, alone, and is retried with backoff
        return None


def process_outbox(
    *,
    sessions: sessionmaker[Session],
    handlers: Mapping[str, Handler],
    now: dt.datetime,
    policy: OutboxPolicy,
    max_events: int | None = None,
    progress: Progress = no_progress,
    stopping: Callable[[], bool] | None = None,
) -> JobReport:
    """Process every due event of the handled topics (at most `max_events`) and report the counts.

    `stopping` is asked before each batch; when it answers True the run ends after the batch in hand
    (a process shutting down finishes its transaction instead of having it rolled back).
    """
    report = JobReport(JOB_NAME)
    seen = 0
    while max_events is None or seen < max_events:
        if stopping is not None and stopping():
            break
        left = None if max_events is None else max_events - seen
        with sessions.begin() as session:
            limit = policy.batch_size if left is None else min(policy.batch_size, left)
            claimed = claim_due(session=session, now=now, topics=handlers.keys(), limit=limit)
            batch = Batch()
            # At most a batch more, so that what one transaction holds locked stays bounded.
            more = policy.batch_size if left is None else min(policy.batch_size, left - len(claimed))
            if claimed and more > 0:
                claimed += claim_companions(
                    session=session, claimed=claimed, handlers=handlers, now=now, batch=batch, limit=more
                )
            for part in _in_parts(session, claimed, handlers, batch):
                handler = handlers[part[0].topic]
                if len(part) > 1 and isinstance(handler, BatchUnitHandler):
                    outcomes = _run_together(session, part, handler, now, batch)
                else:
                    outcomes = [_run_one(session, part[0], handler, now, batch)]
                for event, done in zip(part, outcomes, strict=True):
                    if done:
                        report.add("processed")
                    else:
                        event.available_at = now + retry_delay(attempts=event.attempts, policy=policy)
                        report.add("failed")
            session.flush()
        seen += len(claimed)
        progress(JOB_NAME, seen, seen)
        # Go on until nothing is due: handled events are done, failed ones wait for their retry time,
        # and events the handlers added (a fan-out) are due at once.
        if not claimed:
            break
    return report
