"""The Dutch public holidays the engine skips (`parameters/public_holidays.json`): the same days as the
`holidays` package lists for the Netherlands, which the engine used before and which stays a test
dependency to check the table against; and a broken holiday file is refused with the field named."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import holidays
import pytest

from gateway.engine.days import public_holiday
from gateway.engine.errors import ParameterError
from gateway.engine.parameters.loader import load_public_holidays, parse_public_holidays
from gateway.engine.public_holidays import holiday_dates

HOLIDAY_FILE = Path(__file__).parents[2] / "gateway" / "engine" / "parameters" / "public_holidays.json"

# (description, day, public holiday)
TABLE = [
    ("Goede Vrijdag 2026 (gelijkgesteld, Atw art. 3 lid 2)", dt.date(2026, 4, 3), True),
    ("Tweede Paasdag 2026", dt.date(2026, 4, 6), True),
    ("Koningsdag op zondag 27 april 2025: zaterdag 26 april", dt.date(2025, 4, 26), True),
    ("en niet op de zondag zelf", dt.date(2025, 4, 27), False),
    ("Koninginnedag op zondag 30 april 2006: zaterdag 29 april", dt.date(2006, 4, 29), True),
    ("Koninginnedag op zondag 30 april 1978: maandag 1 mei", dt.date(1978, 5, 1), True),
    ("Bevrijdingsdag 2030, een lustrumjaar", dt.date(2030, 5, 5), True),
    ("Bevrijdingsdag 2026, geen lustrumjaar", dt.date(2026, 5, 5), False),
    ("Hemelvaartsdag 2026", dt.date(2026, 5, 14), True),
    ("Tweede Kerstdag 2099", dt.date(2099, 12, 26), True),
    ("Nieuwjaarsdag 2150: de tabel loopt door", dt.date(2150, 1, 1), True),
    ("1 januari 1965: de Algemene termijnenwet geldt pas vanaf 1 april 1965", dt.date(1965, 1, 1), False),
]


@pytest.mark.parametrize(("description", "day", "expected"), TABLE)
def test_public_holidays(description: str, day: dt.date, expected: bool) -> None:
    assert public_holiday(day) is expected, description


def test_the_table_gives_the_days_the_holidays_package_gives() -> None:
    """From 1981 (the package counts Bevrijdingsdag before the Atw did, from 1982) to 2100 (where the
    package stops)."""
    rules = load_public_holidays()
    for year in range(1981, 2101):
        expected = frozenset(holidays.country_holidays("NL", years=year))
        assert holiday_dates(rules, year) == expected, year


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(HOLIDAY_FILE.read_text(encoding="utf-8"))
    return document


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
_NEW_YEAR = ("holidays", 0)  # Nieuwjaarsdag, a fixed day
_GOOD_FRIDAY = ("holidays", 1)  # Goede Vrijdag, counted from Easter
_QUEENS_DAY_FROM_1980 = ("holidays", 5)
_KINGS_DAY = ("holidays", 6)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("holidays",), [], "niet-lege lijst"),
        ((*_NEW_YEAR, "name"), "", "'name'"),
        ((*_NEW_YEAR, "day"), 32, "bestaat niet"),
        ((*_NEW_YEAR, "day"), "1", "gehele getallen"),
        ((*_NEW_YEAR, "month"), _DELETE, "gehele getallen"),
        ((*_NEW_YEAR, "easter_offset"), 1, "niet allebei"),
        ((*_GOOD_FRIDAY, "easter_offset"), _DELETE, "niet allebei"),
        ((*_GOOD_FRIDAY, "easter_offset"), 100, "-7 tot en met 56"),
        ((*_KINGS_DAY, "on_sunday"), "monday", "on_sunday"),
        ((*_QUEENS_DAY_FROM_1980, "valid_from"), "1979-12-01", "Koninginnedag staat er twee keer in"),
        ((*_KINGS_DAY, "valid_to"), "2013-12-31", "valid_to ligt voor valid_from"),
        ((*_KINGS_DAY, "years_divisible_by"), 0, "years_divisible_by"),
        ((*_NEW_YEAR, "valid_from"), "1 april 1965", "geen datum"),
        ((*_NEW_YEAR, "source"), _DELETE, "Nieuwjaarsdag: bron ontbreekt"),
        ((*_NEW_YEAR, "source", "url"), "http://example.org", "bron ontbreekt"),
        ((*_NEW_YEAR, "note"), " ", "'note'"),
    ],
)
def test_a_broken_holiday_file_is_refused(path: tuple[Any, ...], value: Any, message: str) -> None:
    assert len(parse_public_holidays(_document(), origin="ok.json")) == len(_document()["holidays"])
    with pytest.raises(ParameterError, match=message):
        parse_public_holidays(_broken(path, value), origin="broken.json")


def test_an_unreadable_holiday_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "public_holidays.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"public_holidays\.json: niet te lezen"):
        load_public_holidays(broken)
