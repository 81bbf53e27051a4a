"""Youth norms (art. 20 Pw) and the kostendelersnorm with a partner under 21 (art. 22a lid 3).

Hand-worked. The norms include the 5% holiday allowance; the payout is norm − income, × 95%, half up.
Where a month has no income the payout equals the published norm without holiday allowance, which is a
check of its own (e.g. 1.315,88 × 95% = 1.250,086 → 1.250,09 as published per 1 July 2025).
Ages are taken on the first day of the month.
"""

from __future__ import annotations

from typing import Any

import pytest

from schemas.benefit_case import Person
from tests.engine.factories import case, d, month, record, run

CLAIMANT_20 = "2005-03-01"  # 20 in September 2025 and in January 2026
PARTNER_23 = "2002-05-01"
CHILD = "2024-02-01"


def _household(
    kind: str, partner: str | None = None, child: str | None = None, sharers: int = 0
) -> dict[str, Any]:
    period: dict[str, Any] = {"validFrom": "2025-01-01", "householdType": kind, "costSharers": sharers}
    if partner:
        period["partnerBirthDate"] = partner
    if child:
        period["youngestChildBirthDate"] = child
    return period


# (article, description, claimant birth, household, month, income claimant, income partner,
#  norm, bijstand, payout, unconfirmed)
TABLE = [
    (
        "art. 20 lid 2 a",
        "alleenstaande ouder van 19, geen inkomen: 337,98 × 95% = 321,081",
        "2006-08-01",
        _household("alleenstaande_ouder", child=CHILD),
        "2025-09",
        None,
        None,
        "337.98",
        "337.98",
        "321.08",
        False,
    ),
    (
        "art. 20 lid 2 a",
        "alleenstaande ouder van 19, inkomen 200,00: 345,99 − 200,00 = 145,99; × 95% = 138,6905",
        "2006-08-01",
        _household("alleenstaande_ouder", child=CHILD),
        "2026-01",
        "200.00",
        None,
        "345.99",
        "145.99",
        "138.69",
        False,
    ),
    (
        "art. 20 lid 1 c",
        "gehuwd 20 + 23 zonder kinderen: 1.315,88 − (400,00 + 300,00) = 615,88; × 95% = 585,086",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner=PARTNER_23),
        "2025-09",
        "400.00",
        "300.00",
        "1315.88",
        "615.88",
        "585.09",
        False,
    ),
    (
        "art. 20 lid 1 c",
        "gehuwd 20 + 23 zonder kinderen, 2026: 345,99 + 2.002,13 / 2 = 1.347,06 (niet bevestigd)",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner=PARTNER_23),
        "2026-01",
        None,
        None,
        "1347.06",
        "1347.06",
        "1279.71",
        True,
    ),
    (
        "art. 20 lid 2 c",
        "gehuwd 20 + 23 met kinderen: 1.707,04 × 95% = 1.621,688",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner=PARTNER_23, child=CHILD),
        "2025-09",
        None,
        None,
        "1707.04",
        "1707.04",
        "1621.69",
        False,
    ),
    (
        "art. 20 lid 1 b",
        "gehuwd, beiden 20, zonder kinderen: 2 × 337,98 = 675,96; × 95% = 642,162",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner="2004-12-01"),
        "2025-09",
        None,
        None,
        "675.96",
        "675.96",
        "642.16",
        False,
    ),
    (
        "art. 20 lid 2 b",
        "gehuwd, beiden 20, met kinderen en een huisgenoot van 30 (telt niet onder 21): 1.067,12 × 95%",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner="2004-12-01", child=CHILD, sharers=1),
        "2025-09",
        None,
        None,
        "1067.12",
        "1067.12",
        "1013.76",
        False,
    ),
    (
        "art. 22a lid 3 b",
        "20 + 23 met een huisgenoot van 30: A = 2 (partner 23 en huisgenoot); (40% + 2 × 30%) / 2 × 1.955,80"
        " = 977,90; + 337,98 = 1.315,88",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner=PARTNER_23, sharers=1),
        "2025-09",
        None,
        None,
        "1315.88",
        "1315.88",
        "1250.09",
        True,
    ),
    (
        "art. 22a lid 3 b",
        "20 + 23 met twee huisgenoten van 27+: (40% + 3 × 30%) / 3 × 1.955,80 = 847,513; + 337,98 = 1.185,49",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner=PARTNER_23, sharers=2),
        "2025-09",
        None,
        None,
        "1185.49",
        "1185.49",
        "1126.22",
        True,
    ),
    (
        "art. 22a lid 3 a",
        "20 + 23 met kinderen en een huisgenoot van 30: 977,90 + 729,14 = 1.707,04",
        CLAIMANT_20,
        _household("gehuwd_samenwonend", partner=PARTNER_23, child=CHILD, sharers=1),
        "2025-09",
        None,
        None,
        "1707.04",
        "1707.04",
        "1621.69",
        True,
    ),
]


@pytest.mark.parametrize(
    (
        "article",
        "description",
        "birth",
        "household",
        "which",
        "income",
        "partner_income",
        "norm",
        "bijstand",
        "payout",
        "unconfirmed",
    ),
    TABLE,
)
def test_youth_norms_are_settled_like_every_other_case(
    article: str,
    description: str,
    birth: str,
    household: dict[str, Any],
    which: str,
    income: str | None,
    partner_income: str | None,
    norm: str,
    bijstand: str,
    payout: str,
    unconfirmed: bool,
) -> None:
    first = f"{which}-01"
    last = f"{which}-{'30' if which == '2025-09' else '31'}"
    records = []
    if income:
        records.append(record(first, last, income))
    if partner_income:
        records.append(record(first, last, partner_income, person=Person.PARTNER, agency="ander"))
    result = month(case(birth_date=birth, household=[household]), records, which)
    assert (result.norm, result.bijstand, result.payout) == (d(norm), d(bijstand), d(payout)), (
        article,
        description,
    )
    assert result.payout + result.holiday_allowance_reserve == result.bijstand
    norm_lines = [line for line in result.lines if line.code == "NORM"]
    assert len(norm_lines) == 1
    _, number, _, lid, part = article.split()
    assert norm_lines[0].reference == f"art. {number} lid {lid} onderdeel {part} Participatiewet"
    assert result.unconfirmed is unconfirmed


def test_the_kostendelersnorm_line_names_both_partners_shares() -> None:
    the_case = case(
        birth_date=CLAIMANT_20, household=[_household("gehuwd_samenwonend", partner=PARTNER_23, sharers=2)]
    )
    line = next(line for line in month(the_case, [], "2025-09").lines if line.code == "NORM")
    assert line.reference == "art. 22a lid 3 onderdeel b Participatiewet"
    assert line.text == (
        "Kostendelersnorm: (40% + 3 × 30%) / 3 × gehuwdennorm €\xa01.955,80 = €\xa0847,51 per persoon"
        " voor de partner van 21 jaar of ouder, plus €\xa0337,98 voor de partner van 18 tot en met 20 jaar"
        " (zonder kinderen) = €\xa01.185,49"
    )


def test_a_partner_turning_21_mid_year_gets_the_couple_norm_from_the_next_month() -> None:
    """Partner born 15 October 2004: 20 on 1 October 2025, 21 on 1 November 2025.

    October: art. 20 lid 1 c, 1.315,88 (× 95% = 1.250,09); November: art. 21 b, 1.955,80 (× 95% = 1.858,01).
    """
    the_case = case(
        birth_date=PARTNER_23,
        household=[_household("gehuwd_samenwonend", partner="2004-10-15")],
    )
    october, november = run(the_case, [], "2025-10", "2025-11").settlements
    assert (october.norm, october.payout) == (d("1315.88"), d("1250.09"))
    assert (november.norm, november.payout) == (d("1955.80"), d("1858.01"))
    assert [line.reference for line in october.lines if line.code == "NORM"] == [
        "art. 20 lid 1 onderdeel c Participatiewet"
    ]
    assert [line.reference for line in november.lines if line.code == "NORM"] == [
        "art. 21 onderdeel b Participatiewet"
    ]
    assert any("leeftijd partner op 2025-10-01: 20 jaar" in i for line in october.lines for i in line.inputs)


def test_the_norm_line_says_whether_the_couple_has_children() -> None:
    with_children = _household("gehuwd_samenwonend", partner=PARTNER_23, child=CHILD)
    line = next(
        line
        for line in month(case(birth_date=CLAIMANT_20, household=[with_children]), [], "2025-09").lines
        if line.code == "NORM"
    )
    assert line.inputs[0] == "huishouden vanaf 2025-01-01: gehuwd/samenwonend, 0 kostendeler(s), met kinderen"
    assert (
        line.text
        == "Norm gehuwden, één 18 tot en met 20 jaar en één 21 jaar of ouder, met kinderen: €\xa01.707,04"
    )
