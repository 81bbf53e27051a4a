"""The worker's own business in Chromium, end to end: Sanne (tests/app_api/web/seed.py) passes on an
invoice and a cost in her page, the jobs recompute her months, she and her consultant see
wages and the business side by side in February, the consultant proposes, a team lead approves (four
eyes) and exports. Also: a refused field is told next to its input in Dutch, an e-invoice file is read
through the page, amounts typed in Dutch notation reach the API exactly, and axe finds nothing.

Hand-worked February (the seeded figures are in test_browser.py): wages 2 × € 338,53 = € 677,06. The
invoice of € 85,00 excluding VAT (VAT € 17,85, not counted) is for work from 9 to 13 February, wholly in
February; the cost of € 12,50 belongs to it: self-employed income 85,00 − 12,50 = € 72,50. Income
677,06 + 72,50 = € 749,56; no disregard (as before); bijstand 1.401,50 − 749,56 = € 651,94; payout 95%
= 619,343 → € 619,34 (half up); after the advance of € 600,00, € 19,34 is paid on 2 March. (A larger
invoice would make the month reach the exit income at Sanne's weekly pay, and its payout wait.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from gateway.jobs import kinds
from gateway.store.db import Database
from gateway.store.models import OutboxEvent, Worker
from gateway.store.sealing import Sealer
from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.app_api.web.seed import Seeded, compute
from tests.app_api.web.test_accessibility import _violations
from tests.app_api.web.test_browser_portal import settled, sign_in
from tests.app_api.web.test_browser_worker import LINE_CODE, PARAMETER_KEY, UUID, _sign_in

OpenTab = Callable[..., Tab]
ROOT = Path(__file__).parents[3]
EXAMPLE_UBL = ROOT / "examples" / "einvoice" / "factuur-2026-009.xml"
FIELD_NAMES = re.compile(r"\b(periodStart|periodEnd|invoiceNumber|invoiceDate|amountExclVat|costId)\b|auto-")


def _recompute(database: Database, sealer: Sealer, worker_id: str) -> None:
    """The page's submissions each left a "case changed" event for the jobs; run the jobs' recompute of
    the worker (the real entry point, on the world's clock) as the outbox consumer does for them."""
    with database.transaction() as session:
        topics = session.scalars(
            select(OutboxEvent.topic).where(
                OutboxEvent.processed_at.is_(None), OutboxEvent.topic == kinds.CASE_CHANGED
            )
        ).all()
        assert len(topics) == 2
        compute(session, sealer, session.get_one(Worker, worker_id))


def _open_business(page: Page) -> None:
    page.get_by_role("link", name="Eigen bedrijf: facturen en kosten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eigen bedrijf")
    settled(page)


def _error_of(form: Locator, label: str) -> Locator:
    """The error shown for the input labelled `label` in `form` (the element its aria-describedby names
    last), after the input was marked invalid."""
    field = form.get_by_label(label, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby") or ""
    return form.locator(f"#{described.split()[-1]}")


def _form(page: Page, title: str) -> Locator:
    return page.locator("form", has=page.get_by_role("heading", name=title))


def _fill_invoice(page: Page, number: str, amount: str, vat: str) -> None:
    form = _form(page, "Factuur doorgeven")
    form.get_by_label("Factuurnummer").fill(number)
    form.get_by_label("Factuurdatum").fill("2026-02-16")
    form.get_by_label("Van", exact=True).fill("2026-02-09")
    form.get_by_label("Tot en met").fill("2026-02-13")
    form.get_by_label("Klant", exact=True).fill("Bakkerij De Korenaar")
    form.get_by_label("Bedrag zonder btw").fill(amount)
    form.get_by_label("Btw", exact=True).fill(vat)


def _clean(page: Page) -> None:
    text = page.locator("main").inner_text()
    for pattern in (UUID, LINE_CODE, PARAMETER_KEY, FIELD_NAMES):
        assert not pattern.search(text), (pattern.pattern, pattern.search(text))


def test_worker_enters_an_invoice_and_the_consultant_sees_approves_and_exports_it(
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
    expect(page.get_by_text("Nog geen facturen doorgegeven.")).to_be_visible()
    _fill_invoice(page, "2026-012", "85,00", "17,85")
    page.evaluate("() => scrollTo(0, 0)")
    page.screenshot(path=screenshot_dir / "worker-invoice.png")
    page.get_by_role("button", name="Factuur doorgeven").click()
    expect(page.locator(".success")).to_contain_text("Factuur 2026-012 is doorgegeven.")
    card = page.locator("article.document", has_text="Factuur 2026-012 aan Bakkerij De Korenaar")
    expect(card).to_contain_text("9 februari t/m 13 februari 2026")
    expect(card).to_contain_text("€ 85,00")
    expect(card).to_contain_text("€ 17,85")

    costs = _form(page, "Kosten doorgeven")
    costs.get_by_label("Datum van de bon").fill("2026-02-10")
    costs.get_by_label("Bedrag zonder btw").fill("12,50")
    costs.get_by_label("Soort kosten").select_option(label="Materiaal")
    costs.get_by_label("Hoort bij factuur (niet verplicht)").select_option("2026-012")
    costs.get_by_role("button", name="Kosten doorgeven").click()
    expect(page.locator(".success")).to_contain_text("Kosten van € 12,50 zijn doorgegeven.")
    expect(page.locator("article.document", has_text="Materiaal: € 12,50")).to_contain_text("2026-012")
    _clean(page)
    page.screenshot(path=screenshot_dir / "mij-eigen-bedrijf-telefoon.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    _recompute(committed_database, sealer, seeded.worker_id)

    page.goto(f"{site}/mij/#/maanden/2026-02")
    settled(page)
    sources = page.locator(".income-sources")
    expect(sources.locator("h2")).to_have_text("Loon en eigen bedrijf in februari 2026")
    wages = sources.locator(".source").filter(has=page.get_by_role("heading", name="Loon", exact=True))
    business = sources.locator(".source").filter(has=page.get_by_role("heading", name="Eigen bedrijf"))
    expect(wages.locator(".source-amount")).to_have_text("€ 677,06")
    expect(wages.locator("li.line")).to_have_count(2)
    expect(business.locator(".source-amount")).to_have_text("€ 72,50")
    expect(business.locator('li.line[data-code="OMZET"]')).to_contain_text("Factuur 2026-012")
    expect(business.locator('li.line[data-code="KOSTEN"]')).to_contain_text("€ 12,50")
    expect(sources.locator(".sums")).to_contain_text("€ 749,56")
    expect(page.locator(".this-month .sums")).to_contain_text("€ 749,56")
    _clean(page)
    page.screenshot(path=screenshot_dir / "mij-maand-eigen-bedrijf-telefoon.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.errors == []

    staff_tab = open_tab(DESKTOP)
    staff = staff_tab.page
    sign_in(
        staff,
        site,
        seeded.consultant_name,
        "inkomensconsulent",
        f"#/werkenden/{seeded.worker_id}/maanden/2026-02",
    )
    settled(staff)
    card = staff.locator(".income-sources")
    expect(card.locator(".source").first).to_contain_text("€ 677,06")
    business_lines = card.locator('li.line[data-code="OMZET"]')
    expect(business_lines).to_contain_text("Factuur 2026-012 aan Bakkerij De Korenaar")
    expect(card.locator('li.line[data-code="INKOMEN_ONDERNEMING"]')).to_contain_text("€ 72,50")
    staff.screenshot(path=screenshot_dir / "portaal-maand-eigen-bedrijf-desktop.png", full_page=True)
    row = staff.locator(".card dl div").filter(has=staff.locator("dt", has_text="waarvan eigen onderneming"))
    expect(row.locator("dd")).to_have_text("€\u00a072,50")
    expect(
        staff.locator(".card dl div").filter(has=staff.locator("dt", has_text=re.compile("^Uitbetaling")))
    ).to_contain_text("€ 619,34")
    staff.get_by_role("link", name="Alle facturen en kosten").click()
    settled(staff)
    invoices = staff.locator("table").first
    expect(invoices.locator("tbody tr")).to_have_count(1)
    expect(invoices).to_contain_text("Bakkerij De Korenaar")
    expect(invoices).to_contain_text("werkende")
    _clean(staff)
    staff.go_back()
    settled(staff)
    staff.locator(".workflow").get_by_role("button", name="Voorstellen").click()
    expect(staff.locator(".success")).to_have_text("Gelukt. De status is nu: voorgesteld.")
    expect(staff.locator(".workflow").get_by_role("button", name="Goedkeuren")).to_have_count(0)

    lead_tab = open_tab(DESKTOP)
    lead = lead_tab.page
    sign_in(
        lead, site, seeded.team_lead_name, "teamleider", f"#/werkenden/{seeded.worker_id}/maanden/2026-02"
    )
    settled(lead)
    lead.locator(".workflow").get_by_role("button", name="Goedkeuren").click()
    expect(lead.locator(".success")).to_have_text("Gelukt. De status is nu: goedgekeurd.")
    lead.locator(".workflow").get_by_role("button", name="Exporteren naar het uitkeringssysteem").click()
    expect(lead.locator(".success")).to_have_text("Gelukt. De status is nu: geëxporteerd.")
    with lead.expect_download() as download:
        lead.get_by_role("button", name="Exportbestand downloaden (CSV)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(exported) == 2
    assert ";2026-02;" in exported[1]
    assert ";619.34;" in exported[1]
    assert ";19.34;" in exported[1]
    assert staff_tab.errors == []
    assert lead_tab.errors == []


def test_a_refused_field_is_told_next_to_its_input(site: str, seeded: Seeded, open_tab: OpenTab) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, seeded.worker_name)
    _open_business(page)
    _fill_invoice(page, "2026 013", "12,3,4", "")
    invoice = _form(page, "Factuur doorgeven")
    invoice.get_by_role("button", name="Factuur doorgeven").click()
    # The amount is checked in the page: nothing is sent while it does not read as an amount.
    expect(_error_of(invoice, "Bedrag zonder btw")).to_have_text("Vul een bedrag in, bijvoorbeeld 1.234,56.")
    expect(invoice.get_by_label("Bedrag zonder btw")).to_be_focused()

    invoice.get_by_label("Bedrag zonder btw").fill("1.234,56")
    invoice.get_by_label("Factuurdatum").fill("1999-12-31")
    invoice.get_by_label("Van", exact=True).fill("2026-02-13")
    invoice.get_by_label("Tot en met").fill("2026-02-09")
    invoice.get_by_role("button", name="Factuur doorgeven").click()
    expect(_error_of(invoice, "Factuurnummer")).to_have_text(
        "Gebruik alleen letters, cijfers en de tekens . _ / -"
    )
    expect(_error_of(invoice, "Factuurdatum")).to_have_text("Moet minstens 1 januari 2000 zijn.")
    expect(invoice.get_by_label("Bedrag zonder btw")).not_to_have_attribute("aria-invalid", "true")
    expect(invoice.locator(".alert")).to_have_text("Controleer de gemarkeerde velden.")

    invoice.get_by_label("Factuurnummer").fill("2026-013")
    invoice.get_by_label("Factuurdatum").fill("2026-02-16")
    invoice.get_by_role("button", name="Factuur doorgeven").click()
    expect(_error_of(invoice, "Tot en met")).to_have_text(
        "De laatste dag ligt voor de eerste dag van de periode"
    )
    expect(invoice.get_by_label("Factuurnummer")).not_to_have_attribute("aria-invalid", "true")
    _clean(page)
    found = _violations(page, "eigen bedrijf met fouten")
    assert found == [], "\n".join(found)

    invoice.get_by_label("Van", exact=True).fill("2026-02-09")
    invoice.get_by_label("Tot en met").fill("2026-02-13")
    invoice.get_by_role("button", name="Factuur doorgeven").click()
    card = page.locator("article.document", has_text="Factuur 2026-013")
    expect(card).to_contain_text("€ 1.234,56")
    expect(page.locator(".field-error:visible")).to_have_count(0)
    _fill_invoice(page, "2026-013", "99,00", "")
    invoice.get_by_role("button", name="Factuur doorgeven").click()
    expect(_error_of(invoice, "Factuurnummer")).to_have_text(
        "Dit factuurnummer heeft u al gebruikt voor een andere factuur."
    )
    # The typed amounts went to the API exactly, as text.
    typed = page.evaluate(
        """async () => {
            const { parseEuro } = await import("/web/common/format.js");
            const typed = ["1.234,56", "1234,5", "€ 12", "12.50", "0,07", "1.234.567,89"];
            return [...typed, "12,3,4", "-5", "1.2345", "", "abc"].map(parseEuro);
        }"""
    )
    assert typed == [
        "1234.56",
        "1234.50",
        "12.00",
        "12.50",
        "0.07",
        "1234567.89",
        None,
        None,
        None,
        None,
        None,
    ]
    assert tab.errors == []


def test_an_e_invoice_file_is_read_through_the_page(
    site: str, seeded: Seeded, open_tab: OpenTab, tmp_path: Path
) -> None:
    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, seeded.worker_name)
    _open_business(page)
    upload = _form(page, "Of: e-factuur uploaden")
    broken = tmp_path / "geen-factuur.xml"
    broken.write_text('<?xml version="1.0"?><Bestelling><Regel/></Bestelling>', encoding="utf-8")
    upload.get_by_label("E-factuur (XML-bestand, ten hoogste 1 MB)").set_input_files(broken)
    upload.get_by_role("button", name="E-factuur uploaden").click()
    error = _error_of(upload, "E-factuur (XML-bestand, ten hoogste 1 MB)")
    expect(error).to_contain_text("We kunnen dit bestand niet lezen als e-factuur.")
    expect(error).to_contain_text("Bestelling")

    upload.get_by_label("E-factuur (XML-bestand, ten hoogste 1 MB)").set_input_files(EXAMPLE_UBL)
    upload.get_by_role("button", name="E-factuur uploaden").click()
    expect(page.locator(".success")).to_contain_text("Factuur 2026-009 aan")
    card = page.locator("article.document", has_text="Factuur 2026-009")
    expect(card).to_contain_text("€ 350,00")
    _clean(page)
    found = _violations(page, "eigen bedrijf met een factuur")
    assert found == [], "\n".join(found)
    assert tab.errors == []
