"""Entering and correcting invoices and costs in Chromium: the consultant enters an invoice, an e-invoice
file and a cost for Sanne (tests/app_api/web/seed.py) in the portal's "Eigen bedrijf" tab and corrects the
cost; Sanne corrects an invoice in her own page and, after the real recompute, February counts the
corrected amount, and a correction sent from a stale page is refused next to its form's title; only a
role that may send documents sees the forms. Axe finds nothing on the forms.

Hand-worked February for Sanne's correction (the seeded figures are in test_browser.py): wages
2 × € 338,53 = € 677,06. Her invoice 2026-020 of € 85,00 for work from 9 to 13 February is replaced by
2026-021 of € 60,00 for the same work; only the correction counts: income 677,06 + 60,00 = € 737,06.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.app_api.web.seed import Seeded
from tests.app_api.web.seed_business import add_double_role_staff
from tests.app_api.web.test_accessibility import _violations
from tests.app_api.web.test_browser_portal import settled, sign_in
from tests.app_api.web.test_browser_self_employed import (
    EXAMPLE_UBL,
    _clean,
    _error_of,
    _fill_invoice,
    _form,
    _open_business,
    _recompute,
)
from tests.app_api.web.test_browser_worker import _sign_in

OpenTab = Callable[..., Tab]
STAFF_FORMS = ("Factuur vastleggen", "Of: e-factuur uploaden", "Kosten vastleggen")


def _business_tab(page: Page, site: str, name: str, role: str, worker_id: str) -> None:
    sign_in(page, site, name, role, f"#/werkenden/{worker_id}/eigen-bedrijf")
    settled(page)


def _fill(form: Locator, number: str, client: str, amount: str) -> None:
    form.get_by_label("Factuurnummer").fill(number)
    form.get_by_label("Factuurdatum").fill("2026-02-16")
    form.get_by_label("Van", exact=True).fill("2026-02-09")
    form.get_by_label("Tot en met").fill("2026-02-13")
    form.get_by_label("Klant", exact=True).fill(client)
    form.get_by_label("Bedrag zonder btw").fill(amount)


def test_a_consultant_enters_an_invoice_and_a_cost_for_a_worker_and_corrects_the_cost(
    site: str, seeded: Seeded, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    _business_tab(page, site, seeded.consultant_name, "inkomensconsulent", seeded.worker_id)
    expect(page.get_by_text("Geen facturen ingediend.")).to_be_visible()
    invoice = _form(page, "Factuur vastleggen")
    _fill(invoice, "2026-030", "", "85,00")
    invoice.get_by_label("Factuurdatum").fill("1999-12-31")
    invoice.get_by_role("button", name="Factuur vastleggen").click()
    # The page tells what is missing before sending; then the API's refusal comes back on its field.
    expect(_error_of(invoice, "Klant")).to_have_text("Vul de naam van de klant in.")
    invoice.get_by_label("Klant", exact=True).fill("Bakkerij De Korenaar")
    invoice.get_by_role("button", name="Factuur vastleggen").click()
    expect(_error_of(invoice, "Factuurdatum")).to_have_text("Moet minstens 1 januari 2000 zijn.")
    expect(invoice.get_by_label("Klant", exact=True)).not_to_have_attribute("aria-invalid", "true")
    found = _violations(page, "portaal eigen bedrijf met fouten")

    invoice.get_by_label("Factuurdatum").fill("2026-02-16")
    invoice.get_by_role("button", name="Factuur vastleggen").click()
    expect(page.locator(".success")).to_contain_text("Factuur 2026-030 is vastgelegd.")
    invoices = page.locator("table").first
    row = invoices.locator("tbody tr", has_text="2026-030")
    expect(row).to_contain_text("Bakkerij De Korenaar")
    expect(row).to_contain_text("€ 85,00")
    expect(row).to_contain_text("gemeente")
    expect(row).to_contain_text("geldt")

    upload = _form(page, "Of: e-factuur uploaden")
    upload.get_by_label("E-factuur (XML-bestand, ten hoogste 1 MB)").set_input_files(EXAMPLE_UBL)
    upload.get_by_role("button", name="E-factuur uploaden").click()
    expect(page.locator(".success")).to_contain_text("Factuur 2026-009 aan")
    expect(page.locator(".success")).to_contain_text("is gelezen en vastgelegd.")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(2)

    costs = _form(page, "Kosten vastleggen")
    costs.get_by_label("Datum van de bon").fill("2026-02-10")
    costs.get_by_label("Bedrag zonder btw").fill("12,50")
    costs.get_by_label("Soort kosten").select_option(label="Materiaal")
    costs.get_by_label("Hoort bij factuur (niet verplicht)").select_option("2026-030")
    costs.get_by_role("button", name="Kosten vastleggen").click()
    expect(page.locator(".success")).to_contain_text("Kosten van € 12,50 zijn vastgelegd.")

    # Annuleren closes a correction and gives the focus back to its button.
    page.get_by_role("button", name="Corrigeren: factuur 2026-030").click()
    _form(page, "Factuur 2026-030 corrigeren").get_by_role("button", name="Annuleren").click()
    expect(page.locator(".correction form")).to_have_count(0)
    expect(page.get_by_role("button", name="Corrigeren: factuur 2026-030")).to_be_focused()

    page.get_by_role("button", name="Corrigeren: Materiaal, € 12,50").click()
    correction = _form(page, "Kosten van € 12,50 corrigeren")
    expect(correction.get_by_role("heading")).to_be_focused()
    expect(correction.get_by_label("Bedrag zonder btw")).to_have_value("12,50")
    expect(correction.get_by_label("Datum van de bon")).to_have_value("2026-02-10")
    expect(correction.get_by_label("Soort kosten")).to_have_value("materiaal")
    expect(correction.get_by_label("Hoort bij factuur (niet verplicht)")).to_have_value("2026-030")
    found.extend(_violations(page, "portaal kosten corrigeren"))
    page.screenshot(path=screenshot_dir / "portaal-eigen-bedrijf-corrigeren.png", full_page=True)
    correction.get_by_label("Bedrag zonder btw").fill("15,00")
    correction.get_by_role("button", name="Correctie doorgeven").click()
    expect(page.locator(".success")).to_contain_text(
        "De correctie van € 15,00 vervangt nu de kosten van € 12,50."
    )
    cost_rows = page.locator("table").nth(1).locator("tbody tr")
    expect(cost_rows).to_have_count(2)
    expect(cost_rows.first).to_contain_text("vervangen door de kosten van € 15,00 op 10 februari 2026")
    expect(cost_rows.first.get_by_role("button")).to_have_count(0)
    expect(cost_rows.nth(1)).to_contain_text("geldt")
    expect(cost_rows.nth(1).get_by_role("button", name="Corrigeren: Materiaal, € 15,00")).to_be_visible()
    _clean(page)
    found.extend(_violations(page, "portaal eigen bedrijf na correctie"))
    page.screenshot(path=screenshot_dir / "portaal-eigen-bedrijf-invoeren.png", full_page=True)
    assert found == [], "\n".join(found)
    assert tab.errors == []


def test_a_worker_corrects_an_invoice_and_the_month_counts_the_correction(
    site: str,
    seeded: Seeded,
    committed_database: Database,
    sealer: Sealer,
    open_tab: OpenTab,
    screenshot_dir: Path,
) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, seeded.worker_name)
    _open_business(page)
    _fill_invoice(page, "2026-020", "85,00", "17,85")
    page.get_by_role("button", name="Factuur doorgeven").click()
    expect(page.locator(".success")).to_contain_text("Factuur 2026-020 is doorgegeven.")

    # A second tab opens the same correction before the first one sends it.
    stale_tab = open_tab(PHONE)
    stale = stale_tab.page
    _sign_in(stale, site, seeded.worker_name)
    _open_business(stale)
    stale.get_by_role("button", name="Corrigeren: factuur 2026-020").click()

    old = page.locator("article.document", has_text="Factuur 2026-020 aan Bakkerij De Korenaar")
    old.get_by_role("button", name="Corrigeren: factuur 2026-020").click()
    correction = _form(page, "Factuur 2026-020 corrigeren")
    expect(correction.get_by_label("Nieuw factuurnummer")).to_have_value("")
    expect(correction.get_by_label("Klant", exact=True)).to_have_value("Bakkerij De Korenaar")
    expect(correction.get_by_label("Van", exact=True)).to_have_value("2026-02-09")
    expect(correction.get_by_label("Tot en met")).to_have_value("2026-02-13")
    expect(correction.get_by_label("Bedrag zonder btw")).to_have_value("85,00")
    expect(correction.get_by_label("Btw", exact=True)).to_have_value("17,85")
    correction.get_by_label("Nieuw factuurnummer").fill("2026-020")
    correction.get_by_role("button", name="Correctie doorgeven").click()
    expect(_error_of(correction, "Nieuw factuurnummer")).to_have_text(
        "Geef de correctie een ander nummer dan 2026-020."
    )
    found = _violations(page, "factuur corrigeren met een fout")
    page.screenshot(path=screenshot_dir / "mij-factuur-corrigeren-telefoon.png", full_page=True)

    correction.get_by_label("Nieuw factuurnummer").fill("2026-021")
    correction.get_by_label("Bedrag zonder btw").fill("60,00")
    correction.get_by_label("Btw", exact=True).fill("12,60")
    correction.get_by_role("button", name="Correctie doorgeven").click()
    expect(page.locator(".success")).to_contain_text("Factuur 2026-021 vervangt nu factuur 2026-020.")
    expect(old).to_contain_text("Vervangen door factuur 2026-021. Die telt.")
    expect(old.get_by_role("button")).to_have_count(0)
    late = _form(stale, "Factuur 2026-020 corrigeren")
    late.get_by_label("Nieuw factuurnummer").fill("2026-022")
    late.get_by_role("button", name="Correctie doorgeven").click()
    expect(late.locator(".field-error:visible")).to_have_text(
        "2026-020 is al gecorrigeerd door 2026-021; corrigeer 2026-021"
    )
    expect(late.locator(".alert")).to_have_text("Controleer de gemarkeerde velden.")
    assert stale_tab.errors == []
    new = page.locator("article.document", has_text="Factuur 2026-021 aan Bakkerij De Korenaar")
    expect(new).to_contain_text("€ 60,00")
    expect(new.get_by_role("button", name="Corrigeren: factuur 2026-021")).to_be_visible()
    # The invoice a cost can belong to: only the one that counts.
    belongs = _form(page, "Kosten doorgeven").get_by_label("Hoort bij factuur (niet verplicht)")
    expect(belongs.locator("option")).to_have_text(
        ["Bij geen factuur", "Factuur 2026-021 aan Bakkerij De Korenaar"]
    )
    _clean(page)
    found.extend(_violations(page, "eigen bedrijf na een correctie"))
    page.screenshot(path=screenshot_dir / "mij-factuur-gecorrigeerd-telefoon.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    _recompute(committed_database, sealer, seeded.worker_id)

    page.goto(f"{site}/mij/#/maanden/2026-02")
    settled(page)
    sources = page.locator(".income-sources")
    business = sources.locator(".source").filter(has=page.get_by_role("heading", name="Eigen bedrijf"))
    expect(business.locator(".source-amount")).to_have_text("€ 60,00")
    revenue = business.locator('li.line[data-code="OMZET"]')
    expect(revenue).to_have_count(1)
    expect(revenue).to_contain_text("Factuur 2026-021")
    expect(sources).not_to_contain_text("2026-020")
    expect(sources.locator(".sums")).to_contain_text("€ 737,06")
    expect(page.locator(".this-month .sums")).to_contain_text("€ 737,06")
    _clean(page)
    assert found == [], "\n".join(found)
    assert tab.errors == []


def _forms_of(page: Page) -> Locator:
    return page.locator("main form")


def test_only_a_role_that_may_send_documents_sees_the_forms(
    site: str, seeded: Seeded, committed_database: Database, open_tab: OpenTab
) -> None:
    name = add_double_role_staff(committed_database)

    auditor = open_tab(DESKTOP)
    _business_tab(auditor.page, site, name, "auditor", seeded.worker_id)
    expect(auditor.page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(_forms_of(auditor.page)).to_have_count(0)

    for person, role in ((name, "inkomensconsulent"), (seeded.team_lead_name, "teamleider")):
        tab = open_tab(DESKTOP)
        _business_tab(tab.page, site, person, role, seeded.worker_id)
        expect(tab.page.locator("main form h2")).to_have_text(list(STAFF_FORMS))
        assert tab.errors == []
    assert auditor.errors == []
