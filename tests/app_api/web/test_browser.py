"""The pages in a real headless Chromium against the real app API: sign in through the development
issuer, the consultant settles a month (a team lead approves: four eyes), the worker sees the weeks,
this month's payout and what is still to earn; other people's data shows 'not found'; the CSP holds.

The amounts are the engine's for the seeded world (tests/app_api/web/seed.py): a single person, norm
€ 1.401,50 (2026), weekly net pay € 338,53 (24 hours, gross € 390,00), a February advance of € 600,00.
February up to week 7: income 2 × 338,53 = 677,06; bijstand 1.401,50 − 677,06 = 724,44; payout 95% =
688,22 (half up); back payment 688,22 − 600,00 = 88,22; still to earn 724,44 net = 834,59 gross
(× 2.340,00 / 2.031,18) = 51,36 hours at 16,25; per week 1.401,50 × 12 / 52 = 323,43 (rounded up).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.app_api.web.seed import Seeded
from tests.factories import TEST_BSNS

OpenTab = Callable[..., Tab]


def _choose(page: Page, name: str, role: str) -> None:
    """On the development login page, press the button of `name` in `role`."""
    expect(page.get_by_text("Alleen voor ontwikkeling en demo")).to_be_visible()
    page.locator("button.identity").filter(has_text=name).filter(has_text=role).click()


def _staff_sign_in(page: Page, name: str, role: str) -> None:
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dev-issuer/medewerkers/authorize\?"))
    _choose(page, name, role)


def _fact(page: Page, term: str) -> str:
    """The value next to `term` in a card's list of facts (no-break spaces read as spaces)."""
    row = page.locator(".card dl div").filter(has=page.locator("dt", has_text=re.compile(f"^{term}$")))
    return row.locator("dd").first.inner_text().replace("\u00a0", " ")


def test_consultant_proposes_and_team_lead_approves_and_exports(
    site: str, seeded: Seeded, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    page.goto(f"{site}/portaal/")
    _staff_sign_in(page, seeded.consultant_name, "inkomensconsulent")

    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    assert "code=" not in page.url
    assert "state=" not in page.url
    stored = page.evaluate("() => [Object.keys(sessionStorage), localStorage.length]")
    assert stored == [["loonbrug.portaal.sessie"], 0]
    expect(page.locator("#account")).to_contain_text(seeded.consultant_name)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=seeded.other_worker_name)).to_contain_text("Loonstrook ontbreekt (2)")
    page.screenshot(path=screenshot_dir / "portaal-caseload-desktop.png", full_page=True)

    page.get_by_role("link", name=seeded.worker_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded.worker_name)
    february = page.locator("tbody tr").filter(has=page.get_by_role("link", name="februari 2026"))
    expect(february).to_contain_text("€ 688,22")
    expect(february).to_contain_text("€ 88,22")
    january = page.locator("tbody tr").filter(has=page.get_by_role("link", name="januari 2026"))
    expect(january).to_contain_text("€ 45,01")

    february.get_by_role("link").click()
    expect(page.locator(".month-title")).to_contain_text("Maandverrekening februari 2026")
    assert _fact(page, "Norm") == "€ 1.401,50"
    assert _fact(page, "Meetellend inkomen") == "€ 677,06"
    assert _fact(page, "Bijstand") == "€ 724,44"
    assert _fact(page, "Uitbetaling \\(95%\\)") == "€ 688,22"
    assert _fact(page, "Voorschot") == "€ 600,00"
    assert _fact(page, "Nabetaling") == "€ 88,22"
    assert _fact(page, "Betaaldatum") == "2 maart 2026"
    assert _fact(page, "Nog te verdienen, bruto") == "€ 834,59"
    bijstand = page.locator('li.line[data-code="BIJSTAND"]')
    expect(bijstand).to_contain_text("norm € 1.401,50 − (inkomen € 677,06 − vrijlating € 0,00) = € 724,44")
    expect(bijstand.locator(".line-meta")).to_contain_text("art. 19 Participatiewet")
    expect(page.locator('li.line[data-code="UITBETALING"] .line-amount')).to_have_text("€ 688,22")
    income = page.locator('li.line[data-code="INKOMEN"]')
    expect(income).to_have_count(2)
    expect(income.first).to_contain_text("Nettoloon Uitzendbureau Zonnig (2 februari 2026 t/m 8 februari")
    page.screenshot(path=screenshot_dir / "portaal-maand-desktop.png", full_page=True)

    workflow = page.locator(".workflow")
    expect(workflow.get_by_role("button")).to_have_count(1)
    workflow.get_by_label("Toelichting (niet verplicht)").fill("Loonstroken compleet")
    workflow.get_by_role("button", name="Voorstellen").click()
    expect(page.locator(".success")).to_have_text("Gelukt. De status is nu: voorgesteld.")
    expect(page.locator(".workflow")).to_contain_text("Een teamleider keurt deze maand goed (vier ogen).")
    expect(page.locator(".workflow").get_by_role("button", name="Goedkeuren")).to_have_count(0)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshot_dir / "portaal-maand-telefoon.png")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    assert page.evaluate("() => sessionStorage.length") == 0

    page.goto(f"{site}/portaal/#/werkenden/{seeded.worker_id}/maanden/2026-02")
    _staff_sign_in(page, seeded.team_lead_name, "teamleider")
    expect(page.locator(".month-title")).to_contain_text("Voorgesteld")
    page.locator(".workflow").get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".success")).to_have_text("Gelukt. De status is nu: goedgekeurd.")
    page.locator(".workflow").get_by_role("button", name="Exporteren naar het uitkeringssysteem").click()
    expect(page.locator(".success")).to_have_text("Gelukt. De status is nu: geëxporteerd.")
    history = page.locator(".workflow .history li")
    expect(history).to_have_count(4)
    expect(history.filter(has_text="Voorgesteld")).to_contain_text("Loonstroken compleet")

    with page.expect_download() as download:
        page.get_by_role("button", name="Exportbestand downloaden (CSV)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert download.value.suggested_filename.endswith("-2026-02.csv")
    assert exported[0].startswith("gemeente;bsn;maand;")
    assert len(exported) == 2
    assert ";688.22;" in exported[1]
    assert ";88.22;" in exported[1]
    page.get_by_role("link", name="Caseload").click()
    page.get_by_role("link", name="Exporteren naar het uitkeringssysteem").click()
    page.get_by_label("Maand").fill("2026-02")
    with page.expect_download() as again:
        page.get_by_role("button", name="Eerder bestand opnieuw maken").click()
    assert Path(again.value.path()).read_text(encoding="utf-8").splitlines() == exported
    name = again.value.suggested_filename
    expect(page.get_by_role("status")).to_have_text(f"Het bestand {name} is gedownload.")
    assert tab.errors == []


def test_consultant_reads_weeks_pay_records_and_records_a_household_change(
    site: str, seeded: Seeded, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    page.goto(f"{site}/portaal/#/werkenden/{seeded.worker_id}/weken")
    _staff_sign_in(page, seeded.consultant_name, "inkomensconsulent")
    week = page.locator("tbody tr").filter(has=page.get_by_role("link", name=re.compile("^week 7:")))
    expect(week).to_contain_text("€ 338,53")
    week.get_by_role("link").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "week 7: 9 februari t/m 15 februari (februari 2026)"
    )
    assert _fact(page, "Inkomen tot en met deze week") == "€ 677,06"
    assert _fact(page, "Verwacht verschil") == "€ 88,22"
    expect(page.locator('li.line[data-code="VERWACHT_VERSCHIL"] .line-amount')).to_have_text("€ 88,22")
    expect(page.locator("tbody tr")).to_have_count(2)

    page.get_by_role("link", name="Loonstroken").click()
    expect(page.locator("tbody tr")).to_have_count(6)
    page.get_by_role("link", name="Huishouden").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("vanaf 1 januari 2026")
    page.get_by_label("Geldig vanaf").fill("2026-03-01")
    page.get_by_label("Kostendelers van 27 jaar of ouder").fill("1")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator(".success")).to_have_text("Vastgelegd. De cijfers worden opnieuw berekend.")
    periods = page.locator("tbody tr")
    expect(periods).to_have_count(2)
    expect(periods.first).to_contain_text("1 januari 2026 t/m 28 februari 2026")
    expect(periods.nth(1)).to_contain_text("vanaf 1 maart 2026")
    page.screenshot(path=screenshot_dir / "portaal-huishouden-desktop.png", full_page=True)
    assert tab.errors == []


def test_worker_sees_this_month_what_to_earn_and_the_pay_records(
    site: str, seeded: Seeded, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    page.goto(f"{site}/mij/")
    page.screenshot(path=screenshot_dir / "mij-inloggen-telefoon.png")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dev-issuer/burgers/authorize\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen als werkende")
    page.screenshot(path=screenshot_dir / "ontwikkel-login-telefoon.png")
    _choose(page, seeded.worker_name, "werkende")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Sanne")
    month = page.locator(".this-month")
    expect(month.locator(".amount")).to_have_text("€ 88,22")
    expect(month).to_contain_text("Dit krijgt u op 2 maart 2026.")
    expect(month).to_contain_text("Maand loopt nog")
    assert _fact(page, "Bijstand over februari") == "€ 688,22"
    assert _fact(page, "Al betaald als voorschot") == "− € 600,00"
    assert _fact(page, "Nog te krijgen op 2 maart 2026") == "€ 88,22"
    remaining = page.locator(".remaining")
    expect(remaining.locator(".amount")).to_have_text("€ 724,44")
    expect(remaining).to_contain_text(
        "Dat is ongeveer € 834,59 bruto. Dat is 51,36 uur werk voor € 16,25 per uur."
    )
    expect(remaining).to_contain_text("elke week € 323,43 netto nodig")
    expect(remaining).to_contain_text("U verdient nu gemiddeld € 338,53 per week. Dat verdient u nu al.")
    weeks = page.locator(".weeks li")
    expect(weeks.first).to_contain_text("Week 8: 16 februari t/m 22 februari")
    expect(weeks.first).to_contain_text("Week loopt nog")
    expect(weeks.nth(1)).to_contain_text("Verdiend: € 338,53 (24 uur)")
    expect(weeks.nth(1)).to_contain_text("Na deze week: € 688,22 bijstand over februari 2026")
    page.screenshot(path=screenshot_dir / "mij-overzicht-telefoon.png")

    weeks.nth(1).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Week 7: 9 februari t/m 15 februari")
    expect(page.locator("main")).to_contain_text("Dan krijgt u € 688,22 bijstand over februari 2026.")
    expect(page.locator("main")).to_contain_text("Op 2 maart 2026 krijgt u dan nog € 88,22 bij.")
    expect(page.locator(".slip")).to_have_count(2)
    slip = page.locator(".slip").first
    expect(slip.locator("h3")).to_have_text("Uitzendbureau Zonnig: 9 februari t/m 15 februari 2026")
    assert _fact(page, "Netto loon") == "€ 338,53"
    assert _fact(page, "Bruto loon") == "€ 390,00"
    expect(page.locator(".slip").nth(1).locator("h3")).to_have_text(
        "Uitzendbureau Zonnig: 2 februari t/m 8 februari 2026"
    )
    page.screenshot(path=screenshot_dir / "mij-week-telefoon.png")
    page.get_by_text("Hoe is dit berekend?").click()
    expect(page.locator('li.line[data-code="BIJSTAND"]')).to_contain_text("= € 724,44")

    slip.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loonstrook")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/mij/#/")
    expect(page.locator(".this-month .amount")).to_have_text("€ 88,22")
    page.screenshot(path=screenshot_dir / "mij-overzicht-desktop.png", full_page=True)
    assert tab.errors == []


def test_other_peoples_data_is_not_found_and_other_roles_get_no_access(
    site: str, seeded: Seeded, open_tab: OpenTab
) -> None:
    worker = open_tab(PHONE).page
    worker.goto(f"{site}/mij/")
    worker.get_by_role("button", name="Inloggen").click()
    worker.get_by_label("Burgerservicenummer").fill(TEST_BSNS[0])
    worker.get_by_role("button", name="Inloggen").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Hallo Sanne")
    with worker.expect_response(re.compile(r"/v1/mij/loonstroken/")) as answer:
        worker.goto(f"{site}/mij/#/loonstroken/{seeded.other_worker_payslip_id}")
    assert answer.value.status == 404
    expect(worker.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(worker.locator("main")).to_contain_text("Dit bestaat niet, of het is niet van u.")

    staff = open_tab(DESKTOP).page
    staff.goto(f"{site}/portaal/#/werkenden/{seeded.worker_id}")
    _staff_sign_in(staff, seeded.other_consultant_name, "inkomensconsulent")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(staff.locator("main")).to_contain_text("horen niet bij uw gemeente")
    staff.get_by_role("link", name="Terug naar het overzicht").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Caseload")
    expect(staff.locator("main")).to_contain_text("Er staan nog geen werkenden op uw caseload.")
    staff.get_by_role("link", name="Exporteren naar het uitkeringssysteem").click()
    staff.get_by_label("Maand").fill("2026-02")
    staff.get_by_role("button", name="Goedgekeurde maanden exporteren").click()
    nothing = "Er zijn geen goedgekeurde verrekeningen van deze maand."
    expect(staff.get_by_role("status")).to_have_text(nothing)

    auditor = open_tab(DESKTOP).page
    auditor.goto(f"{site}/portaal/")
    _staff_sign_in(auditor, seeded.auditor_name, "auditor")
    expect(auditor.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(auditor.locator("main")).to_contain_text("Uw rol geeft geen toegang tot deze functie.")


PROBE = """
window.probeRan = true;
try { eval("1"); window.evalResult = "ran"; } catch (error) { window.evalResult = error.name; }
"""


def _with_probes(route: Route) -> None:
    """The real page with an inline script and a same-origin script that tries eval, under the real CSP."""
    response = route.fetch()
    probes = '<script>window.inlineRan = true;</script><script src="/web/probe.js"></script>'
    route.fulfill(response=response, body=response.text().replace("</head>", f"{probes}</head>"))


def test_the_csp_admits_only_scripts_of_this_origin(site: str, open_tab: OpenTab) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    for path in ("/portaal/", "/mij/", "/web/mij/app.js"):
        answer = page.request.get(f"{site}{path}")
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "default-src 'none'" in policy
        assert "unsafe" not in policy
    page.route(f"{site}/mij/", _with_probes)
    page.route(
        f"{site}/web/probe.js", lambda route: route.fulfill(body=PROBE, content_type="text/javascript")
    )
    page.goto(f"{site}/mij/")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    assert page.evaluate("() => [window.probeRan, window.inlineRan, window.evalResult]") == [
        True,
        None,
        "EvalError",
    ]
    assert any("Content Security Policy" in error and "inline script" in error for error in tab.errors)


def test_amounts_dates_and_weeks_read_in_dutch(site: str, open_tab: OpenTab) -> None:
    page = open_tab(PHONE).page
    page.goto(f"{site}/mij/")
    spelled = page.evaluate(
        """async () => {
            const f = await import("/web/common/format.js");
            return [
                f.euro("1401.50"), f.euro("-426.18"), f.euro("1234567.05"), f.euro(null),
                f.hours("32.00"), f.hours("35.36"), f.isPositive("-0.00"), f.isPositive("0.01"),
                f.weekName("2026-W01"), f.weekName("2020-W53"),
                f.longDate("2026-03-02"), f.monthName("2026-12"),
            ];
        }"""
    )
    assert [value.replace("\u00a0", " ") if isinstance(value, str) else value for value in spelled] == [
        "€ 1.401,50",
        "− € 426,18",
        "€ 1.234.567,05",
        "–",
        "32 uur",
        "35,36 uur",
        False,
        True,
        "week 1: 29 december t/m 4 januari",
        "week 53: 28 december t/m 3 januari",
        "2 maart 2026",
        "december 2026",
    ]
