"""Dated parameters (DESIGN §4 parameter table): the shipped values, lookups by date, and the checks at
load time (gap, overlap, missing source, ...)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gateway.engine.errors import ParameterError
from gateway.engine.parameters.loader import (
    NATIONAL_FILES,
    load_default_policy,
    load_parameters,
    parse_document,
)
from schemas.figures import AttributionRule, HolidayPayTreatment
from schemas.periods import Month
from tests.engine.factories import PARAMETERS

# Golden table: DESIGN §4 "Parameter values"; a policy officer can check every row against the sources.
DESIGN_TABLE = [
    # key, 2025-01-01, 2025-07-01, 2026-01-01
    ("norm.single", "1345.45", "1369.06", "1401.50"),
    ("norm.couple", "1922.07", "1955.80", "2002.13"),
    ("norm.single_pension_age", "1501.07", "1530.21", "1564.69"),
    ("norm.couple_pension_age", "2053.48", "2094.98", "2144.16"),
    ("norm.single_18_20", "332.17", "337.98", "345.99"),
    ("disregard.n.cap", "273.00", "278.00", "285.00"),
    ("disregard.r.cap", "170.61", "173.87", "177.66"),
    ("disregard.y.cap", "173.04", "176.35", "180.19"),
    ("premium.max_per_year", "3263.00", "3326.00", "3398.00"),
    ("minimum_wage.hourly", "14.06", "14.40", "14.71"),
]
DATES = (dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1))


@pytest.mark.parametrize(("key", "first", "july", "second_year"), DESIGN_TABLE)
def test_design_table_values_and_their_change_dates(
    key: str, first: str, july: str, second_year: str
) -> None:
    for day, expected in zip(DATES, (first, july, second_year), strict=True):
        value = PARAMETERS.at(key, day)
        assert (value.number, value.valid_from, value.confirmed) == (Decimal(expected), day, True)
    # The day before a change still has the old value: 30 June 2025 and 31 December 2025.
    assert PARAMETERS.at(key, dt.date(2025, 6, 30)).number == Decimal(first)
    assert PARAMETERS.at(key, dt.date(2025, 12, 31)).number == Decimal(july)


@pytest.mark.parametrize(
    ("key", "day", "expected", "confirmed"),
    [
        ("cost_sharing.base_rate", "2026-01-01", "0.40", True),  # art. 22a lid 1
        ("cost_sharing.rate_per_person", "2026-01-01", "0.30", True),
        ("holiday_allowance.rate", "2026-01-01", "0.05", True),  # art. 19 en 45
        ("disregard.n.rate", "2026-01-01", "0.25", True),  # art. 31 lid 2 n
        ("disregard.n.months", "2026-01-01", "6", True),
        ("disregard.n.minimum_age", "2026-01-01", "27", True),  # art. 31 lid 5
        ("disregard.r.rate", "2026-01-01", "0.125", True),
        ("disregard.r.months", "2026-01-01", "30", True),
        ("disregard.y.rate", "2026-01-01", "0.15", True),
        ("advance.minimum_rate", "2025-12-01", "0.90", True),  # art. 52
        ("advance.minimum_rate", "2026-01-01", "0.95", False),  # not verified: unconfirmed
        ("overpayment.offset_months", "2026-01-01", "6", True),  # art. 58 lid 4
        ("balans.in_force", "2026-12-01", "0", True),  # art. 34a not in force before 2027
        ("balans.in_force", "2027-01-01", "1", False),
        ("balans.rate", "2027-01-01", "0.15", False),
        ("balans.months", "2027-01-01", "12", False),
        ("balans.pension_age_rate", "2027-01-01", "0.25", False),
        ("balans.pension_age_cap", "2027-01-01", "226.00", False),
        ("pension_age", "2027-12-31", "804", True),  # AOW art. 7a: 67 years
        ("pension_age", "2028-01-01", "807", True),  # 67 years and 3 months
    ],
)
def test_constants_and_confirmation(key: str, day: str, expected: str, confirmed: bool) -> None:
    value = PARAMETERS.at(key, dt.date.fromisoformat(day))
    assert value.number == Decimal(expected)
    assert value.confirmed is confirmed
    assert value.source_url.startswith("https://")
    assert value.article


def test_a_date_past_the_last_confirmed_value_gives_that_value_marked_unconfirmed() -> None:
    value = PARAMETERS.at("norm.single", dt.date(2026, 7, 1))
    assert value.number == Decimal("1401.50")
    assert value.confirmed is False
    assert value.note is not None
    assert "2026-06-30" in value.note
    assert PARAMETERS.for_month("norm.single", Month(2026, 6)).confirmed is True


def test_no_value_before_the_first() -> None:
    with pytest.raises(ParameterError, match="vóór 2025-01-01"):
        PARAMETERS.at("norm.single", dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("key", "display"),
    [
        ("norm.single", "1.401,50"),
        ("disregard.r.rate", "12,5%"),
        ("pension_age", "67 jaar"),
        ("disregard.n.minimum_age", "27 jaar"),
        ("balans.in_force", "nee"),
    ],
)
def test_values_display_in_dutch(key: str, display: str) -> None:
    assert PARAMETERS.at(key, dt.date(2026, 1, 1)).display == display


def test_default_policy() -> None:
    policy = load_default_policy()
    assert policy.attribution is AttributionRule.WORKING_DAYS
    assert policy.holiday_pay is HolidayPayTreatment.SET_AGAINST_RESERVE
    assert (policy.payout_day, policy.holiday_allowance_payout_month, policy.four_eyes) == (1, 6, True)
    assert policy.balans_opt_in is None


def _document() -> dict[str, Any]:
    return {
        "covers_from": "2025-01-01",
        "parameters": [
            {
                "key": "example.norm",
                "label": "Voorbeeldnorm",
                "kind": "money",
                "values": [
                    {
                        "valid_from": "2025-01-01",
                        "valid_to": "2025-06-30",
                        "value": "100.00",
                        "unit": "euro",
                        "confirmed": True,
                        "source": {"url": "https://example.org/a", "article": "art. 1"},
                    },
                    {
                        "valid_from": "2025-07-01",
                        "valid_to": None,
                        "value": "101.00",
                        "unit": "euro",
                        "confirmed": True,
                        "source": {"url": "https://example.org/b", "article": "art. 1"},
                    },
                ],
            }
        ],
    }


def _broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(_document())
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


_DELETE = object()
_VALUE = ("parameters", 0, "values", 0)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ((*_VALUE, "valid_to"), "2025-05-31", "gat"),
        ((*_VALUE, "valid_to"), "2025-07-31", "overlappen"),
        ((*_VALUE, "valid_to"), None, "overlappen"),
        ((*_VALUE, "source"), _DELETE, "bron ontbreekt"),
        ((*_VALUE, "source", "url"), "http://example.org", "bron ontbreekt"),
        ((*_VALUE, "source", "article"), "", "bron ontbreekt"),
        ((*_VALUE, "confirmed"), _DELETE, "confirmed"),
        ((*_VALUE, "value"), 100.0, "geen float"),
        ((*_VALUE, "value"), "100.001", "twee decimalen"),
        ((*_VALUE, "value"), "-1.00", "0 of meer"),
        ((*_VALUE, "valid_from"), "2025-01-02", "eerste van een maand"),
        ((*_VALUE, "unit"), "euro per jaar", "eenheid"),
        (("covers_from",), "2024-12-01", "gat"),
        (("parameters", 0, "kind"), "colour", "onbekende soort"),
        (("parameters", 0, "label"), "", "label"),
    ],
)
def test_invalid_parameter_files_are_refused(path: tuple[Any, ...], value: Any, message: str) -> None:
    assert parse_document(_document(), origin="ok.json")["example.norm"].at(dt.date(2025, 7, 1)).number == 101
    with pytest.raises(ParameterError, match=message):
        parse_document(_broken(path, value), origin="broken.json")


def test_a_missing_or_duplicate_parameter_is_refused(tmp_path: Path) -> None:
    package = Path(__file__).parents[2] / "gateway" / "engine" / "parameters"
    files = [package / name for name in NATIONAL_FILES]
    with pytest.raises(ParameterError, match=r"parameters ontbreken: .*norm\.single"):
        load_parameters([f for f in files if f.name != "norms.json"])
    with pytest.raises(ParameterError, match="meer dan één bestand"):
        load_parameters([*files, package / "norms.json"])
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ParameterError, match="niet te lezen"):
        load_parameters([broken])
    assert json.loads((package / "norms.json").read_text(encoding="utf-8"))["covers_from"] == "2025-01-01"
