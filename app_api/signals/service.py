"""Handling a signal: ask the agency (a notification through its meldingen), close it with a reason, or
mark the period as no work. A closed signal names who closed it and why (codes only), so the checks do
not raise the same finding again (gateway.jobs.findings); every handling is audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from app_api.signals import views
from app_api.signals.schemas import SignalAction, SignalHandling, SignalView
from gateway.jobs import findings, missing_data
from gateway.store.models import Signal
from gateway.web.errors import Conflict, InvalidInput, NotFound
from schemas.problems import InvalidParam

RESOLUTION = "resolution"
"""Payload field: the action (and reason code) that closed the signal."""


class SignalNotFound(NotFound):
    """No open or closed signal with this id for this worker."""

    code = "signal_not_found"

    def __init__(self) -> None:
        super().__init__("Dit signaal bestaat niet (meer).")


class SignalClosed(Conflict):
    """The signal was closed already, by someone else or because the pay slip arrived."""

    code = "signal_closed"

    def __init__(self) -> None:
        super().__init__("Dit signaal is al afgehandeld.")


class ActionNotOffered(Conflict):
    """This action does not fit this kind of signal."""

    code = "signal_action_not_offered"

    def __init__(self) -> None:
        super().__init__("Deze actie past niet bij dit signaal.")


def _reason_required() -> InvalidInput:
    return InvalidInput(
        "Kies waarom u het signaal afsluit.",
        invalid_params=[InvalidParam(name="reason", code="required", reason="Kies een reden.")],
    )


def handle(
    *,
    session: Session,
    actor: StaffActor,
    worker_id: str,
    signal_id: str,
    request: SignalHandling,
    purpose: str,
    now: dt.datetime,
) -> SignalView:
    """Carry out `request` on one of the worker's open signals (audited)."""
    with audited(
        session=session,
        actor=actor,
        action=f"signal.{request.action.value}",
        purpose=purpose,
        worker_id=worker_id,
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        signal = session.get(Signal, signal_id)
        if signal is None or signal.worker_id != worker.id:
            raise SignalNotFound()
        if signal.resolved_at is not None:
            raise SignalClosed()
        if request.action not in views.actions(signal.kind):
            raise ActionNotOffered()
        if request.action is SignalAction.ASK_AGENCY:
            missing_data.request_from_agency(
                session=session,
                agency_id=str(signal.payload["agencyId"]),
                worker_id=worker.id,
                start=dt.date.fromisoformat(str(signal.payload["periodStart"])),
                end=dt.date.fromisoformat(str(signal.payload["periodEnd"])),
                now=now,
            )
            signal.payload = {**signal.payload, views.ASKED_AT: now.isoformat()}
        else:
            if request.action is SignalAction.DISMISS and request.reason is None:
                raise _reason_required()
            code = (
                request.action.value if request.reason is None else f"{request.action.value}:{request.reason}"
            )
            signal.resolved_at = now
            signal.payload = {**signal.payload, findings.RESOLVED_BY: actor.actor, RESOLUTION: code}
        session.flush()
        [view] = views.views(session=session, signals=[signal])
    return view
