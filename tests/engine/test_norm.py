"""Rule 1, the norm (Participatiewet art. 20, 21, 22, 22a): golden table with hand-worked amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gateway.engine.errors import EngineInputError, UnsupportedCaseError
from gateway.engine.rules.leeftijd import aow_datum, op_aow_leeftijd
from gateway.engine.rules.norm import kostendelersnorm, maandnorm
from schemas.periods import Month
from tests.engine.factories import PARAMETERS, case


def _household(
    kind: str = "alleenstaand", sharers: int = 0, partner: str | None = None, **extra: Any
) -> dict[str, Any]:
    period: dict[str, Any] = {
        "validFrom": "2025-01-01",
        "householdType": kind,
        "costSharers": sharers,
        **extra,
    }
    if partner:
        period["partnerBirthDate"] = partner
    return period


# (article, description, birth date, household, month, expected norm)
GOLDEN = [
    ("art. 21 a", "alleenstaand, 35", "1990-05-17", _household(), "2026-01", "1401.50"),
    (
        "art. 21 a",
        "alleenstaande ouder, 35",
        "1990-05-17",
        _household("alleenstaande_ouder"),
        "2026-01",
        "1401.50",
    ),
    (
        "art. 21 b",
        "gehuwd, 35 en 33",
        "1990-05-17",
        _household("gehuwd_samenwonend", partner="1992-03-01"),
        "2026-01",
        "2002.13",
    ),
    ("art. 20 lid 1 a", "alleenstaand, 20", "2005-06-01", _household(), "2026-01", "345.99"),
    ("art. 22 a", "alleenstaand, AOW-leeftijd", "1958-06-01", _household(), "2026-01", "1564.69"),
    (
        "art. 22 b/c",
        "gehuwd, een van beiden AOW-leeftijd",
        "1958-06-01",
        _household("gehuwd_samenwonend", partner="1965-01-01"),
        "2026-01",
        "2144.16",
    ),
    # art. 22a: ((40% + A × 30%) / A) × 2002,13
    (
        "art. 22a",
        "alleenstaand + 1 kostendeler: 50% × 2002,13 = 1001,065",
        "1990-05-17",
        _household(sharers=1),
        "2026-01",
        "1001.07",
    ),
    (
        "art. 22a",
        "alleenstaand + 2: 130/3% × 2002,13 = 867,5897",
        "1990-05-17",
        _household(sharers=2),
        "2026-01",
        "867.59",
    ),
    (
        "art. 22a",
        "alleenstaand + 3: 40% × 2002,13 = 800,852",
        "1990-05-17",
        _household(sharers=3),
        "2026-01",
        "800.85",
    ),
    (
        "art. 22a",
        "gehuwd + 1: 2 × 867,59",
        "1990-05-17",
        _household("gehuwd_samenwonend", sharers=1, partner="1992-03-01"),
        "2026-01",
        "1735.18",
    ),
    (
        "art. 22a",
        "AOW-leeftijd + 1: 50% × 2144,16",
        "1958-06-01",
        _household(sharers=1),
        "2026-01",
        "1072.08",
    ),
    (
        "art. 20/22a",
        "alleenstaand 20 + 1 kostendeler: geen kostendelersnorm onder 21",
        "2005-06-01",
        _household(sharers=1),
        "2026-01",
        "345.99",
    ),
    ("art. 21 a", "wijziging 1 juli: juni 2025", "1990-05-17", _household(), "2025-06", "1345.45"),
    ("art. 21 a", "wijziging 1 juli: juli 2025", "1990-05-17", _household(), "2025-07", "1369.06"),
]


@pytest.mark.parametrize(
    ("article", "description", "birth", "household", "which", "expected"),
    GOLDEN,
    ids=[row[1] for row in GOLDEN],
)
def test_norm_golden_table(
    article: str, description: str, birth: str, household: dict[str, Any], which: str, expected: str
) -> None:
    the_case = case(birth_date=birth, household=[household])
    total, lines = maandnorm(case=the_case, month=Month.parse(which), parameters=PARAMETERS)
    assert total == Decimal(expected), article
    assert sum(line.amount or 0 for line in lines) == total


def test_kostendelersnorm_formula() -> None:
    """art. 22a lid 1, checked without the parameter files."""
    rates = {"base_rate": Decimal("0.40"), "rate_per_person": Decimal("0.30")}
    assert kostendelersnorm(couple_norm=Decimal("2002.13"), persons=2, **rates) == Decimal("1001.07")
    assert kostendelersnorm(couple_norm=Decimal("2002.13"), persons=3, **rates) == Decimal("867.59")
    assert kostendelersnorm(couple_norm=Decimal("1922.07"), persons=5, **rates) == Decimal("730.39")


@pytest.mark.parametrize(
    ("birth", "which", "expected"),
    [
        ("2005-01-15", "2026-01", "345.99"),  # 21 on 15 January: January still the 18-20 norm
        ("2005-01-15", "2026-02", "1401.50"),
        ("2005-01-01", "2026-01", "1401.50"),  # 21 on the first day: counts for that month
        ("1958-12-15", "2025-12", "1369.06"),  # reaches 67 on 15 December: AOW norm from January
        ("1958-12-15", "2026-01", "1564.69"),
    ],
)
def test_age_on_the_first_day_of_the_month_decides(birth: str, which: str, expected: str) -> None:
    """art. 20-22: an age change within a month counts from the next month."""
    total, _ = maandnorm(case=case(birth_date=birth), month=Month.parse(which), parameters=PARAMETERS)
    assert total == Decimal(expected)


def test_cost_sharer_arriving_mid_month_prorates_by_calendar_days() -> None:
    """art. 22a: 1401,50 × 15/31 = 678,15 (1-15 Jan) + 1001,07 × 16/31 = 516,68 (16-31 Jan) = 1194,83."""
    the_case = case(
        household=[
            {"validFrom": "2025-01-01", "validTo": "2026-01-15", "householdType": "alleenstaand"},
            {"validFrom": "2026-01-16", "householdType": "alleenstaand", "costSharers": 1},
        ]
    )
    total, lines = maandnorm(case=the_case, month=Month(2026, 1), parameters=PARAMETERS)
    assert [line.amount for line in lines] == [Decimal("678.15"), Decimal("516.68")]
    assert total == Decimal("1194.83")
    assert "15 van 31 dagen" in lines[0].text
    assert "16 van 31 dagen" in lines[1].text


def test_benefit_starting_mid_month_has_no_norm_before_it() -> None:
    """art. 21 a: benefit from 12 January 2026: 1401,50 × 20/31 = 904,19."""
    the_case = case(benefit_start="2026-01-12")
    total, _ = maandnorm(case=the_case, month=Month(2026, 1), parameters=PARAMETERS)
    assert total == Decimal("904.19")


@pytest.mark.parametrize(
    ("birth", "reached"),
    [
        ("1958-06-01", "2025-06-01"),  # 67 in 2025
        ("1960-11-15", "2027-11-15"),  # 67 in 2027, before the rise
        ("1961-01-10", "2028-04-10"),  # 2028: 67 years and 3 months
        ("1961-08-31", "2028-11-30"),  # month end: the last day of the shorter month
    ],
)
def test_pensionable_age_by_year_of_reaching_it(birth: str, reached: str) -> None:
    """AOW art. 7a: 67 until 2027, 67 years and 3 months in 2028-2030."""
    day, value = aow_datum(
        birth_date=dt.date.fromisoformat(birth), pension_age=PARAMETERS.series("pension_age")
    )
    assert day == dt.date.fromisoformat(reached)
    assert value.confirmed


def test_not_yet_at_pensionable_age_is_decided_by_the_value_of_the_month() -> None:
    at_age, value = op_aow_leeftijd(
        birth_date=dt.date(1990, 1, 1), month=Month(2026, 1), parameters=PARAMETERS
    )
    assert (at_age, value.valid_from, value.confirmed) == (False, dt.date(2025, 1, 1), True)


@pytest.mark.parametrize(
    ("birth", "household", "error", "field"),
    [
        ("2009-01-01", _household(), UnsupportedCaseError, "case.birthDate"),  # under 18
        (
            "1990-05-17",
            _household("gehuwd_samenwonend", partner="2008-06-01"),
            UnsupportedCaseError,
            "case.household",
        ),  # partner 17: no norm under 18
        (
            "1958-06-01",
            _household("gehuwd_samenwonend", partner="2006-01-01"),
            UnsupportedCaseError,
            "case.household",
        ),  # partner 20 and claimant at pensionable age: not in the parameter files
    ],
)
def test_situations_without_a_norm_are_refused(
    birth: str, household: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        maandnorm(
            case=case(birth_date=birth, household=[household]), month=Month(2026, 1), parameters=PARAMETERS
        )
    assert isinstance(raised.value, EngineInputError)
    assert raised.value.field == field


def test_days_without_household_facts_are_refused() -> None:
    the_case = case(
        household=[{"validFrom": "2025-01-01", "validTo": "2026-01-20", "householdType": "alleenstaand"}]
    )
    with pytest.raises(EngineInputError, match="2026-01-21") as raised:
        maandnorm(case=the_case, month=Month(2026, 1), parameters=PARAMETERS)
    assert raised.value.field == "case.household"
