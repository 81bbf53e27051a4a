"""The server spells amounts, dates, months and counted nouns as the shared table of cases says; the
pages are tested against the same table in Chromium (tests/app_api/web/test_browser_format.py)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gateway.engine import dutch
from schemas.periods import Month

CASES_FILE = Path(__file__).with_name("format_cases.json")
CASES: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("given", "expected"), CASES["euro"])
def test_euro(given: str, expected: str) -> None:
    assert dutch.euro(Decimal(given)) == expected


@pytest.mark.parametrize(("given", "expected"), CASES["amount"])
def test_amount(given: str, expected: str) -> None:
    assert dutch.amount(Decimal(given)) == expected


@pytest.mark.parametrize(("given", "expected"), CASES["date"])
def test_date(given: str, expected: str) -> None:
    assert dutch.date(dt.date.fromisoformat(given)) == expected


@pytest.mark.parametrize(("given", "expected"), CASES["month"])
def test_month(given: str, expected: str) -> None:
    assert dutch.month(Month.parse(given)) == expected


@pytest.mark.parametrize(("given", "expected"), CASES["count"])
def test_count(given: list[Any], expected: str) -> None:
    quantity, singular, plural = given
    assert dutch.count(quantity, singular, plural) == expected
