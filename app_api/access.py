"""Tenant and person boundaries: staff see workers of their own municipality, workers only themselves.

Anything outside the boundary is answered as if it did not exist (404, never 403), so a caller cannot
learn that another municipality knows a person; the caller's `audited` block records the attempt.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from sqlalchemy.orm import Session

from app_api.auth.principal import StaffActor, WorkerPrincipal
from gateway.store import workers
from gateway.store.base import ID_PATTERN
from gateway.store.models import Worker
from gateway.web.errors import NotFound

WorkerId = Annotated[str, Path(alias="workerId", pattern=ID_PATTERN, description="Id van de werkende.")]


class WorkerNotFound(NotFound):
    """No such worker in the caller's municipality."""

    code = "worker_not_found"

    def __init__(self) -> None:
        super().__init__("Deze werkende is niet gevonden.")


def staff_worker(*, session: Session, actor: StaffActor, worker_id: str) -> Worker:
    """The worker, if they belong to the staff member's municipality; otherwise 404."""
    worker = workers.get(session=session, municipality_id=actor.municipality_id, worker_id=worker_id)
    if worker is None:
        raise WorkerNotFound()
    return worker


def own_worker(*, session: Session, principal: WorkerPrincipal) -> Worker:
    """The signed-in worker's own row."""
    worker = workers.get(
        session=session, municipality_id=principal.municipality_id, worker_id=principal.worker_id
    )
    if worker is None:
        # Removed between sign-in lookup and now (retention); nothing left to show.
        raise WorkerNotFound()
    return worker
