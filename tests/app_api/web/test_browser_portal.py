"""The consultant's portal as a work queue in Chromium: the caseload says what needs doing, the team lead's
review queue, the proposer not offered approval under four eyes, staff by name in the history, a missing
pay slip's signal that names the agency and closes the moment the pay slip is pushed, the settlement
waterfall (present, labelled, right values), and no internal id, code or design reference on any page.

Figures are those of tests/app_api/web/test_browser.py: Sanne's February up to week 7 has norm
€ 1.401,50, income € 677,06, no disregard, bijstand € 724,44, € 36,22 held for the holiday allowance
(payout 95% = € 688,22), an advance of € 600,00 and a difference of € 88,22 to pay.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from gateway.demo.cast import STAFF
from gateway.engine import load_default_policy, load_parameters
from gateway.jobs import kinds
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.store import outbox, staff
from gateway.store.db import Database
from gateway.store.models import Agency, Municipality, Worker
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.web.conftest import DESKTOP, Tab
from tests.app_api.web.seed import NOW, WEEKLY_PAY, Seeded, compute, open_case
from tests.app_api.web.seed_demo import seed_demo
from tests.app_api.web.test_browser_worker import LINE_CODE, PARAMETER_KEY, UUID

OpenTab = Callable[..., Tab]
SECOND_LEAD = "Dirk Teamleider"
DEMO_CONSULTANT = STAFF[0].name
DEMO_TEAM_LEAD = STAFF[1].name
SCREEN = {"width": 1280, "height": 800}


@pytest.fixture
def demo(committed_database: Database, sealer: Sealer, seeded: Seeded) -> list[str]:
    """The demo's municipality, staff and workers, in the committed world the site serves."""
    return seed_demo(committed_database, sealer)


def sign_in(page: Page, site: str, name: str, role: str, route: str = "") -> None:
    """Open the portal at `route` and sign in as the staff member `name` in `role` (development login)."""
    page.goto(f"{site}/portaal/{route}")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dev-issuer/medewerkers/authorize\?"))
    detail = page.locator(".identity-detail", has_text=re.compile(f"^{role} ·"))
    page.locator("button.identity").filter(has_text=name).filter(has=detail).click()
    expect(page.locator("#account")).to_contain_text(name)


def settled(page: Page) -> None:
    """Wait until the view is drawn."""
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("main h1")).to_be_visible()


def _second_team_lead(database: Database) -> None:
    with database.transaction() as session:
        north = session.query(Municipality).filter_by(name="Testgemeente Noord").one()
        staff.create(
            session=session,
            municipality_id=north.id,
            subject="teamleider-noord-2",
            display_name=SECOND_LEAD,
            roles=("team_lead",),
        )


def test_the_caseload_says_what_to_do_and_the_team_lead_reviews_the_proposed_month(
    site: str, seeded: Seeded, open_tab: OpenTab
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    sign_in(page, site, seeded.consultant_name, "inkomensconsulent")
    settled(page)
    sanne = page.locator("tbody tr").filter(has=page.get_by_role("link", name=seeded.worker_name))
    expect(sanne).to_contain_text("februari 2026")
    expect(sanne).to_contain_text("maand loopt nog")
    expect(sanne).to_contain_text("€ 677,06")
    piet = page.locator("tbody tr").filter(has=page.get_by_role("link", name=seeded.other_worker_name))
    expect(piet.get_by_role("link", name="2 loonstroken opvragen")).to_be_visible()
    expect(page.get_by_role("link", name="Te beoordelen")).to_have_count(0)

    page.get_by_label("Zoek op naam").fill("piet")
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_label("Zoek op naam").fill("")
    page.get_by_label("Toon").select_option("signalen")
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_label("Toon").select_option("alle")

    sanne.get_by_role("link", name="januari 2026 voorstellen").click()
    expect(page.locator(".month-title")).to_contain_text("Maandverrekening januari 2026")
    page.locator(".workflow").get_by_role("button", name="Voorstellen").click()
    expect(page.locator(".success")).to_have_text("Gelukt. De status is nu: voorgesteld.")
    expect(page.locator(".workflow").get_by_role("button", name="Goedkeuren")).to_have_count(0)
    page.get_by_role("button", name="Uitloggen").click()

    lead = open_tab(DESKTOP)
    sign_in(lead.page, site, seeded.team_lead_name, "teamleider")
    settled(lead.page)
    lead.page.get_by_role("link", name="Te beoordelen").click()
    expect(lead.page.get_by_role("heading", level=1)).to_have_text("Te beoordelen")
    expect(lead.page.locator("tbody tr")).to_have_count(1)
    row = lead.page.locator("tbody tr")
    expect(row).to_contain_text(seeded.worker_name)
    expect(row).to_contain_text("januari 2026")
    expect(row).to_contain_text(seeded.consultant_name)
    row.get_by_role("link", name="Beoordelen").click()
    lead.page.locator(".workflow").get_by_role("button", name="Goedkeuren").click()
    expect(lead.page.locator(".success")).to_have_text("Gelukt. De status is nu: goedgekeurd.")
    history = lead.page.locator(".workflow .history li")
    expect(history.filter(has_text="Voorgesteld")).to_contain_text(seeded.consultant_name)
    expect(history.filter(has_text="Goedgekeurd")).to_contain_text(seeded.team_lead_name)
    expect(history.first).to_contain_text("Loonbrug (automatisch)")
    lead.page.goto(f"{site}/portaal/#/te-beoordelen")
    expect(lead.page.get_by_text("Er wachten geen maanden op goedkeuring.")).to_be_visible()
    assert tab.errors == []
    assert lead.errors == []


def test_the_team_lead_who_proposed_is_not_offered_approval(
    site: str, seeded: Seeded, committed_database: Database, open_tab: OpenTab
) -> None:
    _second_team_lead(committed_database)
    tab = open_tab(DESKTOP)
    page = tab.page
    route = f"#/werkenden/{seeded.other_worker_id}/maanden/2026-01"
    sign_in(page, site, seeded.team_lead_name, "teamleider", route)
    page.locator(".workflow").get_by_role("button", name="Voorstellen").click()
    expect(page.locator(".success")).to_have_text("Gelukt. De status is nu: voorgesteld.")
    workflow = page.locator(".workflow")
    expect(workflow.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    expect(workflow.get_by_role("button", name="Terugsturen naar concept")).to_be_visible()
    expect(workflow).to_contain_text("Een teamleider keurt deze maand goed (vier ogen).")
    page.goto(f"{site}/portaal/#/te-beoordelen")
    row = page.locator("tbody tr").filter(has_text=seeded.other_worker_name)
    expect(row).to_contain_text("U stelde deze maand voor")
    expect(row.get_by_role("link", name="Beoordelen")).to_have_count(0)
    page.get_by_role("button", name="Uitloggen").click()

    other = open_tab(DESKTOP)
    sign_in(other.page, site, SECOND_LEAD, "teamleider", route)
    expect(other.page.locator(".workflow").get_by_role("button", name="Goedkeuren")).to_be_visible()
    assert tab.errors == []
    assert other.errors == []


def _push_and_consume(database: Database, sealer: Sealer, worker_id: str, week: dt.date) -> None:
    """Store a pay slip and its outbox event as a push does, then let the outbox consumer handle it, as
    the jobs process does within seconds (not the weekly missing-data check)."""
    with database.transaction() as session:
        worker = session.get(Worker, worker_id)
        agency = session.query(Agency).filter_by(name="Uitzendbureau Zonnig").one()
        assert worker is not None
        record = factories.make_pay_record(
            session, sealer, agency=agency, worker=worker, period_start=week, content=WEEKLY_PAY
        )
        outbox.publish(
            session=session,
            topic=kinds.PAY_RECORDS_RECEIVED,
            payload={"payRecordIds": [record.id]},
            available_at=NOW,
        )
    table = handlers(
        sealer=sealer,
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )
    consumed = process_outbox(
        sessions=database.sessions,
        handlers=table,
        now=NOW + dt.timedelta(minutes=5),
        policy=jobs_policy().outbox,
    )
    # The pushed pay slip, and the consultant's request to the agency (delivered, as it has no webhook).
    assert (consumed.count("processed"), consumed.count("failed")) == (2, 0), consumed.summary()


def test_a_missing_pay_slip_is_asked_for_and_its_signal_closes_when_it_is_pushed(
    site: str, seeded: Seeded, committed_database: Database, sealer: Sealer, open_tab: OpenTab
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    sign_in(page, site, seeded.consultant_name, "inkomensconsulent", f"#/werkenden/{seeded.other_worker_id}")
    banners = page.locator("ul.signals > li")
    first = banners.filter(has_text="2 februari t/m 8 februari 2026")
    expect(first).to_contain_text("Loonstrook van Uitzendbureau Zonnig ontbreekt")
    expect(banners.filter(has_text="ontbreekt")).to_have_count(2)

    first.get_by_role("button", name="Vraag Uitzendbureau Zonnig om de loonstrook").click()
    expect(page.locator(".success")).to_have_text("Uitzendbureau Zonnig is gevraagd om de loonstrook.")
    expect(first).to_contain_text("Uitzendbureau gevraagd op 20 februari 2026")

    _push_and_consume(committed_database, sealer, seeded.other_worker_id, dt.date(2026, 2, 2))

    page.reload()
    settled(page)
    expect(banners.filter(has_text="ontbreekt")).to_have_count(1)
    expect(first).to_have_count(0)
    expect(banners.filter(has_text="9 februari t/m 15 februari 2026")).to_be_visible()

    left = banners.filter(has_text="9 februari t/m 15 februari 2026")
    left.get_by_label("Afsluiten omdat").select_option("geregeld")
    left.get_by_role("button", name="Afsluiten").click()
    expect(page.locator(".success")).to_have_text("Het signaal is afgesloten.")
    expect(page.get_by_text("Geen openstaande signalen.")).to_be_visible()
    assert tab.errors == []


def test_the_month_shows_the_settlement_as_a_waterfall(
    site: str, seeded: Seeded, open_tab: OpenTab, screenshot_dir: Path
) -> None:
    tab = open_tab(SCREEN)
    page = tab.page
    route = f"#/werkenden/{seeded.worker_id}/maanden/2026-02"
    sign_in(page, site, seeded.consultant_name, "inkomensconsulent", route)
    figure = page.locator("figure.waterfall")
    expect(figure.get_by_role("heading", name="Van norm naar verschil")).to_be_visible()
    picture = figure.get_by_role("img")
    expect(picture).to_have_accessible_name(
        "Van norm naar verschil: Norm € 1.401,50, min inkomen € 677,06, plus vrijlating € 0,00, is bijstand "
        "€ 724,44, min vakantietoeslag opzij € 36,22, min voorschot € 600,00, is verschil € 88,22."
    )
    steps = figure.locator("g.step")
    amounts = steps.evaluate_all("(all) => all.map((g) => [g.dataset.step, g.dataset.amount])")
    assert amounts == [
        ["norm", "1401.50"],
        ["inkomen", "677.06"],
        ["vrijlating", "0.00"],
        ["bijstand", "724.44"],
        ["vakantietoeslag", "36.22"],
        ["voorschot", "600.00"],
        ["verschil", "88.22"],
    ]
    # The bars run on: bijstand ends where norm − income + disregard ends, the difference where
    # bijstand − holiday allowance − advance ends.
    ends = steps.locator("rect").evaluate_all(
        "(all) => all.map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))])"
    )
    norm, income, _, bijstand, holiday, advance, difference = ends
    assert abs(income[0] - bijstand[0] - bijstand[1]) < 0.2
    assert abs((norm[0] + norm[1]) - (income[0] + income[1])) < 0.2
    assert abs(advance[0] - difference[0] - difference[1]) < 0.2
    assert abs(holiday[0] - advance[0] - advance[1]) < 0.2
    expect(figure.locator("g.step[data-step='verschil'] .step-value")).to_have_text("€\u00a088,22")
    page.screenshot(path=screenshot_dir / "consultant-month.png")
    assert tab.errors == []


def _internals(text: str) -> list[str]:
    found = UUID.findall(text) + PARAMETER_KEY.findall(text) + LINE_CODE.findall(text)
    # A unit is written out with its value ("25%", "€ 285,00 per maand"), never as "(fractie)".
    return found + [word for word in ("DESIGN", "§", "(fractie", "(euro per") if word in text]


SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d{4}-W\d{2}|\d{4}-\d{2}|/versies/\d+")
PER_SHAPE = 12
"""Pages of one shape (a worker's week, month, version) visited at most: the demo has dozens of each."""


def crawl(
    page: Page, base: str, start: set[str], look: Callable[[Page, str], None], per_shape: int = PER_SHAPE
) -> set[str]:
    """Visit the pages reachable from `start` in the app at `base` (at most `per_shape` of one shape, every
    version list opened) and `look(page, route)` at each; return the routes seen."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    to_visit = sorted(start)
    while to_visit:
        route = to_visit.pop(0)
        shape = SHAPE.sub("*", route)
        if route in seen or shapes.get(shape, 0) >= per_shape:
            continue
        seen.add(route)
        shapes[shape] = shapes.get(shape, 0) + 1
        page.goto(f"{base}{route}")
        settled(page)
        versions = page.get_by_role("button", name="Alle versies tonen")
        if versions.count():
            versions.click()
            expect(page.locator(".versions table")).to_be_visible()
        page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        look(page, route)
        links = page.locator("main a[href^='#/']").evaluate_all(
            "(all) => all.map((a) => a.getAttribute('href'))"
        )
        to_visit += sorted(set(links) - seen)
    return seen


def test_no_consultant_page_shows_an_internal_code_id_or_design_reference(
    site: str, seeded: Seeded, demo: list[str], open_tab: OpenTab
) -> None:
    people = (
        (seeded.consultant_name, "inkomensconsulent", {"#/", "#/exporten"}),
        (seeded.team_lead_name, "teamleider", {"#/", "#/te-beoordelen"}),
        (DEMO_CONSULTANT, "inkomensconsulent", {"#/", "#/exporten"}),
        (DEMO_TEAM_LEAD, "teamleider", {"#/", "#/te-beoordelen"}),
    )
    for name, role, start in people:
        tab = open_tab(DESKTOP)
        page = tab.page
        sign_in(page, site, name, role)

        def look(page: Page, route: str, who: str = name) -> None:
            text = page.locator("body").inner_text()
            assert _internals(text) == [], f"{who} {route}: {_internals(text)}"

        seen = crawl(page, f"{site}/portaal/", start, look)
        assert len(seen) > 15, seen
        assert tab.errors == []


def _sparse_worker(database: Database, sealer: Sealer) -> str:
    """A worker of the first consultant whose agency sent only the first week: five weeks are missing."""
    with database.transaction() as session:
        north = session.query(Municipality).filter_by(name="Testgemeente Noord").one()
        agency = session.query(Agency).filter_by(name="Uitzendbureau Zonnig").one()
        consultant = staff.by_subject(session=session, municipality_id=north.id, subject="consulent-noord")
        worker = factories.make_worker(
            session,
            sealer,
            municipality=north,
            bsn=factories.TEST_BSNS[3],
            name="Joost Weinig",
            consultant=consultant,
        )
        open_case(session, sealer, worker=worker, agency=agency, weeks=1)
        compute(session, sealer, worker)
        return worker.id


def test_five_missing_weeks_are_one_summary_banner_that_opens_on_demand(
    site: str, seeded: Seeded, committed_database: Database, sealer: Sealer, open_tab: OpenTab
) -> None:
    worker_id = _sparse_worker(committed_database, sealer)
    tab = open_tab(DESKTOP)
    page = tab.page
    sign_in(page, site, seeded.consultant_name, "inkomensconsulent", f"#/werkenden/{worker_id}")
    settled(page)
    top = page.locator("header ul.signals > li")
    # The missing pay slips come first and are one banner; the other signals follow.
    expect(top.first).to_contain_text(
        "5 loonstroken ontbreken bij Uitzendbureau Zonnig, de eerste vanaf 12 januari 2026."
    )
    expect(top.filter(has_text="loonstroken ontbreken")).to_have_count(1)
    items = top.first.locator(".signal-items li")
    expect(items).to_have_count(5)
    expect(items.first).not_to_be_visible()
    top.first.get_by_text("Toon alle").click()
    expect(items.first).to_contain_text(
        "Loonstrook van Uitzendbureau Zonnig ontbreekt voor 12 januari t/m 18 januari 2026"
    )
    expect(items.first.get_by_role("button", name="Geen werk in deze periode")).to_be_visible()
    assert tab.errors == []
