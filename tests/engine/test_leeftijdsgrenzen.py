"""Art. 31 lid 5 Pw: the disregards n and r do not apply under 27 (the premium: tests/engine/flextensie).

Hand-worked, January 2026: norm single (parent) € 1.401,50; income from work € 800,00 for the whole month.
r would be 12,5% × 800,00 = 100,00 (cap 177,66); n would be 25% × 800,00 = 200,00 (cap 285,00).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.factories import case, codes, d, month, record

SINGLE_PARENT = [
    {
        "validFrom": "2025-01-01",
        "householdType": "alleenstaande_ouder",
        "youngestChildBirthDate": "2020-04-01",
    }
]
R_GRANT = {"kind": "r", "startMonth": "2025-07"}
N_GRANT = {"kind": "n", "startMonth": "2025-11"}

# (article, description, birth date, grants, disregard, bijstand, payout, why not applied)
TABLE: list[tuple[str, str, str, list[dict[str, Any]], str, str, str, list[str]]] = [
    (
        "art. 31 lid 5",
        "alleenstaande ouder van 25 met r: geen vrijlating; 1.401,50 − 800,00 = 601,50; × 95% = 571,425",
        "2000-06-10",
        [R_GRANT],
        "0.00",
        "601.50",
        "571.43",
        ["Vrijlating r niet toegepast: jonger dan 27 jaar"],
    ),
    (
        "art. 31 lid 2 r",
        "alleenstaande ouder van 27 op 1 januari met r: 1.401,50 − (800,00 − 100,00) = 701,50;"
        " × 95% = 666,425",
        "1999-01-01",
        [R_GRANT],
        "100.00",
        "701.50",
        "666.43",
        [],
    ),
    (
        "art. 31 lid 5",
        "27 op 2 januari: op de eerste van de maand nog 26, dus geen r",
        "1999-01-02",
        [R_GRANT],
        "0.00",
        "601.50",
        "571.43",
        ["Vrijlating r niet toegepast: jonger dan 27 jaar"],
    ),
    (
        "art. 31 lid 5",
        "alleenstaande ouder van 26 met n en r: geen van beide",
        "1999-06-10",
        [N_GRANT, R_GRANT],
        "0.00",
        "601.50",
        "571.43",
        [
            "Vrijlating n niet toegepast: jonger dan 27 jaar",
            "Vrijlating r niet toegepast: jonger dan 27 jaar",
        ],
    ),
]


@pytest.mark.parametrize(
    ("article", "description", "birth", "grants", "disregard", "bijstand", "payout", "why"), TABLE
)
def test_disregards_n_and_r_not_under_27(
    article: str,
    description: str,
    birth: str,
    grants: list[dict[str, Any]],
    disregard: str,
    bijstand: str,
    payout: str,
    why: list[str],
) -> None:
    the_case = case(birth_date=birth, household=SINGLE_PARENT, disregards=grants)
    result = month(the_case, [record("2026-01-01", "2026-01-31", "800.00")], "2026-01")
    assert (result.norm, result.income) == (d("1401.50"), d("800.00"))
    assert (result.disregard, result.bijstand, result.payout) == (d(disregard), d(bijstand), d(payout)), (
        article,
        description,
    )
    not_applied = [line for line in result.lines if line.code == "VRIJLATING_NIET"]
    assert [line.text for line in not_applied] == why
    assert all(line.reference == "art. 31 lid 5 Participatiewet" for line in not_applied)
    assert all(
        [p.key for p in line.parameters] in (["disregard.n.minimum_age"], ["disregard.r.minimum_age"])
        for line in not_applied
    )
    assert codes(result, "VRIJLATING") == ([] if disregard == "0.00" else [d(disregard)])
    assert not result.unconfirmed
