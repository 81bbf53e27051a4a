"""Who is calling: the agency named by a valid DPoP-bound access token, with its scopes (DESIGN §5).

A resource request carries `Authorization: DPoP <token>` and a fresh DPoP proof (RFC 9449 §7) signed by
the key the token is bound to (`cnf.jkt`), for this method and URL, with the token's hash (`ath`) and a
`jti` used once. A bound token sent as a plain bearer token is refused: whoever copied it lacks the key.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.ingest import oauth, tokens
from gateway.ingest.config import NOTIFICATIONS_SCOPE, WRITE_SCOPE
from gateway.ingest.context import GatewayContext
from gateway.ingest.tokens import AccessClaims, InvalidToken
from gateway.security import dpop
from gateway.security.jose_envelope import SIGNATURE_ALGORITHMS
from gateway.web.errors import Forbidden, Unauthorized


def get_context(request: Request) -> GatewayContext:
    """The app's context (set by `create_app`)."""
    context: GatewayContext = request.app.state.context
    return context


Context = Annotated[GatewayContext, Depends(get_context)]


class DPoPUnauthorized(Unauthorized):
    """401 with the DPoP challenge (RFC 9449 §7.1): the scheme, the error and the algorithms accepted."""

    def __init__(self, detail: str, *, error: str = "invalid_token", code: str | None = None) -> None:
        super().__init__(detail, code=code, error=error)
        algorithms = " ".join(SIGNATURE_ALGORITHMS)
        self.headers["WWW-Authenticate"] = f'DPoP error="{error}", algs="{algorithms}"'


def _credentials(request: Request) -> tuple[str, str]:
    # Tokens are taken from the Authorization header only: never a query parameter or form field,
    # which end up in logs and browser histories (RFC 6750 §5.3).
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("dpop", "bearer") or not token.strip():
        raise DPoPUnauthorized(
            "Stuur het access token in de Authorization-header (DPoP) met een DPoP-bewijs.",
            error="invalid_request",
        )
    return scheme.lower(), token.strip()


def authenticated(request: Request, context: Context) -> AccessClaims:
    """The claims of the request's access token with its DPoP proof, or 401."""
    scheme, token = _credentials(request)
    now = context.clock()
    try:
        claims = tokens.validate(token, keys=context.keys, config=context.config, now=now)
    except InvalidToken:
        raise DPoPUnauthorized("Het access token is ongeldig of verlopen; vraag een nieuw aan.") from None
    if scheme != "dpop" or claims.jkt is None:
        raise DPoPUnauthorized(
            "Dit access token is aan de sleutel van het bureau gebonden: stuur het als"
            " 'Authorization: DPoP' met een DPoP-bewijs, niet als bearer-token.",
            code="dpop_required",
        )
    # The URL the client signed is the public one, whatever address the proxy forwarded to, with the
    # path as sent (still percent-encoded: a decoded %00 or %2F would no longer be what was signed).
    raw_path = request.scope.get("raw_path")
    path = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else request.url.path
    url = context.config.issuer + path
    try:
        with context.database.transaction() as session:
            proof = oauth.checked_proof(
                session,
                config=context.config,
                proofs=request.headers.getlist("dpop"),
                method=request.method,
                url=url,
                now=now,
                access_token=token,
            )
    except dpop.ProofRefused as refused:
        raise DPoPUnauthorized(str(refused), error="invalid_dpop_proof") from None
    if proof.jkt != claims.jkt:
        raise DPoPUnauthorized("Het DPoP-bewijs is ondertekend met een andere sleutel dan die van het token.")
    return claims


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
