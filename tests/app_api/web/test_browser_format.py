"""The pages spell amounts, dates, months and counted nouns exactly as the server does: format.js in
Chromium against the same table of cases as gateway/engine/dutch.py (tests/dutch/format_cases.json)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.app_api.web.conftest import PHONE, Tab
from tests.dutch.test_format_cases import CASES

# Each kind of case and the format.js function that spells it.
FUNCTIONS = {"euro": "euro", "amount": "decimal", "date": "longDate", "month": "monthName", "count": "count"}


def test_the_pages_spell_like_the_server(site: str, open_tab: Callable[..., Tab]) -> None:
    page = open_tab(PHONE).page
    page.goto(f"{site}/mij/")
    cases = {kind: CASES[kind] for kind in FUNCTIONS}
    spelled: dict[str, list[Any]] = page.evaluate(
        """async ([cases, functions]) => {
            const format = await import("/web/common/format.js");
            const result = {};
            for (const [kind, list] of Object.entries(cases)) {
                const spell = format[functions[kind]];
                result[kind] = list.map(([given]) => (Array.isArray(given) ? spell(...given) : spell(given)));
            }
            return result;
        }""",
        [cases, FUNCTIONS],
    )
    for kind, list_of_cases in cases.items():
        assert spelled[kind] == [expected for _, expected in list_of_cases], kind
