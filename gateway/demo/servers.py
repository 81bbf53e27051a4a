"""Run ASGI apps with uvicorn in background threads, for the one-process demo."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

import uvicorn


class ServerFailed(Exception):
    """A server did not start (most often: its port is taken)."""


class BackgroundServer:
    """One uvicorn server in a daemon thread; `start` returns once it accepts connections."""

    def __init__(self, *, app: Any, url: str, name: str) -> None:
        parts = urlsplit(url)
        self.name = name
        self.url = url.rstrip("/")
        self._server = uvicorn.Server(
            uvicorn.Config(
                app,
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 80,
                log_level="warning",
                # Access logs stay off: a badly built client could put a token in a URL.
                access_log=False,
                server_header=False,
                lifespan="on",
            )
        )
        self._thread = threading.Thread(target=self._server.run, name=f"demo-{name}", daemon=True)

    def start(self, *, timeout: float = 20.0) -> None:
        """Start serving; `ServerFailed` when it is not up within `timeout` seconds."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ServerFailed(
                    f"{self.name} start niet op {self.url}; is de poort bezet? "
                    "Kies een andere met LOONBRUG_GATEWAY_URL / LOONBRUG_APP_URL."
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Ask the server to finish its requests and stop, and wait for it."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
