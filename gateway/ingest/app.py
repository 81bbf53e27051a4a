"""The agency API as an ASGI app: `create_app()` (uvicorn: `gateway.ingest.app:create_app --factory`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware import Middleware

from gateway import gc_tuning
from gateway.ingest.bookkeeping_endpoints import router as bookkeeping_router
from gateway.ingest.config import API_VERSION, IngestConfig
from gateway.ingest.context import GatewayContext
from gateway.ingest.endpoints import router
from gateway.ingest.timesheets import router as timesheets_router
from gateway.security import keyring
from gateway.security.gateway_keys import GatewayKeys
from gateway.settings import Settings, get_settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from gateway.web.app import create_api
from gateway.web.health import health_router
from gateway.web.openapi import Publication
from gateway.web.query_tokens import TokenInQueryAlarm

DESCRIPTION = """\
De aanlever-API van Loonbrug voor uitzendbureaus en payrollbedrijven.

Een uitzendbureau vraagt met client credentials en `private_key_jwt` een access token aan dat met DPoP
(RFC 9449) aan zijn sleutel gebonden is: elk verzoek stuurt `Authorization: DPoP <token>` en een vers
DPoP-bewijs, ondertekend met dezelfde sleutel. Het levert loonstroken aan als JWS in JWE, en krijgt
per loonstrook te horen of die is opgeslagen, dubbel was of is geweigerd (met alle redenen). Met scope
`meldingen:lezen` leest het onder /v1/meldingen van welke van zijn werkenden loonstroken ontbreken.

Een boekhouder of boekhoudpakket meldt zich op dezelfde manier aan en levert onder /v1/bedrijfsdocumenten
facturen en kosten aan van zelfstandigen die hem daarvoor machtigden (scope `bedrijfsdocumenten:schrijven`).
Fouten volgen RFC 9457 (`application/problem+json`).
"""


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    sealer: Sealer | None = None,
    keys: GatewayKeys | None = None,
    config: IngestConfig | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> FastAPI:
    """The agency API; every part not given is built from `settings` (default: the environment).

    An app that builds its own database is a served one (`uvicorn --factory`, `loonbrug serve`): it has
    its process to itself and settles the garbage collector when it starts (`gc_tuning.settle_once`). One
    given a database lives in another program's process (tests, the demo, the simulation) and leaves
    that process's collector alone.
    """
    settings = settings or get_settings()
    context = GatewayContext.create(
        database=database or Database.from_settings(settings),
        sealer=sealer or Sealer(keyring.load_for(settings)),
        keys=keys or GatewayKeys.from_settings(settings),
        config=config or IngestConfig.from_settings(settings),
        **({"clock": clock} if clock is not None else {}),
    )
    # Fail at start-up, not at the first request, when the gateway's own keys are missing.
    context.keys.jwks()
    app = create_api(
        title="Loonbrug aanlever-API",
        version=API_VERSION,
        description=DESCRIPTION,
        lifespan=_settling if database is None else None,
        publication=Publication.from_settings(settings, settings.gateway_url),
        guards=[Middleware(TokenInQueryAlarm)],
    )
    app.state.context = context
    app.include_router(router)
    app.include_router(timesheets_router)
    app.include_router(bookkeeping_router)
    app.include_router(health_router("/v1"))
    return app


@asynccontextmanager
async def _settling(app: FastAPI) -> AsyncIterator[None]:
    # The server has started (imports done, app built): the moment to settle the collector.
    gc_tuning.settle_once()
    yield
