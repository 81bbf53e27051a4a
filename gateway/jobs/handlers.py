"""What the outbox consumer does per topic: recompute workers, deliver agency notifications.

Recompute topics (`pay_records.received`, `case.changed`, `worker.recompute`) name workers by id,
in camelCase or snake_case: `workerId`, `workerIds`, or `payRecordIds` (the workers of those pay
records). An event naming one worker is handled at once: recompute, then the anomaly and missing-data
checks, so the consultant sees new anomalies within seconds and a missing pay slip's signal closes the
moment it arrives. An event naming several workers is fanned out
into one `worker.recompute` event per worker, due when the event was due, so each worker is its own unit
of work and retry and any consumer that could take the event can take its parts. Within
one claimed batch a worker is recomputed once, however many events name them; the batch also takes
the other due events naming its workers as `workerId` (`RecomputeHandler.naming`, served by a partial
index on PostgreSQL), so a worker whose events would land in several batches (one per agency's push) is
recomputed once for all of them. `"full": true` (after a
published parameter value was confirmed) recomputes every month, not only what the store saw change,
and is passed on when fanned out. The batch's workers are recomputed in the order of their ids (the
handler is a `UnitHandler`), so consumers running at once lock worker rows in one order, never in a cycle.

A worker's pay records and enrollments also count for every claimant whose case names them as partner,
so `pay_records.received` and `case.changed` name those claimants too (found through the blind index of
the partner's BSN). `worker.recompute` is never widened: two partners who each name the other would
otherwise hand the recompute back and forth for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import kinds
from gateway.jobs.outbox_consumer import Batch, BatchUnitHandler, Handler
from gateway.jobs.policy import MissingDataPolicy
from gateway.jobs.recompute import Checks, recompute_workers
from gateway.jobs.webhooks import WebhookError, WebhookSender
from gateway.store import case_facts, outbox
from gateway.store.models import Agency, OutboxEvent, PayRecord
from gateway.store.sealing import Sealer
from schemas.case import MunicipalPolicy

logger = logging.getLogger(__name__)

MISSING_DATA_EVENT = "ontbrekende-loonstroken"
_IN_CHUNK = 1000
_PARTNER_TOPICS = frozenset({kinds.PAY_RECORDS_RECEIVED, kinds.CASE_CHANGED})
"""Topics about a worker's own pay records or enrollments, which also feed a partner's claimant."""


def _ids(payload: Mapping[str, Any], *names: str) -> list[str]:
    found: list[str] = []
    for name in names:
        value = payload.get(name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(item for item in value if isinstance(item, str))
    return found


def worker_ids(*, session: Session, payload: Mapping[str, Any]) -> list[str]:
    """The workers an event names, directly or through pay record ids, sorted and without repeats."""
    found = set(_ids(payload, "workerId", "worker_id", "workerIds", "worker_ids"))
    record_ids = sorted(set(_ids(payload, "payRecordIds", "pay_record_ids")))
    for start in range(0, len(record_ids), _IN_CHUNK):
        chunk = record_ids[start : start + _IN_CHUNK]
        found.update(session.scalars(select(PayRecord.worker_id).where(PayRecord.id.in_(chunk))))
    return sorted(found)


@dataclass(frozen=True)
class RecomputeHandler:
    """Handles the recompute topics (see the module docstring)."""

    sealer: Sealer
    parameters: ParameterSet
    default_policy: MunicipalPolicy
    ytd_tolerance: Decimal
    missing_data: MissingDataPolicy

    def workers(self, session: Session, event: OutboxEvent, batch: Batch) -> list[str]:
        """The workers `event` is about (with the claimants naming them as partner, where that counts)."""
        noted = batch.notes.get(event.id)
        if isinstance(noted, list):
            return noted
        workers = worker_ids(session=session, payload=event.payload)
        if event.topic in _PARTNER_TOPICS:
            claimants = case_facts.naming_as_partner(session=session, worker_ids=workers)
            workers = sorted({*workers, *claimants})
        batch.notes[event.id] = workers
        return workers

    def unit(self, session: Session, event: OutboxEvent, batch: Batch) -> str | None:
        """The worker id when the event is about exactly one worker (else it fans out)."""
        workers = self.workers(session, event, batch)
        return workers[0] if len(workers) == 1 else None

    def naming(self, session: Session, units: Sequence[str]) -> ColumnElement[bool]:
        """Events whose payload names one of the workers `units` as `workerId` (the fan-out's events
        and `case.changed`); on PostgreSQL written as the partial index `ix_outbox_unprocessed_worker_id`
        has it, so that the index serves the look-up."""
        named: ColumnElement[str]
        if session.get_bind().dialect.name == "postgresql":
            named = literal_column("outbox.payload ->> 'workerId'")
        else:
            named = func.json_extract(OutboxEvent.payload, literal_column("'$.workerId'"))
        return named.in_(units)

    def __call__(self, session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        """Recompute the one worker the event names, or fan out one event per worker."""
        workers = self.workers(session, event, batch)
        full = event.payload.get("full") is True
        if len(workers) > 1:
            extra = {"full": True} if full else {}
            payloads = [{"workerId": worker_id, **extra} for worker_id in workers]
            # Due when the event they come from was due, not at this consumer's `now`: every consumer
            # that could take that event can take its parts, also one whose run started a moment
            # earlier than this one's (a run claims what was due when it started).
            outbox.publish_many(
                session=session,
                topic=kinds.RECOMPUTE_REQUESTED,
                payloads=payloads,
                at=now,
                due=event.available_at,
            )
            return
        self.run_units(session, [event], now, batch)

    def run_units(
        self, session: Session, events: Sequence[OutboxEvent], now: dt.datetime, batch: Batch
    ) -> None:
        """Recompute the workers of events that each name one worker, all at once (one batch recompute),
        then check their anomalies and missing periods."""
        plain: set[str] = set()
        full: set[str] = set()
        for event in events:
            wants_full = event.payload.get("full") is True
            for worker_id in self.workers(session, event, batch):
                # A full recompute covers a plain one, not the other way round.
                if ("recompute_full", worker_id) in batch.done or (
                    not wants_full and ("recompute", worker_id) in batch.done
                ):
                    continue
                (full if wants_full else plain).add(worker_id)
        if not plain and not full:
            return
        recompute_workers(
            session=session,
            sealer=self.sealer,
            worker_ids=plain | full,
            parameters=self.parameters,
            default_policy=self.default_policy,
            now=now,
            full=full,
            checks=Checks(self.ytd_tolerance, self.missing_data),
        )
        batch.done.update(("recompute", worker_id) for worker_id in plain - full)
        batch.done.update(("recompute_full", worker_id) for worker_id in full)


@dataclass(frozen=True)
class MissingDataDelivery:
    """Delivers a stored missing-data notification to the agency's webhook, when it configured one."""

    sender: WebhookSender | None

    def __call__(self, session: Session, event: OutboxEvent, now: dt.datetime, batch: Batch) -> None:
        """Post the signed notification; without a webhook URL the stored notification is all there is."""
        agency = session.get(Agency, str(event.payload.get("agencyId", "")))
        if agency is None or not agency.webhook_url:
            return
        if self.sender is None:
            raise WebhookError("no_sender_configured")
        items = event.payload.get("items", [])
        body = {
            "week": event.payload.get("week"),
            "aantalWerknemers": len({item.get("workerId") for item in items}),
            "aantalTijdvakken": len(items),
            "details": f"{self.sender.issuer.rstrip('/')}/v1/meldingen/{event.id}",
        }
        self.sender.deliver(
            url=agency.webhook_url,
            audience=agency.client_id,
            event_id=event.id,
            event=MISSING_DATA_EVENT,
            body=body,
            now=now,
        )
        logger.info("missing-data notification %s delivered to agency %s", event.id, agency.id)


def handlers(
    *,
    sealer: Sealer,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    ytd_tolerance: Decimal,
    missing: MissingDataPolicy,
    sender: WebhookSender | None,
) -> dict[str, Handler]:
    """The handler of every topic the jobs consume."""
    recompute: BatchUnitHandler = RecomputeHandler(sealer, parameters, default_policy, ytd_tolerance, missing)
    table: dict[str, Handler] = {topic: recompute for topic in kinds.RECOMPUTE_TOPICS}
    table[kinds.AGENCY_MISSING_DATA] = MissingDataDelivery(sender)
    return table
