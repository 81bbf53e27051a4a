"""Fixtures for the browser tests: the real app API served by uvicorn on a free port of 127.0.0.1, on the
committed test database with the seeded world, and Debian's Chromium driven by Playwright.

Chromium is never downloaded: LOONBRUG_CHROMIUM names the binary (default /usr/bin/chromium).
Screenshots go to LOONBRUG_SCREENSHOT_DIR when set, else to a temporary folder of the run.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, sync_playwright

from app_api.app import create_app
from app_api.config import AppApiSettings
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api.web.seed import NOW, Seeded, seed

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1280, height=900)
TIMEOUT_MS = 8000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium for the whole run."""
    executable = os.environ.get("LOONBRUG_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots of the main pages go."""
    configured = os.environ.get("LOONBRUG_SCREENSHOT_DIR")
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def seeded(committed_database: Database, sealer: Sealer) -> Seeded:
    """The world, committed so that the server thread sees it."""
    return seed(committed_database, sealer)


def _free_socket() -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    return listener


@pytest.fixture
def site(
    seeded: Seeded, committed_database: Database, keyring: Keyring, key_dir: Path, tmp_path: Path
) -> Iterator[str]:
    """The app API with its pages and development issuer, served on 127.0.0.1; yields the base URL."""
    listener = _free_socket()
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings = Settings(data_dir=tmp_path, key_dir=key_dir, dev_issuer=True, app_url=base)
    app = create_app(
        settings=settings,
        api_settings=AppApiSettings(issuers=[]),
        database=committed_database,
        keyring=keyring,
        clock=lambda: NOW,
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("de app-API startte niet")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@dataclass
class Tab:
    """A page in its own browser context, with what its console reported."""

    page: Page
    errors: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    """API calls the browser logged as failed (4xx): the pages handle these answers themselves."""

    def record(self, message: ConsoleMessage) -> None:
        """Keep console errors and warnings (a CSP violation is reported as an error); an API answer with
        a 4xx status (e.g. 404 "not ended yet", 422 with the fields to fix) goes to `answers`."""
        if message.type not in ("error", "warning"):
            return
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and "/v1/" in url:
            self.answers.append(f"{message.text} ({url})")
        else:
            self.errors.append(f"{message.type}: {message.text}")


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """`open_tab(viewport)`: a fresh context (own sessionStorage) and page; closed after the test."""
    contexts = []

    def make(viewport: ViewportSize = DESKTOP) -> Tab:
        context = browser.new_context(viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = Tab(page=context.new_page())
        tab.page.on("console", tab.record)
        tab.page.on("pageerror", lambda error: tab.errors.append(f"pageerror: {error}"))
        return tab

    yield make
    for context in contexts:
        context.close()
