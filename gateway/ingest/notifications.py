"""An agency's notifications (meldingen): the stored missing-data notifications, read back with names.

The weekly missing-data check (gateway.jobs.missing_data) stores per agency and ISO week one outbox event
holding worker ids and periods only, and the webhook announcing it names no person. Here the agency, with
its own access token over TLS, learns which workers those are, by the BSN it already holds for them.
Only workers enrolled with the agency today are named: once a worker has left the agency, the gateway no
longer tells it anything about them, not even which of their periods went missing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gateway.ingest import repository
from gateway.ingest.context import GatewayContext
from gateway.jobs import kinds
from gateway.jobs.clock import local_date
from gateway.store import outbox
from gateway.store.models import Agency, OutboxEvent, Worker
from gateway.web.errors import NotFound, Unauthorized
from schemas.notifications import (
    MissingPeriod,
    MissingReason,
    Notification,
    NotificationPage,
    NotificationSummary,
)
from schemas.periods import IsoWeek

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
"""Summaries are small; a hundred covers two years of weekly notifications in one page."""

log = logging.getLogger("loonbrug.ingest.notifications")


@dataclass(frozen=True, slots=True)
class _Item:
    """One missing period as the stored notification has it: ids and dates only."""

    worker_id: str
    start: dt.date
    end: dt.date


def _items(event: OutboxEvent) -> list[_Item]:
    return [
        _Item(
            worker_id=str(item["workerId"]),
            start=dt.date.fromisoformat(str(item["periodStart"])),
            end=dt.date.fromisoformat(str(item["periodEnd"])),
        )
        for item in event.payload.get("items", [])
    ]


def _agency(session: Session, client_id: str) -> Agency:
    agency = repository.agency_by_client_id(session, client_id)
    if agency is None:
        raise Unauthorized("Dit uitzendbureau is niet (meer) geregistreerd.")
    return agency


def _current(
    session: Session, context: GatewayContext, agency: Agency, events: Sequence[OutboxEvent]
) -> tuple[dict[str, list[_Item]], dict[str, Worker]]:
    """Per event its items of workers enrolled with the agency today, and those workers by id."""
    items = {event.id: _items(event) for event in events}
    workers = repository.enrolled_workers(
        session,
        agency_id=agency.id,
        worker_ids={item.worker_id for found in items.values() for item in found},
        on=local_date(context.clock()),
    )
    kept = {event_id: [i for i in found if i.worker_id in workers] for event_id, found in items.items()}
    return kept, workers


def _summary(event: OutboxEvent, items: Sequence[_Item]) -> NotificationSummary:
    return NotificationSummary(
        id=event.id,
        week=IsoWeek.parse(str(event.payload["week"])),
        created_at=event.created_at,
        worker_count=len({item.worker_id for item in items}),
        period_count=len(items),
    )


def list_page(*, context: GatewayContext, client_id: str, page: int, page_size: int) -> NotificationPage:
    """One page of the agency's notifications, newest first, each with its counts."""
    with context.database.transaction() as session:
        agency = _agency(session, client_id)
        events = outbox.for_agency(
            session=session,
            topic=kinds.AGENCY_MISSING_DATA,
            agency_id=agency.id,
            offset=(page - 1) * page_size,
            limit=page_size + 1,
        )
        shown = events[:page_size]
        kept, _ = _current(session, context, agency, shown)
        summaries = [_summary(event, kept[event.id]) for event in shown]
    return NotificationPage(
        items=summaries,
        page=page,
        page_size=page_size,
        next_page=page + 1 if len(events) > page_size else None,
    )


def notification(*, context: GatewayContext, client_id: str, notification_id: str) -> Notification:
    """One of the agency's notifications with the BSN of each worker; another agency's is not found."""
    with context.database.transaction() as session:
        agency = _agency(session, client_id)
        event = outbox.find(session=session, topic=kinds.AGENCY_MISSING_DATA, event_id=notification_id)
        if event is None or event.payload.get("agencyId") != agency.id:
            raise NotFound("Deze melding bestaat niet (of hoort bij een ander uitzendbureau).")
        kept, workers = _current(session, context, agency, [event])
        items = kept[event.id]
        bsns = {worker_id: context.sealer.get_text(w, "bsn_encrypted") for worker_id, w in workers.items()}
        periods = sorted(
            (
                MissingPeriod(
                    bsn=bsns[item.worker_id],
                    period_start=item.start,
                    period_end=item.end,
                    reason=MissingReason.NO_PAY_RECORD,
                )
                for item in items
            ),
            key=lambda period: (period.bsn, period.period_start),
        )
        summary = _summary(event, items)
    log.info(
        "melding %s opgehaald door %s: %d werkenden, %d tijdvakken",
        event.id,
        client_id,
        summary.worker_count,
        summary.period_count,
    )
    return Notification(**dict(summary), missing_periods=periods)
