"""The worker's page in Chromium: the top card of a month whose payout is set off against an earlier
overpayment (amounts and sentence), the two pictures (present, labelled, right values), and no internal
code, id or design reference in the rendered text of any worker page, of this world and of the demo.

Eva Smit (seed_setoff.py) earns like Sanne (seed.py): February up to week 7 bijstand € 688,22 after an
advance of € 600,00, a difference of € 88,22. In January she earned 4 × € 338,53 = € 1.354,12, so her
January bijstand was 1.401,50 − 1.354,12 = € 47,38 and its payout (95%) € 45,01; her advance of
€ 1.400,00 was € 1.354,99 too much. The € 88,22 is kept back against that, and 1.354,99 − 88,22 =
€ 1.266,77 stays to be kept back until July 2026 (six months after January).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api.web.conftest import PHONE, Tab
from tests.app_api.web.seed import Seeded
from tests.app_api.web.seed_demo import seed_demo
from tests.app_api.web.seed_setoff import NAME, seed_setoff

OpenTab = Callable[..., Tab]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# Parameter keys are dotted lower-case names (e.g. "norm.alleenstaande"); line codes are upper-case words
# joined by underscores (e.g. "NOG_TE_VERREKENEN").
PARAMETER_KEY = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z_][a-z0-9_]*\b")
LINE_CODE = re.compile(r"\b[A-Z]{3,}_[A-Z_]+\b")


@pytest.fixture
def eva(committed_database: Database, sealer: Sealer, seeded: Seeded) -> str:
    """Eva's worker id, in the committed world the site serves."""
    return seed_setoff(committed_database, sealer, seeded)


@pytest.fixture
def demo(committed_database: Database, sealer: Sealer, seeded: Seeded) -> list[str]:
    """The names of the demo's workers, in the committed world the site serves."""
    return seed_demo(committed_database, sealer)


def _sign_in(page: Page, site: str, name: str, municipality: str = "Testgemeente Noord") -> None:
    page.goto(f"{site}/mij/")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dev-issuer/burgers/authorize\?"))
    choice = page.locator("button.identity").filter(has_text=name).filter(has_text="werkende")
    choice.filter(has_text=municipality).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hallo {name.split()[0]}")


def _text(page: Page, selector: str) -> str:
    return page.locator(selector).inner_text().replace("\u00a0", " ")


def test_the_top_card_tells_what_is_kept_back_and_until_when(
    site: str, eva: str, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, NAME)
    card = page.locator(".this-month")
    expect(card.locator("h2")).to_contain_text("Deze maand: februari 2026")
    expect(card.locator(".amount")).to_have_text("€ 0,00")
    text = _text(page, ".this-month")
    assert "U krijgt op 2 maart 2026 niets meer bij: we houden € 88,22 in." in text
    assert (
        "U heeft in januari € 1.354,99 te veel gekregen; dat houden we in: € 88,22 nu, "
        "€ 1.266,77 uiterlijk in juli 2026." in text
    )
    sums = card.locator(".sums > div")
    assert [line.replace("\n", ": ").replace("\u00a0", " ") for line in sums.all_inner_texts()] == [
        "Verdiend in februari tot nu toe: € 677,06",
        "Bijstand over februari: € 688,22",
        "Al betaald als voorschot: − € 600,00",
        "Ingehouden: eerder te veel gekregen: − € 88,22",
        "Nog te krijgen op 2 maart 2026: € 0,00",
    ]
    assert "niet meer dan uw voorschot" not in page.locator("main").inner_text()
    page.screenshot(path=screenshot_dir / "worker-home.png")
    page.screenshot(path=screenshot_dir / "mij-inhouding-telefoon.png", full_page=True)

    # The list of months: only February, the month that still runs, says so.
    page.goto(f"{site}/mij/#/maanden")
    months = page.locator(".weeks li")
    expect(months).to_have_count(2)
    expect(months.first).to_contain_text("februari 2026")
    expect(months.first).to_contain_text("Maand loopt nog")
    expect(months.nth(1)).not_to_contain_text("loopt nog")

    # January itself: the advance was more than the bijstand; what is kept back later, and until when.
    page.goto(f"{site}/mij/#/maanden/2026-01")
    card = page.locator(".this-month")
    expect(card.locator("h2")).to_have_text("Bijstand over januari 2026")
    expect(card.locator(".amount")).to_have_text("€ 0,00")
    text = _text(page, ".this-month")
    assert "U krijgt niets meer bij: u kreeg € 1.354,99 te veel voorschot." in text
    assert (
        "Uw voorschot was € 1.400,00: € 1.354,99 meer dan uw bijstand over januari. Dat houden we in op uw "
        "bijstand van de volgende maanden, uiterlijk in juli 2026. U hoeft zelf niets terug te betalen."
    ) in text
    assert [line.replace("\n", ": ").replace("\u00a0", " ") for line in sums.all_inner_texts()] == [
        "Verdiend in januari: € 1.354,12",
        "Bijstand over januari: € 45,01",
        "Al betaald als voorschot: − € 1.400,00",
        "Te veel gekregen: houden we later in: € 1.354,99",
        "Nog te krijgen op 2 februari 2026: € 0,00",
    ]
    assert "Maand loopt nog" not in text

    # The steps behind it, on demand: each pay slip by its agency and period, each article as a link.
    steps = page.locator("details", has=page.locator("summary", has_text="Alle stappen"))
    expect(steps).not_to_have_attribute("open", "")
    steps.locator("summary").click()
    income = page.locator('li.line[data-code="INKOMEN"]').first
    expect(income).to_contain_text(
        "Nettoloon Uitzendbureau Zonnig (5 januari 2026 t/m 11 januari 2026), geheel in januari 2026"
    )
    law = page.locator('li.line[data-code="BIJSTAND"] a', has_text="artikel 19 Participatiewet")
    expect(law).to_have_attribute("href", "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=19")
    assert tab.errors == []


def test_the_weekly_bars_and_the_month_bar_are_labelled_with_their_values(
    site: str, eva: str, open_tab: OpenTab
) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, NAME)
    weekly = page.locator(".weekly-chart svg[role=img]")
    expect(weekly).to_have_count(1)
    label = (weekly.get_attribute("aria-label") or "").replace("\u00a0", " ")
    assert label.startswith("Netto verdiend per week, met de streep op € 323,43 per week")
    assert "week 2: € 338,53" in label
    assert "week 7: € 338,53" in label
    assert weekly.locator("title").text_content() == weekly.get_attribute("aria-label")
    bars = weekly.locator("g.bar")
    weeks = bars.evaluate_all("(bars) => bars.map((bar) => [bar.dataset.week, bar.dataset.net])")
    # The eight newest weeks, oldest left: week 1 (the benefit began on 1 January; no work yet), six
    # paid weeks, and week 8, still running on Friday 20 February.
    assert [week for week, _ in weeks] == [f"2026-W0{n}" for n in range(1, 9)]
    assert [net for _, net in weeks[:7]] == ["0.00"] + ["338.53"] * 6
    assert "running" in (bars.last.get_attribute("class") or "")
    assert weekly.locator("g.exit-line").get_attribute("data-amount") == "323.43"
    # The exit line lies below the bars of € 338,53: each bar's top is above it.
    line_y = float(weekly.locator("g.exit-line line").get_attribute("y1") or "0")
    tops = bars.locator("rect").evaluate_all("(rects) => rects.map((r) => Number(r.getAttribute('y')))")
    assert all(top < line_y for top in tops[1:7])

    progress = page.locator(".month-progress svg[role=img]")
    expect(progress).to_have_count(1)
    assert (progress.get_attribute("aria-label") or "").replace("\u00a0", " ") == (
        "In februari 2026 verdiende u tot nu toe € 677,06 netto. Vanaf € 1.401,50 per maand heeft u geen "
        "bijstand meer nodig."
    )
    done = progress.locator("rect.done")
    assert (done.get_attribute("data-earned"), done.get_attribute("data-exit")) == ("677.06", "1401.50")
    # 677,06 of 1.401,50 of the 340 wide track.
    assert abs(float(done.get_attribute("width") or "0") - 340 * 677.06 / 1401.50) < 0.1
    assert tab.errors == []


def test_a_pay_slip_is_missing_only_after_its_grace_days_and_the_running_week_is_not_missing(
    site: str, seeded: Seeded, open_tab: OpenTab
) -> None:
    # Piet's agency sent nothing for weeks 6 and 7. On Friday 20 February week 8 still runs; week 7 ended
    # on 15 February and is not late before 25 February (ten grace days, gateway/jobs/policy.json);
    # week 6 ended on 8 February and its pay slip is missing since 18 February.
    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, seeded.other_worker_name)
    weeks = page.locator(".weeks li")
    expect(weeks.nth(0)).to_contain_text("Week 8")
    expect(weeks.nth(0)).to_contain_text("Week loopt nog")
    expect(weeks.nth(1)).to_contain_text("Loonstrook nog niet binnen")
    expect(weeks.nth(2)).to_contain_text("Loonstrook ontbreekt")
    expect(weeks.nth(3)).not_to_contain_text("Loonstrook")
    expect(page.locator(".weeks .chip-warn")).to_have_count(1)
    page.goto(f"{site}/mij/#/weken/2026-W08")
    expect(page.locator("main")).to_contain_text("Deze week loopt nog.")
    expect(page.locator("main .note")).to_have_count(0)
    page.goto(f"{site}/mij/#/weken/2026-W06")
    expect(page.locator("main .note")).to_contain_text("Van deze week ontbreekt een loonstrook.")
    assert tab.errors == []


def _routes(page: Page) -> set[str]:
    return set(
        page.locator("main a[href^='#/']").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    )


def _record_ids(page: Page) -> list[str]:
    """The record ids of the signed-in worker's pay slips, as the API knows them."""
    ids: list[str] = page.evaluate(
        """async () => {
            const session = JSON.parse(sessionStorage.getItem("loonbrug.mij.sessie"));
            const headers = { Authorization: `Bearer ${session.accessToken}` };
            const answer = await fetch("/v1/mij/loonstroken?pageSize=50", { headers });
            return (await answer.json()).items.map((slip) => slip.recordId);
        }"""
    )
    return ids


def _internals(text: str, record_ids: list[str]) -> list[str]:
    found = UUID.findall(text) + PARAMETER_KEY.findall(text) + LINE_CODE.findall(text)
    found += [record for record in record_ids if record in text]
    return found + [word for word in ("DESIGN", "§", "vrijlating(E)") if word in text]


def test_no_worker_page_shows_an_internal_code_id_or_design_reference(
    site: str, seeded: Seeded, eva: str, demo: list[str], open_tab: OpenTab
) -> None:
    people = [(seeded.worker_name, "Testgemeente Noord"), (NAME, "Testgemeente Noord")]
    people += [(name, "Voorbeeldstad") for name in demo]
    assert len(people) == 7
    for name, municipality in people:
        tab = open_tab(PHONE)
        page = tab.page
        _sign_in(page, site, name, municipality)
        record_ids = _record_ids(page)
        assert record_ids
        seen: set[str] = set()
        to_visit = {"#/", "#/maanden", "#/loonstroken"}
        while to_visit:
            route = to_visit.pop()
            seen.add(route)
            page.goto(f"{site}/mij/{route}")
            expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
            expect(page.locator("main h1")).to_be_visible()
            # Closed details hold text too: open them all before reading.
            page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
            text = page.locator("body").inner_text()
            assert _internals(text, record_ids) == [], f"{name} {route}"
            to_visit |= _routes(page) - seen
        assert len(seen) > 8, (name, seen)
        assert tab.errors == []
