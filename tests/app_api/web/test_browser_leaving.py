"""Leaving the benefit in a real headless Chromium against the real app API: the consultant ends a case
through the form, sees a held payout with its exit forecast, records a bufferbudget decision from
Loonbrug's proposal, and the worker reads the hold, the exit news and the final settlement.

The amounts are the engine's for the world of seed.py and seed_leaving.py (norm € 1.401,50, 2026):
- Fatima Bouzid, € 450,00 net a week: February so far 2 × 450,00 = 900,00; at € 450,00 a week over the
  13 days without pay data (16-28 February) 450,00 × 13 / 7 = 835,71 more, so 1.735,71 ≥ 1.401,50 (exit
  forecast). The payout waits until 10 working days after 28 February: 13 March 2026.
- Joost Mulder, ended 31 January 2026: January income 4 × 338,53 = 1.354,12, bijstand 47,38, reserve
  47,38 − 45,01 = 2,37. Final settlement: 2,37 − the February advance 600,00 = − 597,63, not offset,
  proposed to be absorbed from the bufferbudget (€ 1.000,00 a year).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from gateway.store.db import Database
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.app_api.web.seed import Seeded, compute
from tests.app_api.web.seed_leaving import Leaving, seed_leaving

OpenTab = Callable[..., Tab]
SPACES = str.maketrans({"\u00a0": " "})


@pytest.fixture
def leaving(committed_database: Database, sealer: Sealer, seeded: Seeded) -> Leaving:
    """The two workers who leave, added to the committed world."""
    return seed_leaving(committed_database, sealer, seeded)


def _choose(page: Page, name: str, role: str) -> None:
    expect(page.get_by_text("Alleen voor ontwikkeling en demo")).to_be_visible()
    page.locator("button.identity").filter(has_text=name).filter(has_text=role).click()


def _staff_sign_in(page: Page, name: str, role: str) -> None:
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dev-issuer/medewerkers/authorize\?"))
    _choose(page, name, role)


def _worker_sign_in(page: Page, name: str) -> None:
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dev-issuer/burgers/authorize\?"))
    _choose(page, name, "werkende")


def _text(page: Page, selector: str) -> str:
    return page.locator(selector).inner_text().translate(SPACES)


def _fact(page: Page, card: str, term: str) -> str:
    row = page.locator(f"{card} dl div").filter(has=page.locator("dt", has_text=re.compile(f"^{term}$")))
    return row.locator("dd").first.inner_text().translate(SPACES)


def test_consultant_ends_a_case_through_the_form_and_withdraws_it(
    site: str, seeded: Seeded, leaving: Leaving, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    page.goto(f"{site}/portaal/#/werkenden/{seeded.worker_id}")
    _staff_sign_in(page, seeded.consultant_name, "inkomensconsulent")
    form = page.locator("form.end-form")
    expect(form.get_by_role("heading", name="Bijstand beëindigen")).to_be_visible()

    form.get_by_role("button", name="Bijstand beëindigen").click()
    expect(page.locator("#end-endDate-error")).to_have_text("Vul de laatste dag met recht op bijstand in.")
    assert page.locator("#end-endDate").get_attribute("aria-invalid") == "true"

    form.get_by_label("Laatste dag met recht op bijstand").fill("2025-12-31")
    form.get_by_role("button", name="Bijstand beëindigen").click()
    expect(form.locator(".confirm")).to_contain_text("De bijstand eindigt op 31 december 2025 (reden: werk).")
    form.get_by_role("button", name="Ja, beëindigen").click()
    error = page.locator("#end-endDate-error")
    expect(error).to_have_text("De bijstand begon op 1 januari 2026; het einde ligt niet eerder.")
    expect(form.get_by_role("alert")).to_contain_text("Controleer de gemarkeerde velden.")
    page.screenshot(path=screenshot_dir / "portaal-beeindigen-fout-desktop.png", full_page=True)

    form.get_by_label("Laatste dag met recht op bijstand").fill("2026-02-27")
    form.get_by_label("Verhuizing naar een andere gemeente").check()
    form.get_by_label("Toelichting (niet verplicht)").fill("Verhuist naar Testgemeente Zuid")
    form.get_by_role("button", name="Bijstand beëindigen").click()
    expect(form.locator(".confirm")).to_contain_text("27 februari 2026 (reden: verhuizing)")
    form.get_by_role("button", name="Ja, beëindigen").click()

    expect(page.locator(".success")).to_have_text(
        "De beëindiging is vastgelegd. De cijfers worden opnieuw berekend."
    )
    ended = page.locator(".ended")
    expect(ended.get_by_role("heading")).to_have_text("Bijstand beëindigd")
    assert _fact(page, ".ended", "Laatste dag met recht op bijstand") == "27 februari 2026"
    assert _fact(page, ".ended", "Reden") == "verhuizing"
    expect(ended).to_contain_text("De eindafrekening wordt berekend")
    page.screenshot(path=screenshot_dir / "portaal-beeindigd-desktop.png", full_page=True)

    ended.get_by_role("button", name="Beëindiging intrekken").click()
    ended.get_by_role("button", name="Ja, intrekken").click()
    expect(page.locator(".success")).to_have_text(
        "De beëindiging is ingetrokken. De cijfers worden opnieuw berekend."
    )
    expect(page.locator("form.end-form")).to_be_visible()
    assert tab.errors == []


def test_held_month_shows_the_hold_and_the_exit_forecast_and_approval_waits(
    site: str, seeded: Seeded, leaving: Leaving, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    page.goto(f"{site}/portaal/")
    _staff_sign_in(page, seeded.consultant_name, "inkomensconsulent")
    high = page.locator("tbody tr").filter(has_text=leaving.high_earner_name)
    expect(high).to_contain_text("Uitstroomsignaal (2)")
    expect(high).to_contain_text("Betaling wacht op loonstroken")
    ended = page.locator("tbody tr").filter(has_text=leaving.ended_name)
    expect(ended).to_contain_text("Voorstel bufferbudget")
    page.screenshot(path=screenshot_dir / "portaal-caseload-uitstroom-desktop.png", full_page=True)
    high.get_by_role("link", name=leaving.high_earner_name).click()
    signals = page.locator(".signals")
    expect(signals).to_contain_text("Uitstroomsignaal: februari 2026, loonstroken van week 6 en 7")
    expect(signals).to_contain_text("Betaling wacht op loonstroken: februari 2026")
    expect(signals).to_contain_text("uiterlijk tot 13 maart 2026")
    february = page.locator("tbody tr").filter(has=page.get_by_role("link", name="februari 2026"))
    expect(february).to_contain_text("betaling wacht, uiterlijk tot 13 maart 2026")

    february.get_by_role("link").click()
    hold = page.locator(".hold")
    expect(hold.get_by_role("heading")).to_have_text("Betaling wacht op loonstroken")
    expect(hold).to_contain_text("uiterlijk op 13 maart 2026. Goedkeuren kan pas daarna.")
    forecast = page.locator(".forecast")
    expect(forecast.get_by_role("heading")).to_have_text("Uitstroomsignaal")
    assert _fact(page, ".forecast", "Uitstroominkomen \\(netto per maand\\)") == "€ 1.401,50"
    assert _fact(page, ".forecast", "Verdiend tot nu toe") == "€ 900,00"
    assert _fact(page, ".forecast", "Recent per week") == "€ 450,00"
    assert _fact(page, ".forecast", "Verwacht over de maand") == "€ 1.735,71"
    expect(forecast.locator(".forecast-weeks li")).to_have_text(
        ["week 6: 2 februari t/m 8 februari", "week 7: 9 februari t/m 15 februari"]
    )
    expect(page.locator('li.line[data-code="UITSTROOMSIGNAAL"] .line-amount')).to_have_text("€ 1.735,71")
    page.screenshot(path=screenshot_dir / "portaal-maand-vastgehouden-desktop.png", full_page=True)

    page.locator(".workflow").get_by_role("button", name="Voorstellen").click()
    expect(page.locator(".success")).to_have_text("Gelukt. De status is nu: voorgesteld.")
    page.get_by_role("button", name="Uitloggen").click()
    _staff_sign_in(page, seeded.team_lead_name, "teamleider")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    page.goto(f"{site}/portaal/#/werkenden/{leaving.high_earner_id}/maanden/2026-02")
    expect(page.locator(".month-title")).to_contain_text("Voorgesteld")
    # The payout waits: approval is not offered (the API would refuse it), and the card says why.
    workflow = page.locator(".workflow")
    expect(workflow.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    expect(workflow).to_contain_text("Goedkeuren kan pas als de betaling niet meer wacht op loonstroken.")
    expect(page.locator(".month-title")).to_contain_text("Voorgesteld")
    page.screenshot(path=screenshot_dir / "portaal-goedkeuren-wacht-desktop.png", full_page=True)
    assert tab.errors == []


def test_bufferbudget_proposal_becomes_a_decision_the_worker_sees(
    site: str,
    seeded: Seeded,
    leaving: Leaving,
    open_tab: OpenTab,
    screenshot_dir: Path,
    committed_database: Database,
    sealer: Sealer,
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    page.goto(f"{site}/portaal/#/werkenden/{leaving.ended_id}")
    _staff_sign_in(page, seeded.consultant_name, "inkomensconsulent")
    ended = page.locator(".ended")
    assert _fact(page, ".ended", "Laatste dag met recht op bijstand") == "31 januari 2026"
    assert _fact(page, ".ended", "Reden") == "werk"
    expect(page.locator("tbody tr").first.get_by_role("link")).to_have_text("Eindafrekening")

    ended.get_by_role("link", name="Eindafrekening (na januari 2026)").click()
    expect(page.locator(".month-title")).to_contain_text(
        "Eindafrekening na einde bijstand op 31 januari 2026"
    )
    assert _fact(page, ".card", "Vakantietoeslag uitbetaald") == "€ 2,37"
    assert _fact(page, ".card", "Voorschot na het einde") == "€ 600,00"
    assert _fact(page, ".card", "Te betalen") == "€ 0,00"
    assert _fact(page, ".card", "Niet verrekend") == "€ 597,63"
    note = page.locator(".proposal-note")
    expect(note).to_contain_text("Voorstel van Loonbrug: € 597,63 uit het bufferbudget.")
    expect(page.locator('li.line[data-code="BUFFERBUDGET_VOORSTEL"]')).to_be_visible()
    page.screenshot(path=screenshot_dir / "portaal-eindafrekening-desktop.png", full_page=True)

    page.get_by_role("link", name="Besluit vastleggen bij Bufferbudget").click()
    expect(page.get_by_role("heading", level=2, name="Bufferbudget")).to_be_visible()
    proposal = page.locator(".proposal")
    expect(proposal).to_have_count(1)
    expect(proposal).to_contain_text(
        "Eindafrekening (februari 2026): € 597,63 niet terugvorderen maar betalen uit het bufferbudget"
    )
    expect(proposal).to_contain_text("Er zit dit jaar nog € 1.000,00 in het bufferbudget.")
    form = page.locator("form.buffer-form")
    expect(form).to_contain_text("Voor de eindafrekening kiest u februari 2026.")
    form.get_by_label("Maand").fill("2026-02")
    form.get_by_label("Soort").select_option("aanvulling")
    form.get_by_label("Bedrag in euro").fill("10,5")
    form.get_by_role("button", name="Besluit vastleggen").click()
    only = "Bij de eindafrekening kan alleen kwijtschelding."
    expect(page.locator("#buffer-kind-error")).to_have_text(only)
    assert page.locator("#buffer-kind").get_attribute("aria-invalid") == "true"
    page.screenshot(path=screenshot_dir / "portaal-bufferbudget-voorstel-desktop.png", full_page=True)

    proposal.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".success")).to_contain_text("Besluit vastgelegd: € 597,63 voor de eindafrekening.")
    decisions = page.locator(".bufferbudget table").filter(has_text="Besloten door")
    expect(decisions.locator("tbody tr")).to_have_count(1)
    expect(decisions.locator("tbody tr")).to_contain_text("€ 597,63")
    expect(page.locator(".proposal")).to_contain_text("Besluit vastgelegd")
    page.screenshot(path=screenshot_dir / "portaal-bufferbudget-besluit-desktop.png", full_page=True)
    assert tab.errors == []

    # The jobs recompute the worker (here: directly), then the worker reads the final settlement.
    with committed_database.transaction() as session:
        compute(session, sealer, session.get_one(Worker, leaving.ended_id))
    worker = open_tab(PHONE)
    phone = worker.page
    phone.goto(f"{site}/mij/")
    _worker_sign_in(phone, leaving.ended_name)
    final = phone.locator(".final")
    expect(final.get_by_role("heading")).to_have_text("Eindafrekening")
    expect(final).to_contain_text("Uw bijstand is gestopt. De laatste dag was 31 januari 2026.")
    expect(final).to_contain_text("We spaarden € 2,37 vakantiegeld voor u.")
    expect(final).to_contain_text("U kreeg daarna nog € 600,00 voorschot.")
    expect(final).to_contain_text(
        "De gemeente betaalt € 597,63 uit het bufferbudget, zodat u dit niet hoeft terug te betalen."
    )
    expect(final).not_to_contain_text("Er blijft")
    expect(phone.locator(".buffer")).to_have_count(0)  # the final settlement card already says it
    phone.screenshot(path=screenshot_dir / "mij-eindafrekening-telefoon.png", full_page=True)
    final.get_by_role("link", name="Hoe is dit berekend?").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Eindafrekening")
    expect(phone.locator('li.line[data-code="BUFFERBUDGET_VOORSTEL"]')).to_have_count(0)
    phone.goto(f"{site}/mij/#/maanden")
    expect(phone.locator(".week-card").first).to_have_text(re.compile("^EindafrekeningEr wordt niets meer"))
    assert worker.errors == []


def test_worker_sees_the_hold_and_the_exit_forecast(
    site: str, seeded: Seeded, leaving: Leaving, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    page.goto(f"{site}/mij/")
    _worker_sign_in(page, leaving.high_earner_name)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Fatima")
    hold = page.locator(".hold")
    expect(hold.get_by_role("heading")).to_have_text("Uw betaling wacht even")
    assert _text(page, ".hold p >> nth=0") == (
        "Uw betaling over februari wacht tot alle loonstroken binnen zijn, uiterlijk 13 maart. Daarna krijgt "
        "u wat zeker is; komt er later nog een loonstrook, dan betalen we bij."
    )
    forecast = page.locator(".forecast")
    expect(forecast.get_by_role("heading")).to_have_text("U verdient genoeg om uit de bijstand te gaan")
    assert _text(page, ".forecast p >> nth=0") == (
        "In februari 2026 verdiende u tot nu toe € 900,00. Werkt u zo door, dan wordt dat ongeveer "
        "€ 1.735,71. Vanaf € 1.401,50 per maand heeft u geen bijstand meer nodig."
    )
    expect(forecast).to_contain_text("U hoeft niets terug te betalen als u dit doet:")
    expect(forecast.locator("li")).to_have_count(2)
    expect(forecast).to_contain_text("Vertel uw consulent dat u (meer) werk heeft.")
    expect(forecast).to_contain_text("bij de eindafrekening ook het vakantiegeld")
    page.screenshot(path=screenshot_dir / "mij-vastgehouden-telefoon.png", full_page=True)
    text = page.locator("main").inner_text()
    for internal in ("vastgehouden", "uitstroomsignaal", "prognose", "eindafrekening_", "art34a", "W06"):
        assert internal not in text

    page.get_by_role("link", name="Alle maanden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle maanden")
    name = page.locator(".week-name", has_text="februari 2026")
    february = page.locator(".week-card").filter(has=name)
    expect(february).to_contain_text("Betaling wacht, uiterlijk 13 maart 2026")
    february.click()
    expect(page.locator(".hold")).to_be_visible()
    expect(page.locator(".forecast")).to_be_visible()
    page.screenshot(path=screenshot_dir / "mij-maand-vastgehouden-telefoon.png", full_page=True)
    assert tab.errors == []


TEXTS_PROBE = """async () => {
    const w = await import("/web/mij/leaving.js");
    const labels = await import("/web/portaal/labels.js");
    const text = (node) => (node === null ? null : node.textContent.replaceAll("\\u00a0", " "));
    const released = { reason: "laatste_maand", until: "2026-04-14", status: "vrijgegeven_termijn" };
    const complete = { ...released, status: "vrijgegeven_compleet" };
    const held = { ...released, status: "vastgehouden" };
    const twoMonths = { basis: "twee_maanden", exitIncome: "1401.50", incomeSoFar: "400.00",
                        weeklyNet: null, projected: "400.00", weeks: [] };
    const uses = [{ month: "2026-03", kind: "aanvulling", amount: "35.10" },
                  { month: "2026-04", kind: "kwijtschelding", amount: "12.00" }];
    const signal = { month: "2026-03", reason: "laatste_maand", until: "2026-04-14" };
    return [
        text(w.holdCard(released, "2026-03")),
        w.holdCard(complete, "2026-03"),
        text(w.holdCard(held, "2026-03")),
        text(w.forecastCard(twoMonths, "2026-03").querySelector("p")),
        text(w.bufferCard(uses, new Set(["2026-04"]))),
        w.bufferNote(uses, "2026-04").map(text),
        labels.weekNumbers(["2026-W10"]),
        labels.signalText({ kind: "payout_held", details: signal }),
    ];
}"""
EXPECTED_TEXTS = [
    "We betalen wat zeker is"
    "Op 14 april 2026 waren nog niet al uw loonstroken over maart binnen. We betalen nu het bedrag dat zeker"
    " is. Komt de loonstrook later, dan betalen we bij.",
    None,
    "Uw betaling wacht even"
    "Uw betaling over maart wacht tot alle loonstroken binnen zijn, uiterlijk 14 april. Daarna krijgt u wat"
    " zeker is; komt er later nog een loonstrook, dan betalen we bij."
    "Dit is de laatste maand van uw bijstand. Zo voorkomen we dat u te veel krijgt en later geld moet"
    " terugbetalen.",
    "U verdiende de vorige twee maanden al genoeg. Vanaf € 1.401,50 per maand heeft u geen bijstand meer"
    " nodig.",
    "Bufferbudget"
    "maart 2026: We hielden te veel in op uw bijstand. De gemeente betaalt € 35,10 extra uit het"
    " bufferbudget.",
    ["De gemeente betaalt € 12,00 uit het bufferbudget, zodat u dit niet hoeft terug te betalen."],
    "week 10",
    "Betaling wacht op loonstroken: maart 2026, laatste maand van de bijstand, uiterlijk tot 14 april 2026",
]


def test_worker_texts_of_other_holds_and_uses_and_the_signal_texts(site: str, open_tab: OpenTab) -> None:
    page = open_tab(PHONE).page
    page.goto(f"{site}/mij/")
    assert page.evaluate(TEXTS_PROBE) == EXPECTED_TEXTS
