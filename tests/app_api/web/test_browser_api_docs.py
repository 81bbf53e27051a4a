"""The API documentation of both APIs in headless Chromium: it renders under its own strict policy with no
CSP or Trusted Types violation, its stylesheet applies, and its links lead to the operations and schemas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gateway.security.keyring import Keyring
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.servers import local_settings, running_apps

OpenTab = Callable[..., Tab]


@pytest.mark.parametrize("api", ["gateway", "app"])
def test_the_documentation_renders_without_policy_violations(
    api: str,
    committed_database: Database,
    sealer: Sealer,
    keyring: Keyring,
    key_dir: Path,
    tmp_path: Path,
    open_tab: OpenTab,
    screenshot_dir: Path,
) -> None:
    settings = local_settings(data_dir=tmp_path, key_dir=key_dir)
    base = settings.gateway_url if api == "gateway" else settings.app_url
    with running_apps(settings=settings, database=committed_database, sealer=sealer, keyring=keyring):
        tab = open_tab(DESKTOP)
        page = tab.page
        response = page.goto(f"{base}/v1/documentatie")
        assert response is not None
        assert response.status == 200

        expect(page.locator("h1")).to_contain_text("Loonbrug")
        # The inline stylesheet is admitted by its hash: the headings get their border.
        border = page.locator("h2").first.evaluate("node => getComputedStyle(node).borderBottomStyle")
        assert border == "solid"
        page.screenshot(path=screenshot_dir / f"api-documentatie-{api}-begin.png")
        page.locator('a[href="#get-health-ready"]').click()
        expect(page.locator("#get-health-ready")).to_be_in_viewport()
        page.locator("#get-health-ready a[href^='#schema-']").first.click()
        expect(page.locator("#schema-Health")).to_be_in_viewport()
        page.screenshot(path=screenshot_dir / f"api-documentatie-{api}.png")

        phone = open_tab(PHONE)
        phone.page.goto(f"{base}/v1/documentatie")
        expect(phone.page.locator("h1")).to_be_visible()

    assert tab.errors == []
    assert phone.errors == []
