"""Record every staff access to a person's data in the hash-chained audit log, or return nothing.

`audited` wraps the work of one request: when the work succeeds it appends one event with result
`success`; when it ends in a problem (404 for another person's or municipality's data, 409 for a refused
transition) it rolls the work back and appends one event with the problem's code. The event is
committed together with the work, so a change is never stored without its audit record. If the event
cannot be written, the request ends with 503 and no data (DESIGN §6).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

from fastapi import Header
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app_api.auth.principal import Role, StaffActor, WorkerPrincipal
from gateway.store import audit
from gateway.web.errors import ApiError, InvalidInput, ServiceUnavailable
from schemas.problems import InvalidParam

log = logging.getLogger("loonbrug.app.audit")

SUCCESS = "success"
PURPOSE_PATTERN = re.compile(r"^[a-z][a-z-]{2,59}$")
"""A purpose is a code such as `maandverrekening`: letters and hyphens only, so no number (a BSN, an
amount) can be written into the audit log through it."""


class AuditUnavailable(ServiceUnavailable):
    """The audit record could not be written, so no data is returned."""

    code = "audit_unavailable"

    def __init__(self) -> None:
        super().__init__("De toegang kon niet in het auditlog worden vastgelegd; probeer het later opnieuw.")


Actor = StaffActor | WorkerPrincipal


def _role(actor: Actor) -> str:
    return actor.role.value if isinstance(actor, StaffActor) else Role.WORKER.value


def record(
    *, session: Session, actor: Actor, action: str, purpose: str, result: str, worker_id: str | None
) -> None:
    """Append one event and commit the session's transaction with it; 503 when that fails."""
    record_each(
        session=session, actor=actor, action=action, purpose=purpose, result=result, worker_ids=[worker_id]
    )


def record_each(
    *,
    session: Session,
    actor: Actor,
    action: str,
    purpose: str,
    result: str,
    worker_ids: Sequence[str | None],
) -> None:
    """Append one event per person (a list showing several people) and commit them together."""
    try:
        for worker_id in worker_ids:
            audit.append(
                session=session,
                actor=actor.actor,
                actor_role=_role(actor),
                municipality_id=actor.municipality_id,
                subject_worker_id=worker_id,
                action=action,
                purpose=purpose,
                result=result,
            )
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        # The class only: a database message can quote the row being written.
        log.error("auditregel niet geschreven (%s); verzoek geweigerd", type(exc).__name__)
        raise AuditUnavailable() from None


@contextmanager
def audited(
    *,
    session: Session,
    actor: Actor,
    action: str,
    purpose: str,
    worker_id: str | None,
    record_success: bool = True,
) -> Iterator[None]:
    """Run the block and record its outcome (see the module docstring).

    `record_success=False` is for a worker reading their own data: only refusals are recorded then.
    """
    try:
        yield
    except ApiError as error:
        if isinstance(error, ServiceUnavailable):
            raise
        session.rollback()
        record(
            session=session,
            actor=actor,
            action=action,
            purpose=purpose,
            result=error.instance_code,
            worker_id=worker_id,
        )
        raise
    if record_success:
        record(
            session=session, actor=actor, action=action, purpose=purpose, result=SUCCESS, worker_id=worker_id
        )


def purpose_of(default: str) -> Callable[[str | None], Awaitable[str]]:
    """A dependency reading the purpose of a staff request from `X-Purpose`, else `default`."""
    if not PURPOSE_PATTERN.match(default):
        raise ValueError("a default purpose is a code of letters and hyphens")

    async def purpose(
        x_purpose: Annotated[
            str | None,
            Header(
                alias="X-Purpose",
                description="Doel van de inzage (doelbinding), bijv. `maandverrekening`; "
                "alleen kleine letters en koppeltekens. Zonder header geldt het standaarddoel van de route.",
            ),
        ] = None,
    ) -> str:
        if x_purpose is None:
            return default
        if not PURPOSE_PATTERN.match(x_purpose):
            raise InvalidInput(
                "Het doel is een code van kleine letters en koppeltekens, bijv. maandverrekening.",
                invalid_params=[
                    InvalidParam(
                        name="X-Purpose",
                        code="purpose_invalid",
                        reason="Alleen kleine letters en koppeltekens.",
                    )
                ],
            )
        return x_purpose

    return purpose
