"""FastAPI dependencies: bearer token → verified claims → worker or staff member → role check.

A worker is found through the blind index of the BSN claim (the BSN never reaches a URL or a log);
a staff member by the identity-provider subject within the municipality the token names. A staff
member's roles are those registered in Loonbrug, narrowed to those the token grants when the issuer
sends roles. Refusals: no or bad token → 401; known token but unknown person or wrong role → 403.
Another person's data is never refused with 403: the domains answer 404 (see app_api.audit).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app_api.auth import repository
from app_api.auth.jwks import IssuerUnavailable
from app_api.auth.principal import (
    STAFF_ROLES,
    Principal,
    Role,
    StaffActor,
    StaffPrincipal,
    WorkerPrincipal,
)
from app_api.auth.refusals import ROLE_PURPOSE, SIGN_IN_PURPOSE, UNKNOWN_ACTOR, record_refusal
from app_api.auth.tokens import InvalidToken, VerifiedToken
from app_api.config import IssuerConfig, IssuerKind
from app_api.context import app_context
from app_api.dependencies import Sessions
from app_api.periods import NL
from gateway.security.blind_index import normalise_bsn
from gateway.store.sealing import Sealer
from gateway.web.errors import Forbidden, ServiceUnavailable, Unauthorized
from schemas.identifiers import is_valid_bsn

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="openIdConnect",
    description="Een access token (JWT) van de identiteitsuitgever van de gemeente.",
)


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def bearer_credentials(request: Request) -> HTTPAuthorizationCredentials | None:
    """The request's bearer credentials as `BearerDep` gives them, for a route that calls its guard."""
    return await _bearer(request)


async def verified_token(request: Request, credentials: BearerDep) -> VerifiedToken:
    """The verified bearer token of the request, or 401."""
    if credentials is None:
        raise Unauthorized(
            "Meld u aan: stuur een bearer-token mee.", code="token_missing", error="invalid_request"
        )
    try:
        return await app_context(request).verifier.verify(credentials.credentials)
    except InvalidToken:
        refusal = Unauthorized("Het token is ongeldig of verlopen.", code="token_invalid")
        await record_refusal(
            request,
            actor=UNKNOWN_ACTOR,
            actor_role=UNKNOWN_ACTOR,
            purpose=SIGN_IN_PURPOSE,
            result=refusal.instance_code,
        )
        raise refusal from None
    except IssuerUnavailable:
        raise ServiceUnavailable(
            "De identiteitsuitgever is niet bereikbaar; probeer het later opnieuw.", code="issuer_unavailable"
        ) from None


def _municipality_code(config: IssuerConfig, claims: Mapping[str, Any]) -> str | None:
    claimed = claims.get(config.municipality_claim) if config.municipality_claim else None
    if claimed is not None and not isinstance(claimed, str):
        raise Unauthorized("Het token noemt de gemeente niet goed.", code="token_invalid")
    if config.municipality is not None:
        # An issuer configured for one municipality may not speak for another.
        if claimed is not None and claimed != config.municipality:
            raise Unauthorized("Het token hoort bij een andere gemeente.", code="token_invalid")
        return config.municipality
    return claimed


def _token_roles(config: IssuerConfig, claims: Mapping[str, Any]) -> frozenset[str] | None:
    if config.roles_claim is None:
        return None
    value = claims.get(config.roles_claim)
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return frozenset(value)
    return frozenset()


def resolve_principal(*, token: VerifiedToken, session: Session, sealer: Sealer, today: dt.date) -> Principal:
    """The worker or staff member the token names (database lookups; run it off the event loop).

    A worker token without a municipality finds the person in every municipality that registered the
    BSN (each under its own blind-index key) and signs in to the one whose case runs today.
    """
    config, claims = token.issuer, token.claims
    code = _municipality_code(config, claims)
    if config.kind is IssuerKind.WORKER:
        bsn = claims.get(config.worker_claim)
        if not isinstance(bsn, str):
            raise Unauthorized("Het token noemt geen burgerservicenummer.", code="token_invalid")
        try:
            normalised = normalise_bsn(bsn)
        except ValueError:
            normalised = ""
        if not is_valid_bsn(normalised):
            raise Unauthorized("Het token noemt geen geldig burgerservicenummer.", code="token_invalid")
        registrations = repository.workers_by_bsn(
            session=session, keyring=sealer.keyring, bsn=normalised, cbs_code=code
        )
        worker = repository.current_registration(session=session, registrations=registrations, today=today)
        if worker is None:
            raise Forbidden("Er is bij Loonbrug geen uitkering van u bekend.", code="unknown_person")
        return WorkerPrincipal(worker_id=worker.id, municipality_id=worker.municipality_id)
    if code is None:
        raise Unauthorized("Het token noemt geen gemeente.", code="token_invalid")
    member = repository.staff_by_subject(session=session, cbs_code=code, subject=str(claims["sub"]))
    if member is None:
        raise Forbidden("U bent niet als medewerker van deze gemeente bekend.", code="unknown_staff")
    roles = {Role(role) for role in member.roles if role in STAFF_ROLES}
    granted = _token_roles(config, claims)
    if granted is not None:
        roles = {role for role in roles if role.value in granted}
    return StaffPrincipal(
        staff_id=member.id,
        subject=member.subject,
        municipality_id=member.municipality_id,
        roles=frozenset(roles),
    )


async def current_principal(request: Request, token: VerifiedToken) -> Principal:
    """The worker or staff member the token names, remembered briefly per token.

    Most requests of an app come with a token seen a moment ago; remembering whom it named (for
    `principal_cache_seconds`, never past the token's expiry) spares a database lookup per request.
    A revoked staff role or a removed worker therefore takes effect within that time.
    """
    context = app_context(request)
    known = context.principals.get(token.fingerprint)
    if known is not None:
        return known
    today = context.clock().astimezone(NL).date()
    sessions, sealer = Sessions(context.database, context.database_slots), context.sealer
    try:
        principal = await sessions.read(
            lambda session: resolve_principal(token=token, session=session, sealer=sealer, today=today)
        )
    except (Unauthorized, Forbidden) as refusal:
        await record_refusal(
            request,
            actor=_claimed_actor(token),
            actor_role=token.issuer.kind.value,
            purpose=SIGN_IN_PURPOSE,
            result=refusal.instance_code,
        )
        raise
    valid_until = min(token.expires_at, time.time() + context.api_settings.principal_cache_seconds)
    context.principals.put(token.fingerprint, principal, valid_until=valid_until)
    return principal


def _claimed_actor(token: VerifiedToken) -> str:
    """Whom a valid token that names no known person claims to be: a staff subject, never a BSN."""
    if token.issuer.kind is IssuerKind.STAFF:
        return f"staff-subject:{token.claims.get('sub')}"
    return "burger"


async def _record_role_refusal(request: Request, principal: Principal, refusal: Forbidden) -> None:
    role = (
        Role.WORKER.value
        if isinstance(principal, WorkerPrincipal)
        else ",".join(sorted(role.value for role in principal.roles)) or "geen"
    )
    await record_refusal(
        request,
        actor=principal.actor,
        actor_role=role,
        municipality_id=principal.municipality_id,
        purpose=ROLE_PURPOSE,
        result=refusal.instance_code,
    )


async def _principal(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    """`current_principal` of `verified_token`, as plain calls: the guards below are the only dependency
    of their routes' authentication (FastAPI spends some tens of microseconds on each dependency)."""
    return await current_principal(request, await verified_token(request, credentials))


async def worker_principal(request: Request, credentials: BearerDep) -> WorkerPrincipal:
    """The signed-in worker; staff are refused (these routes show one's own data only)."""
    principal = await _principal(request, credentials)
    if not isinstance(principal, WorkerPrincipal):
        refusal = Forbidden("Deze gegevens zijn alleen voor de werkende zelf.", code="role_not_allowed")
        await _record_role_refusal(request, principal, refusal)
        raise refusal
    return principal


def staff_with(*roles: Role) -> Callable[..., Awaitable[StaffActor]]:
    """A dependency admitting staff holding one of `roles`; the first one held is the acting role."""

    async def guard(request: Request, credentials: BearerDep) -> StaffActor:
        principal = await _principal(request, credentials)
        if isinstance(principal, StaffPrincipal):
            for role in roles:
                if role in principal.roles:
                    return StaffActor(principal=principal, role=role)
        refusal = Forbidden("Uw rol geeft geen toegang tot deze functie.", code="role_not_allowed")
        await _record_role_refusal(request, principal, refusal)
        raise refusal

    guard.__name__ = "staff_" + "_or_".join(role.value for role in roles)
    return guard
