"""Both apps served on their settings' URLs for an end-to-end test, as the demo serves them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from app_api.app import create_app as create_app_api
from app_api.config import AppApiSettings
from gateway.demo.servers import BackgroundServer
from gateway.ingest.app import create_app as create_gateway
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer


@contextmanager
def running_apps(
    *,
    settings: Settings,
    database: Database,
    sealer: Sealer,
    keyring: Keyring,
    clock: Callable[[], dt.datetime] | None = None,
) -> Iterator[None]:
    """Serve the agency API and the app API (without external issuers) until the block ends."""
    servers = [
        BackgroundServer(
            app=create_gateway(settings, database=database, sealer=sealer),
            url=settings.gateway_url,
            name="gateway",
        ),
        BackgroundServer(
            app=create_app_api(
                settings=settings,
                api_settings=AppApiSettings(issuers=[]),
                database=database,
                keyring=keyring,
                clock=clock,
            ),
            url=settings.app_url,
            name="app",
        ),
    ]
    for server in servers:
        server.start()
    try:
        yield
    finally:
        for server in servers:
            server.stop()
