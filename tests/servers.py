"""Both apps served on free local ports for an end-to-end test, as the demo serves them."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app_api.app import create_app as create_app_api
from app_api.config import AppApiSettings
from gateway.demo.servers import BackgroundServer
from gateway.ingest.app import create_app as create_gateway
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def local_settings(*, data_dir: Path, key_dir: Path) -> Settings:
    """Settings with both apps on free ports of 127.0.0.1."""
    return Settings(
        data_dir=data_dir,
        key_dir=key_dir,
        gateway_url=f"http://127.0.0.1:{_free_port()}",
        app_url=f"http://127.0.0.1:{_free_port()}",
    )


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
