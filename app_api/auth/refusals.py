"""Refused sign-ins and role refusals in the audit log: who tried (as far as known), what, and why not.

A refused token names nobody we can trust, so its record names the issuer kind only; a token that was
valid but names no known person names the staff subject (never a BSN); a role refusal names the person.
The route is recorded as its template (`GET /v1/werkenden/{workerId}/weken`), so no id or BSN from the
path reaches the log. Refusals from one address are bounded by the rate limit in front of the app.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError

from app_api.context import app_context
from gateway.store import audit
from schemas.problems import mask_bsn_like

log = logging.getLogger("loonbrug.app.audit")

SIGN_IN_PURPOSE = "aanmelding"
ROLE_PURPOSE = "autorisatie"
UNKNOWN_ACTOR = "onbekend"


def _route(request: Request) -> str:
    route = request.scope.get("route")
    template = getattr(route, "path", None) or "onbekende-route"
    return f"{request.method} {template}"[:100]


async def record_refusal(
    request: Request,
    *,
    actor: str,
    actor_role: str,
    purpose: str,
    result: str,
    municipality_id: str | None = None,
) -> None:
    """Append one audit record of a refusal; the refusal stands even when the record cannot be written."""
    database = app_context(request).database
    action = _route(request)

    def write() -> None:
        with database.transaction() as session:
            audit.append(
                session=session,
                actor=(mask_bsn_like(actor) or UNKNOWN_ACTOR)[:255],
                actor_role=actor_role[:50],
                municipality_id=municipality_id,
                action=action,
                purpose=purpose,
                result=result[:50],
            )

    try:
        await run_in_threadpool(write)
    except SQLAlchemyError as exc:
        # The caller is refused either way; only the class, as a database message can quote the row.
        log.error("auditregel van een weigering niet geschreven (%s)", type(exc).__name__)
