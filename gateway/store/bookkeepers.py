"""Bookkeepers (boekhouders, accounting packages) and the mandates workers give them (rule 11).

A bookkeeper is an OAuth client stored with the agencies (`Agency.kind` = bookkeeper): it signs in and
signs its messages exactly as an agency does, so keys are registered and rotated with the same
functions (`gateway.store.agencies`). What differs is what it may send, invoices and costs, and for whom:
only for workers who gave it a mandate running on the document's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gateway.store import agencies
from gateway.store.models import Agency, BookkeepingMandate, Worker

AGENCY = "agency"
"""The kind of an uitzendbureau or payroll company: pushes pay records."""
BOOKKEEPER = "bookkeeper"
"""The kind of a boekhouder or accounting package: pushes invoices and costs."""


def create(
    *, session: Session, name: str, client_id: str, managed_by_municipality_id: str | None = None
) -> Agency:
    """Register a bookkeeper with its OAuth client id (its keys are added with `agencies.add_key`)."""
    bookkeeper = agencies.create(
        session=session, name=name, client_id=client_id, managed_by_municipality_id=managed_by_municipality_id
    )
    bookkeeper.kind = BOOKKEEPER
    session.flush()
    return bookkeeper


def by_client_id(*, session: Session, client_id: str) -> Agency | None:
    """The bookkeeper with this client id; None for an agency's or an unknown one."""
    found = agencies.by_client_id(session=session, client_id=client_id)
    return found if found is not None and found.kind == BOOKKEEPER else None


def grant(
    *,
    session: Session,
    worker_id: str,
    bookkeeper_id: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    recorded_by: str,
) -> BookkeepingMandate:
    """Record that the bookkeeper keeps the worker's books from `valid_from` (to `valid_to`, inclusive)."""
    if valid_to is not None and valid_to < valid_from:
        raise ValueError("valid_to lies before valid_from")
    mandate = BookkeepingMandate(
        worker_id=worker_id,
        bookkeeper_id=bookkeeper_id,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=recorded_by,
    )
    session.add(mandate)
    session.flush()
    return mandate


def end(*, session: Session, mandate: BookkeepingMandate, valid_to: dt.date) -> None:
    """End a mandate on `valid_to` (the last day it counts)."""
    if valid_to < mandate.valid_from:
        raise ValueError("valid_to lies before valid_from")
    mandate.valid_to = valid_to
    session.flush()


def for_worker(*, session: Session, worker_id: str) -> list[BookkeepingMandate]:
    """Every mandate a worker gave, earliest first."""
    statement = (
        select(BookkeepingMandate)
        .where(BookkeepingMandate.worker_id == worker_id)
        .order_by(BookkeepingMandate.valid_from, BookkeepingMandate.created_at)
    )
    return list(session.scalars(statement))


@dataclass(frozen=True, slots=True)
class MandatedWorker:
    """A worker with one mandate for the bookkeeper: what a push needs to find them by BSN."""

    worker: Worker
    valid_from: dt.date
    valid_to: dt.date | None

    def covers(self, day: dt.date) -> bool:
        """Whether the mandate runs on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def mandated_workers(*, session: Session, bookkeeper_id: str, on_or_after: dt.date) -> list[MandatedWorker]:
    """The bookkeeper's mandates that have not ended before `on_or_after`, with their workers.

    A bookkeeper keeps the books of tens to hundreds of people: all of them fit in one query, and a
    push then finds its workers by blind index among them, never among all workers.
    """
    statement = (
        select(Worker, BookkeepingMandate.valid_from, BookkeepingMandate.valid_to)
        .join(BookkeepingMandate, BookkeepingMandate.worker_id == Worker.id)
        .where(
            BookkeepingMandate.bookkeeper_id == bookkeeper_id,
            or_(BookkeepingMandate.valid_to.is_(None), BookkeepingMandate.valid_to >= on_or_after),
        )
    )
    return [
        MandatedWorker(worker, valid_from, valid_to)
        for worker, valid_from, valid_to in session.execute(statement)
    ]


def listed(*, session: Session) -> list[Agency]:
    """Every registered bookkeeper, by name."""
    statement = select(Agency).where(Agency.kind == BOOKKEEPER).order_by(Agency.name, Agency.id)
    return list(session.scalars(statement))


def with_names(*, session: Session, worker_id: str) -> list[tuple[BookkeepingMandate, str]]:
    """A worker's mandates with the bookkeeper's name, earliest first."""
    statement = (
        select(BookkeepingMandate, Agency.name)
        .join(Agency, Agency.id == BookkeepingMandate.bookkeeper_id)
        .where(BookkeepingMandate.worker_id == worker_id)
        .order_by(BookkeepingMandate.valid_from, Agency.name, BookkeepingMandate.id)
    )
    return [(mandate, name) for mandate, name in session.execute(statement)]


def one(*, session: Session, worker_id: str, mandate_id: str) -> BookkeepingMandate | None:
    """One mandate of this worker; None for another's or an unknown id."""
    mandate = session.get(BookkeepingMandate, mandate_id)
    return mandate if mandate is not None and mandate.worker_id == worker_id else None


def by_id(*, session: Session, bookkeeper_id: str) -> Agency | None:
    """The bookkeeper with this id; None for an agency's or an unknown id."""
    found = session.get(Agency, bookkeeper_id)
    return found if found is not None and found.kind == BOOKKEEPER else None
