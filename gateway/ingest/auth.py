"""Who is calling: the agency named by a valid bearer access token, with its scopes (DESIGN §5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.ingest import tokens
from gateway.ingest.config import NOTIFICATIONS_SCOPE, WRITE_SCOPE
from gateway.ingest.context import GatewayContext
from gateway.ingest.tokens import AccessClaims, InvalidToken
from gateway.web.errors import Forbidden, Unauthorized


def get_context(request: Request) -> GatewayContext:
    """The app's context (set by `create_app`)."""
    context: GatewayContext = request.app.state.context
    return context


Context = Annotated[GatewayContext, Depends(get_context)]


def _bearer(request: Request) -> str:
    # Tokens are taken from the Authorization header only: never a query parameter or form field,
    # which end up in logs and browser histories (RFC 6750 §5.3).
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "Stuur een access token in de Authorization-header (Bearer).", error="invalid_request"
        )
    return token.strip()


def authenticated(request: Request, context: Context) -> AccessClaims:
    """The claims of the request's access token, or 401."""
    try:
        return tokens.validate(
            _bearer(request), keys=context.keys, config=context.config, now=context.clock()
        )
    except InvalidToken:
        raise Unauthorized("Het access token is ongeldig of verlopen; vraag een nieuw aan.") from None


def _require_scope(claims: AccessClaims, scope: str) -> None:
    if scope not in claims.scopes:
        raise Forbidden(f"Hiervoor is de scope {scope} nodig.", code="insufficient_scope")


def require_write(claims: Annotated[AccessClaims, Depends(authenticated)], context: Context) -> AccessClaims:
    """An agency allowed to push pay records, within its rate limit."""
    _require_scope(claims, WRITE_SCOPE)
    context.push_limiter.check(claims.client_id)
    return claims


def require_notifications(claims: Annotated[AccessClaims, Depends(authenticated)]) -> AccessClaims:
    """An agency allowed to read its notifications (they name its workers by BSN)."""
    _require_scope(claims, NOTIFICATIONS_SCOPE)
    return claims


AgencyWriter = Annotated[AccessClaims, Depends(require_write)]
"""An authenticated agency with scope loonstroken:schrijven."""

AgencyReader = Annotated[AccessClaims, Depends(authenticated)]
"""Any authenticated agency (reads its own submissions)."""

NotificationReader = Annotated[AccessClaims, Depends(require_notifications)]
"""An authenticated agency with scope meldingen:lezen."""
