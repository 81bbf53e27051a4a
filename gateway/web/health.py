"""Liveness and readiness for deployment probes (Kubernetes, compose healthchecks, load balancers).

`…/health/live` answers as long as the process serves requests: a failing liveness probe restarts the
container, so it must not depend on the database (a database outage would restart every replica).
`…/health/ready` also asks the database for one row: a failing readiness probe only takes the replica out
of the load balancer until the database answers again.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from fastapi import APIRouter, Request
from sqlalchemy import exc, text

from gateway.store.db import Database
from gateway.web.errors import ServiceUnavailable
from schemas.base import ApiModel

TAG = "gezondheid"


class Health(ApiModel):
    """How the process is doing."""

    status: Literal["ok"]


class _HasDatabase(Protocol):
    database: Database


_NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "De database antwoordt niet; deze instantie neemt even geen verzoeken aan.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
}


def health_router(base: str) -> APIRouter:
    """`GET {base}/health/live` and `GET {base}/health/ready`, probing the app's `state.context.database`."""
    router = APIRouter(prefix=f"{base}/health", tags=[TAG])

    @router.get("/live", summary="Leeft het proces?", response_model=Health)
    def live() -> Health:
        """200 zolang het proces verzoeken beantwoordt; kijkt niet naar de database."""
        return Health(status="ok")

    @router.get(
        "/ready",
        summary="Kan deze instantie verzoeken aannemen?",
        response_model=Health,
        responses=_NOT_READY,
    )
    def ready(request: Request) -> Health:
        """200 als de database antwoordt, anders 503."""
        context: _HasDatabase = request.app.state.context
        try:
            with context.database.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except exc.SQLAlchemyError as error:
            raise ServiceUnavailable("De database antwoordt niet.", code="not_ready") from error
        return Health(status="ok")

    return router
