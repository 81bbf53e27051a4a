"""Mandates (machtigingen) in Chromium, end to end: Sanne (tests/app_api/web/seed.py) gives her bookkeeper
a mandate on her page, after which the bookkeeper's push through the real gateway app (real keys, a real
sealed envelope) is stored and shows on her own-business screen; before, and after she ended it, the same
push is refused. Her consultant sees the mandates in her file and records and ends one. A refused field
is told next to its input in Dutch, no id or code reaches the page, and axe finds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select
from starlette.testclient import TestClient

from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store import agencies, bookkeepers
from gateway.store.db import Database
from gateway.store.models import AuditEvent, Worker
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.web.conftest import DESKTOP, PHONE, Tab
from tests.app_api.web.seed import Seeded
from tests.app_api.web.test_accessibility import _violations
from tests.app_api.web.test_browser_portal import settled, sign_in
from tests.app_api.web.test_browser_worker import LINE_CODE, PARAMETER_KEY, UUID, _sign_in
from tests.ingest.bookkeeper_kit import documents_payload, invoice, push_documents
from tests.ingest.kit import Agent, access_token, new_signing_key, seal

OpenTab = Callable[..., Tab]
ISSUER = "https://gateway.test"
BOOKKEEPER = "Administratiekantoor De Telling"
OTHER_BOOKKEEPER = "Boekhoudpakket Kasboek"
FIELD_NAMES = re.compile(r"\b(bookkeeperId|validFrom|validTo)\b")
SANNE = factories.TEST_BSNS[0]


@pytest.fixture
def bookkeeper(committed_database: Database, seeded: Seeded) -> Agent:
    """A registered bookkeeper with a real ES256 key (and a second one to choose from); no mandates yet."""
    key = new_signing_key()
    with committed_database.transaction() as session:
        row = bookkeepers.create(
            session=session, name=BOOKKEEPER, client_id=f"telling-{secrets.token_hex(4)}"
        )
        agencies.add_key(
            session=session,
            agency_id=row.id,
            kid=str(key.kid),
            public_jwk=key.as_dict(private=False),
            alg="ES256",
        )
        bookkeepers.create(
            session=session, name=OTHER_BOOKKEEPER, client_id=f"kasboek-{secrets.token_hex(4)}"
        )
        sanne = session.get_one(Worker, seeded.worker_id)
        session.expunge_all()
    return Agent(agency=row, key=key, workers={SANNE: sanne})


@pytest.fixture
def gateway(
    committed_database: Database, sealer: Sealer, tmp_path: Path
) -> Iterator[tuple[TestClient, GatewayKeys]]:
    """The gateway's bookkeeper API (the real ingest app) on the world the site serves."""
    keys = GatewayKeys(tmp_path / "gateway", generate=True)
    app = create_app(
        database=committed_database,
        sealer=sealer,
        keys=keys,
        config=IngestConfig(issuer=ISSUER),
        clock=lambda: dt.datetime.now(dt.UTC),
    )
    with TestClient(app, base_url=ISSUER, raise_server_exceptions=True) as client:
        yield client, keys


def _push(
    gateway: tuple[TestClient, GatewayKeys], bookkeeper: Agent, number: str, **dates: Any
) -> dict[str, Any]:
    """The bookkeeper sends one invoice of Sanne's; the receipt's record for it."""
    client, keys = gateway
    token = access_token(client, bookkeeper, IngestConfig(issuer=ISSUER))
    envelope = seal(documents_payload([invoice(number, bsn=SANNE, **dates)]), bookkeeper, keys)
    response = push_documents(client, token, envelope)
    assert response.status_code == 201, response.text
    (record,) = response.json()["records"]
    return dict(record)


def _today() -> str:
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()


def _error_of(form: Locator, label: str) -> Locator:
    """The error shown next to the input labelled `label` (the last element its aria-describedby names)."""
    field = form.get_by_label(label, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby") or ""
    return form.locator(f"#{described.split()[-1]}")


def _clean(page: Page) -> None:
    text = page.locator("main").inner_text()
    for pattern in (UUID, LINE_CODE, PARAMETER_KEY, FIELD_NAMES):
        assert not pattern.search(text), (pattern.pattern, pattern.search(text))


def test_the_worker_gives_a_mandate_the_bookkeepers_push_is_stored_and_she_ends_it(
    site: str,
    seeded: Seeded,
    bookkeeper: Agent,
    gateway: tuple[TestClient, GatewayKeys],
    open_tab: OpenTab,
    screenshot_dir: Path,
) -> None:
    before = _push(gateway, bookkeeper, "TEL-001")
    assert (before["outcome"], before["problems"][0]["code"]) == ("geweigerd", "no_mandate")

    tab = open_tab(PHONE)
    page = tab.page
    _sign_in(page, site, seeded.worker_name)
    # The way in from the screen where she passes on invoices herself.
    page.get_by_role("link", name="Eigen bedrijf: facturen en kosten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eigen bedrijf")
    page.get_by_role("link", name="Geef uw boekhouder toestemming").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boekhouder")
    settled(page)
    expect(page.locator("main")).to_contain_text(
        "Uw boekhouder mag dan uw facturen en kosten aan de gemeente doorgeven."
    )
    expect(page.get_by_text("U heeft nog geen boekhouder gemachtigd.")).to_be_visible()
    give = page.locator("form", has=page.get_by_role("heading", name="Boekhouder machtigen"))
    expect(give.get_by_label("Vanaf")).to_have_value(_today())
    expect(give.get_by_label("Boekhouder", exact=True).locator("option")).to_have_text(
        ["Kies uw boekhouder", BOOKKEEPER, OTHER_BOOKKEEPER]
    )

    give.get_by_role("button", name="Machtigen").click()
    expect(_error_of(give, "Boekhouder")).to_have_text("Kies uw boekhouder uit de lijst.")
    give.get_by_label("Boekhouder", exact=True).select_option(label=BOOKKEEPER)
    give.get_by_label("Vanaf").fill("2026-02-01")
    give.get_by_role("button", name="Machtigen").click()
    expect(page.locator(".success")).to_have_text(
        f"{BOOKKEEPER} mag vanaf 1 februari 2026 uw facturen en kosten doorgeven."
    )
    card = page.locator("article.mandate", has_text=BOOKKEEPER)
    expect(card).to_contain_text("1 februari 2026")
    expect(card).to_contain_text("loopt door tot u stopt")
    _clean(page)
    found = _violations(page, "boekhouder gemachtigd")
    page.screenshot(path=screenshot_dir / "mij-boekhouder-telefoon.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    # The mandate is what the gateway checks: now the same bookkeeper's invoice is stored, and it shows
    # on her own-business screen as passed on by her bookkeeper.
    stored = _push(gateway, bookkeeper, "TEL-002")
    assert stored["outcome"] == "opgeslagen", stored
    page.goto(f"{site}/mij/#/eigen-bedrijf")
    settled(page)
    expect(page.locator("article.document", has_text="Factuur TEL-002")).to_contain_text("uw boekhouder")

    page.goto(f"{site}/mij/#/boekhouder")
    settled(page)
    stop = page.locator("form", has=page.get_by_role("heading", name=f"Machtiging van {BOOKKEEPER} stoppen"))
    expect(stop.get_by_label("Laatste dag")).to_have_value(_today())
    stop.get_by_label("Laatste dag").fill("2026-01-15")
    stop.get_by_role("button", name="Machtiging stoppen").click()
    expect(_error_of(stop, "Laatste dag")).to_have_text(
        "Kies 1 februari 2026 of later: toen begon de machtiging."
    )
    stop.get_by_label("Laatste dag").fill("2026-02-28")
    stop.get_by_role("button", name="Machtiging stoppen").click()
    expect(page.locator(".success")).to_have_text(
        f"De machtiging van {BOOKKEEPER} stopt na 28 februari 2026."
    )
    card = page.locator("article.mandate", has_text=BOOKKEEPER)
    expect(card).to_contain_text("28 februari 2026")
    expect(card.locator("form")).to_have_count(0)
    _clean(page)
    found += _violations(page, "machtiging gestopt")
    assert found == [], "\n".join(found)

    after = _push(gateway, bookkeeper, "TEL-003", invoiceDate="2026-03-02", periodStart=None, periodEnd=None)
    assert (after["outcome"], after["problems"][0]["code"]) == ("geweigerd", "no_mandate")
    assert tab.errors == []


def test_the_consultant_sees_records_and_ends_a_workers_mandate(
    site: str,
    seeded: Seeded,
    bookkeeper: Agent,
    committed_database: Database,
    open_tab: OpenTab,
    screenshot_dir: Path,
) -> None:
    with committed_database.transaction() as session:
        bookkeepers.grant(
            session=session,
            worker_id=seeded.worker_id,
            bookkeeper_id=bookkeeper.agency.id,
            valid_from=dt.date(2026, 1, 1),
            recorded_by="test",
        )
    tab = open_tab(DESKTOP)
    page = tab.page
    sign_in(page, site, seeded.consultant_name, "inkomensconsulent", f"#/werkenden/{seeded.worker_id}")
    settled(page)
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name="Boekhouder"
    ).click()
    expect(page.get_by_role("heading", name="Machtigingen boekhouder")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(BOOKKEEPER)
    expect(rows.first).to_contain_text("1 januari 2026")
    expect(rows.first).to_contain_text("loopt door")

    record = page.locator("form", has=page.get_by_role("heading", name="Machtiging vastleggen"))
    expect(record.get_by_label("Vanaf")).to_have_value(_today())
    record.get_by_label("Boekhouder", exact=True).select_option(label=OTHER_BOOKKEEPER)
    record.get_by_label("Vanaf").fill("2026-03-01")
    record.get_by_label("Tot en met (niet verplicht)").fill("2026-02-01")
    record.get_by_role("button", name="Vastleggen").click()
    expect(_error_of(record, "Tot en met (niet verplicht)")).to_have_text(
        "De laatste dag ligt voor de eerste dag van de machtiging."
    )
    record.get_by_label("Tot en met (niet verplicht)").fill("")
    record.get_by_role("button", name="Vastleggen").click()
    expect(page.locator(".success")).to_have_text(f"Vastgelegd: {OTHER_BOOKKEEPER} vanaf 1 maart 2026.")
    expect(rows).to_have_count(2)

    end = page.locator("form", has=page.get_by_role("heading", name="Machtiging beëindigen"))
    end.get_by_role("button", name="Beëindigen").click()
    expect(_error_of(end, "Machtiging")).to_have_text("Kies de machtiging.")
    end.get_by_label("Machtiging", exact=True).select_option(label=f"{BOOKKEEPER}, vanaf 1 januari 2026")
    end.get_by_label("Laatste dag").fill("2026-02-28")
    end.get_by_role("button", name="Beëindigen").click()
    expect(page.locator(".success")).to_have_text(f"Beëindigd: {BOOKKEEPER} tot en met 28 februari 2026.")
    expect(page.locator("table tbody tr", has_text=BOOKKEEPER)).to_contain_text("beëindigd")
    _clean(page)
    found = _violations(page, "portaal boekhouder")
    page.screenshot(path=screenshot_dir / "portaal-boekhouder.png", full_page=True)
    assert found == [], "\n".join(found)
    assert tab.errors == []

    with committed_database.transaction() as session:
        audited = session.execute(
            select(AuditEvent.action, AuditEvent.actor_role, AuditEvent.result)
            .where(AuditEvent.subject_worker_id == seeded.worker_id, AuditEvent.action.like("mandate%"))
            .order_by(AuditEvent.sequence)
        ).all()
    # The refused dates never reached the service: only the changes made are audited (and every read).
    assert [tuple(row) for row in audited if row[0] != "mandates.read"] == [
        ("mandate.grant", "consultant", "success"),
        ("mandate.end", "consultant", "success"),
    ]
