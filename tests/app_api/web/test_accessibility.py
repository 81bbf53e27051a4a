"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page state of the demo: the sign-in screens
and the development login, every page a worker reaches from their home, every page a consultant and a
team lead reach from the caseload (signal summaries and versions opened, a proposed month), the review
queue, and the 'not found' and 'no access' screens; in the browser tests' world and the demo's own.

axe-core comes with the axe-playwright-python package (its axe.min.js), injected into the page under test.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.app_api.web.seed import Seeded
from tests.app_api.web.seed_demo import seed_demo
from tests.app_api.web.test_browser_portal import (
    DEMO_CONSULTANT,
    DEMO_TEAM_LEAD,
    crawl,
    settled,
    sign_in,
)

OpenTab = Callable[..., Tab]
AXE = Axe()
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
NOBODY = "00000000-0000-4000-8000-000000000000"
PER_SHAPE = 5
"""Pages of one shape (a worker's tab, a week, a month) checked at most, each crawl: the first few of each
shape, across the seeded and the demo's workers, rather than every week of every worker (minutes)."""


@pytest.fixture
def demo(committed_database: Database, sealer: Sealer, seeded: Seeded) -> list[str]:
    """The demo's municipality, staff and workers, in the committed world the site serves."""
    return seed_demo(committed_database, sealer)


def _violations(page: Page, where: str) -> list[str]:
    """Run axe-core on the page as it stands; one line per violation, naming the rule and the elements."""
    page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
    results = AXE.run(page, options=RULES)
    return [
        f"{where}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def test_the_sign_in_screens_and_the_development_login(site: str, seeded: Seeded, open_tab: OpenTab) -> None:
    found: list[str] = []
    for app, kind in (("mij", "burgers"), ("portaal", "medewerkers")):
        page = open_tab(PHONE if app == "mij" else DESKTOP).page
        page.goto(f"{site}/{app}/")
        expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
        found.extend(_violations(page, f"{app} inloggen"))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(re.compile(rf"/dev-issuer/{kind}/authorize\?"))
        expect(page.get_by_text("Alleen voor ontwikkeling en demo")).to_be_visible()
        found.extend(_violations(page, f"{kind} ontwikkel-login"))
    assert found == [], "\n".join(found)


def test_every_worker_page(site: str, seeded: Seeded, demo: list[str], open_tab: OpenTab) -> None:
    found: list[str] = []

    def look(page: Page, route: str) -> None:
        found.extend(_violations(page, route))

    for name in (seeded.worker_name, demo[0]):
        page = open_tab(PHONE).page
        page.goto(f"{site}/mij/")
        page.get_by_role("button", name="Inloggen").click()
        detail = page.locator(".identity-detail", has_text=re.compile("^werkende ·"))
        page.locator("button.identity").filter(has_text=name).filter(has=detail).first.click()
        settled(page)
        seen = crawl(page, f"{site}/mij/", {"#/"}, look, per_shape=PER_SHAPE)
        assert len(seen) > 10, seen
        page.goto(f"{site}/mij/#/loonstroken/{NOBODY}")
        settled(page)
        found.extend(_violations(page, "niet gevonden"))
    assert found == [], "\n".join(found)


def test_every_consultant_and_team_lead_page(
    site: str, seeded: Seeded, demo: list[str], open_tab: OpenTab
) -> None:
    found: list[str] = []

    def look(page: Page, route: str) -> None:
        found.extend(_violations(page, route))

    for name, role, start in (
        (seeded.consultant_name, "inkomensconsulent", {"#/", "#/exporten"}),
        (seeded.team_lead_name, "teamleider", {"#/", "#/te-beoordelen"}),
        (DEMO_CONSULTANT, "inkomensconsulent", {"#/", "#/exporten"}),
        (DEMO_TEAM_LEAD, "teamleider", {"#/", "#/te-beoordelen"}),
    ):
        page = open_tab(DESKTOP).page
        sign_in(page, site, name, role)
        settled(page)
        if name == seeded.team_lead_name:
            # A proposed month: the review queue has a row and the month offers approval.
            page.goto(f"{site}/portaal/#/werkenden/{seeded.worker_id}/maanden/2026-01")
            page.locator(".workflow").get_by_role("button", name="Voorstellen").click()
            expect(page.locator(".success")).to_be_visible()
            found.extend(_violations(page, "maand voorgesteld"))
        seen = crawl(page, f"{site}/portaal/", start, look, per_shape=PER_SHAPE)
        assert len(seen) > 15, seen
        page.goto(f"{site}/portaal/#/werkenden/{NOBODY}")
        settled(page)
        found.extend(_violations(page, f"{role}: niet gevonden"))

    auditor = open_tab(DESKTOP).page
    sign_in(auditor, site, seeded.auditor_name, "auditor")
    settled(auditor)
    found.extend(_violations(auditor, "auditor: geen toegang"))
    assert found == [], "\n".join(found)


def test_the_check_finds_a_violation_where_there_is_one(open_tab: OpenTab) -> None:
    page = open_tab(DESKTOP).page
    page.set_content(
        '<html lang="nl"><head><title>x</title></head><body><main><img src="x.png"></main></body></html>'
    )

    assert [line.split(": ")[1].split(" ")[0] for line in _violations(page, "kapot")] == ["image-alt"]
