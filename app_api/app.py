"""The app API as an ASGI app: `create_app()` for the worker app, the consultant portal and administration.

Built on the shared shell of gateway.web (NL API Design Rules: `/v1/openapi.json`, `API-Version`,
problem+json, security headers, no slash redirects). Run it with `uvicorn --factory app_api.app:create_app`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from anyio import CapacityLimiter
from fastapi import FastAPI

from app_api import dev_login, web
from app_api.advances.endpoints import router as advances_router
from app_api.agencies.endpoints import router as agencies_router
from app_api.audit.endpoints import router as audit_router
from app_api.auth.cache import ExpiringCache
from app_api.auth.jwks import HttpKeySource, StaticKeySource
from app_api.auth.tokens import TokenVerifier, TrustedIssuer
from app_api.caseload.endpoints import router as caseload_router
from app_api.config import AppApiSettings, IssuerConfig
from app_api.context import AppContext, utc_now
from app_api.dev_issuer import DevIssuer
from app_api.direct_reads import DirectReads
from app_api.enrollments.endpoints import router as enrollments_router
from app_api.exports.endpoints import router as exports_router
from app_api.household.endpoints import router as household_router
from app_api.leaving.endpoints import router as leaving_router
from app_api.limits import guards
from app_api.mandates.endpoints import router as mandates_router
from app_api.months.endpoints import router as months_router
from app_api.pagination import DEFAULT_PAGE_SIZE
from app_api.parameters.endpoints import router as parameters_router
from app_api.payslips.endpoints import router as payslips_router
from app_api.placements.router import router as placements_router
from app_api.policy.endpoints import router as policy_router
from app_api.responses import install as install_common_responses
from app_api.results_cache import ResultCache
from app_api.review.endpoints import router as review_router
from app_api.self_employed.endpoints import router as self_employed_router
from app_api.settlements.endpoints import router as settlements_router
from app_api.signals.endpoints import router as signals_router
from app_api.weeks.endpoints import router as weeks_router
from gateway import gc_tuning
from gateway.security import keyring as keyrings
from gateway.security.keyring import Keyring
from gateway.settings import Environment, Settings, get_settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from gateway.web.app import create_api
from gateway.web.health import health_router
from gateway.web.openapi import Publication

API_VERSION = "1.0.0"
"""Semantic version of the app API, sent in every `API-Version` header."""

ROUTERS = (
    weeks_router,
    months_router,
    settlements_router,
    exports_router,
    payslips_router,
    enrollments_router,
    caseload_router,
    review_router,
    signals_router,
    household_router,
    advances_router,
    leaving_router,
    self_employed_router,
    mandates_router,
    policy_router,
    parameters_router,
    agencies_router,
    audit_router,
    placements_router,
)

DESCRIPTION = (
    "Voor de werkende (`/v1/mij/...`): weken, maanden, nog te verdienen, loonstroken en uitzendbureaus. "
    "Voor de inkomensconsulent en teamleider: caseload, dossier en de maandverrekening. "
    "Voor beheer en audit: beleid, wettelijke parameters, uitzendbureaus met sleutels, het auditlog. "
    "Inloggen met een bearer-token (JWT) van de identiteitsuitgever van de gemeente."
)


class UnsafeConfiguration(Exception):
    """The settings would let the app accept tokens it must not accept."""


def _check_production(settings: Settings, api_settings: AppApiSettings) -> None:
    if settings.environment is not Environment.PRODUCTION:
        return
    if settings.dev_issuer:
        raise UnsafeConfiguration("de ontwikkel-identiteitsuitgever mag in productie niet aan")
    if not api_settings.issuers:
        raise UnsafeConfiguration("geen identiteitsuitgever ingesteld (LOONBRUG_APP_ISSUERS)")
    for issuer in api_settings.issuers:
        # Keys fetched over plain HTTP could be swapped by anyone on the path.
        if not issuer.issuer.startswith("https://") or not issuer.resolved_discovery_url.startswith(
            "https://"
        ):
            raise UnsafeConfiguration(f"uitgever {issuer.issuer} moet https gebruiken")


def _dev_issuer(settings: Settings, api_settings: AppApiSettings) -> DevIssuer | None:
    if settings.environment is Environment.PRODUCTION or not settings.dev_issuer:
        return None
    return DevIssuer.from_settings(settings, api_settings)


def _verifier(
    api_settings: AppApiSettings, dev_issuer: DevIssuer | None, client: httpx.AsyncClient
) -> TokenVerifier:
    trusted = [
        TrustedIssuer(
            config=config,
            keys=HttpKeySource(
                issuer=config.issuer,
                discovery_url=config.resolved_discovery_url,
                client=client,
                cache_seconds=api_settings.jwks_cache_seconds,
                refetch_interval=api_settings.jwks_refetch_seconds,
            ),
        )
        for config in api_settings.issuers
    ]
    if dev_issuer is not None:
        local = StaticKeySource(dev_issuer.public_keys)
        dev_configs: list[IssuerConfig] = dev_issuer.configs()
        trusted.extend(TrustedIssuer(config=config, keys=local) for config in dev_configs)
    return TokenVerifier(
        trusted,
        leeway_seconds=api_settings.clock_skew_seconds,
        cache_size=api_settings.token_cache_size,
        cache_seconds=api_settings.jwks_cache_seconds,
    )


def create_app(
    *,
    settings: Settings | None = None,
    api_settings: AppApiSettings | None = None,
    database: Database | None = None,
    keyring: Keyring | None = None,
    http_client: httpx.AsyncClient | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> FastAPI:
    """The app API; without arguments everything comes from the `LOONBRUG_*` environment."""
    settings = settings or get_settings()
    api_settings = api_settings or AppApiSettings()
    _check_production(settings, api_settings)
    owns_database = database is None
    database = database or Database.from_settings(settings)
    keyring = keyring or keyrings.load_for(settings)
    client = http_client or httpx.AsyncClient(
        timeout=api_settings.http_timeout_seconds, follow_redirects=False, trust_env=False
    )
    dev_issuer = _dev_issuer(settings, api_settings)
    database_slots = CapacityLimiter(database.pool_size)
    direct_url = database.direct_reads_url
    direct_reads = (
        None
        if direct_url is None
        else DirectReads(direct_url, slots=database_slots, lost=database.engine.dispose)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owns_database:
            # A served app (it has its process to itself): its start-up heap, some hundreds of
            # thousands of objects, is frozen, so that full collections no longer stop the event loop
            # for 60-90 ms to walk it.
            gc_tuning.settle_once()
        yield
        if direct_reads is not None:
            await direct_reads.close()
        if http_client is None:
            await client.aclose()
        if owns_database:
            database.dispose()

    app = create_api(
        title="Loonbrug app-API",
        version=API_VERSION,
        description=DESCRIPTION,
        lifespan=lifespan,
        guards=guards(api_settings),
        publication=Publication.from_settings(settings, settings.app_url),
    )
    app.state.context = AppContext(
        settings=settings,
        api_settings=api_settings,
        database=database,
        sealer=Sealer(keyring),
        verifier=_verifier(api_settings, dev_issuer, client),
        dev_issuer=dev_issuer,
        clock=clock or utc_now,
        principals=ExpiringCache(size=api_settings.token_cache_size),
        week_summaries=ResultCache(size=api_settings.result_cache_size),
        # A page holds the JSON of up to a page of summaries: as much again as the summaries' at most.
        week_pages=ResultCache(size=api_settings.result_cache_size // DEFAULT_PAGE_SIZE),
        database_slots=database_slots,
        direct_reads=direct_reads,
    )
    for router in (*ROUTERS, health_router("/v1")):
        app.include_router(router)
    if dev_issuer is not None:
        app.include_router(dev_issuer.router())
        app.include_router(dev_login.router(dev_issuer))
    web.install(app)
    install_common_responses(app)
    return app
