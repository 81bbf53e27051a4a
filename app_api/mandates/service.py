"""Recording and reading mandates: a worker lets a bookkeeper send the invoices and costs of their business.

The worker records their own, a consultant or team lead records one for a worker of their municipality;
both are audited, because a mandate lets a third party send data that changes the benefit. A mandate is
ended by giving it a last day, never deleted: the documents sent under it stay explained.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from app_api.access import own_worker, staff_worker
from app_api.audit.trail import Actor, audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.mandates.schemas import BookkeeperView, MandateEnd, MandateView, NewMandate
from gateway.store import bookkeepers
from gateway.store.models import BookkeepingMandate, Worker
from gateway.web.errors import InvalidInput, NotFound
from schemas.problems import InvalidParam

OWN_PURPOSE = "eigen-onderneming"


class MandateNotFound(NotFound):
    """No such mandate of this worker."""

    code = "mandate_not_found"

    def __init__(self) -> None:
        super().__init__("Deze machtiging is niet gevonden.")


def _view(mandate: BookkeepingMandate, name: str) -> MandateView:
    return MandateView(
        id=mandate.id,
        bookkeeper_id=mandate.bookkeeper_id,
        bookkeeper_name=name,
        valid_from=mandate.valid_from,
        valid_to=mandate.valid_to,
        recorded_at=mandate.created_at,
    )


def listed_bookkeepers(*, session: Session) -> list[BookkeeperView]:
    """The registered bookkeepers (names only: no keys, no client ids)."""
    return [BookkeeperView(id=b.id, name=b.name) for b in bookkeepers.listed(session=session)]


def _list(session: Session, worker: Worker) -> list[MandateView]:
    return [_view(m, name) for m, name in bookkeepers.with_names(session=session, worker_id=worker.id)]


def _grant(session: Session, worker: Worker, request: NewMandate, by: str) -> MandateView:
    bookkeeper = bookkeepers.by_id(session=session, bookkeeper_id=request.bookkeeper_id)
    if bookkeeper is None:
        raise InvalidInput(
            "Deze boekhouder is niet geregistreerd.",
            invalid_params=[
                InvalidParam(name="bookkeeperId", code="bookkeeper_unknown", reason="Onbekende boekhouder.")
            ],
        )
    mandate = bookkeepers.grant(
        session=session,
        worker_id=worker.id,
        bookkeeper_id=bookkeeper.id,
        valid_from=request.valid_from,
        valid_to=request.valid_to,
        recorded_by=by,
    )
    return _view(mandate, bookkeeper.name)


def _end(session: Session, worker: Worker, mandate_id: str, request: MandateEnd) -> MandateView:
    mandate = bookkeepers.one(session=session, worker_id=worker.id, mandate_id=mandate_id)
    if mandate is None:
        raise MandateNotFound()
    if request.valid_to < mandate.valid_from:
        raise InvalidInput(
            "De einddatum ligt voor het begin van de machtiging.",
            invalid_params=[
                InvalidParam(
                    name="validTo",
                    code="before_start",
                    reason=f"Kies {mandate.valid_from.isoformat()} of later: toen begon de machtiging.",
                )
            ],
        )
    bookkeepers.end(session=session, mandate=mandate, valid_to=request.valid_to)
    bookkeeper = bookkeepers.by_id(session=session, bookkeeper_id=mandate.bookkeeper_id)
    return _view(mandate, bookkeeper.name if bookkeeper is not None else "")


def own(*, session: Session, principal: WorkerPrincipal) -> list[MandateView]:
    """The signed-in worker's mandates."""
    return _list(session, own_worker(session=session, principal=principal))


def grant_own(*, session: Session, principal: WorkerPrincipal, request: NewMandate) -> MandateView:
    """The worker gives a bookkeeper a mandate (audited)."""
    return _audited_change(
        session,
        principal,
        "mandate.grant",
        OWN_PURPOSE,
        principal.worker_id,
        lambda: _grant(session, own_worker(session=session, principal=principal), request, principal.actor),
    )


def end_own(
    *, session: Session, principal: WorkerPrincipal, mandate_id: str, request: MandateEnd
) -> MandateView:
    """The worker ends one of their mandates (audited)."""
    return _audited_change(
        session,
        principal,
        "mandate.end",
        OWN_PURPOSE,
        principal.worker_id,
        lambda: _end(session, own_worker(session=session, principal=principal), mandate_id, request),
    )


def read_for(*, session: Session, actor: StaffActor, worker_id: str, purpose: str) -> list[MandateView]:
    """A worker's mandates, for staff of their municipality (audited)."""
    with audited(session=session, actor=actor, action="mandates.read", purpose=purpose, worker_id=worker_id):
        result = _list(session, staff_worker(session=session, actor=actor, worker_id=worker_id))
    return result


def grant_for(
    *, session: Session, actor: StaffActor, worker_id: str, request: NewMandate, purpose: str
) -> MandateView:
    """A consultant records a mandate the worker gave (audited)."""
    return _audited_change(
        session,
        actor,
        "mandate.grant",
        purpose,
        worker_id,
        lambda: _grant(
            session, staff_worker(session=session, actor=actor, worker_id=worker_id), request, actor.actor
        ),
    )


def end_for(
    *, session: Session, actor: StaffActor, worker_id: str, mandate_id: str, request: MandateEnd, purpose: str
) -> MandateView:
    """A consultant ends a worker's mandate (audited)."""
    return _audited_change(
        session,
        actor,
        "mandate.end",
        purpose,
        worker_id,
        lambda: _end(
            session, staff_worker(session=session, actor=actor, worker_id=worker_id), mandate_id, request
        ),
    )


def _audited_change(
    session: Session,
    actor: Actor,
    action: str,
    purpose: str,
    worker_id: str,
    change: Callable[[], MandateView],
) -> MandateView:
    with audited(session=session, actor=actor, action=action, purpose=purpose, worker_id=worker_id):
        view = change()
    return view
