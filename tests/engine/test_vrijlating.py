"""Rule 3, the disregards: art. 31 lid 2 n, r, y (with lid 5) and art. 34a. Golden table per grant."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.engine.rules.vrijlating import PersonFacts, regime, vrijlating, vrijlatingen
from schemas.benefit_case import DisregardGrant, DisregardKind
from schemas.figures import Regime
from schemas.periods import Month
from tests.engine.factories import PARAMETERS

ADULT = PersonFacts(age=35, at_pension_age=False, single_parent=False, youngest_child_age=None)
YOUNG = PersonFacts(age=26, at_pension_age=False, single_parent=False, youngest_child_age=None)
PENSION = PersonFacts(age=68, at_pension_age=True, single_parent=False, youngest_child_age=None)
PARENT_11 = PersonFacts(age=35, at_pension_age=False, single_parent=True, youngest_child_age=11)
PARENT_12 = PersonFacts(age=35, at_pension_age=False, single_parent=True, youngest_child_age=12)


def _grant(kind: str, start: str, end: str | None = None) -> DisregardGrant:
    return DisregardGrant.model_validate({"kind": kind, "startMonth": start, "endMonth": end})


# (article, description, regime, grants, month, person, income, expected amount, reason if none applies)
GOLDEN = [
    (
        "art. 31 lid 2 n",
        "25% van 881,50 = 220,375",
        Regime.CURRENT,
        [_grant("n", "2025-11")],
        "2026-01",
        ADULT,
        "881.50",
        "220.38",
        None,
    ),
    (
        "art. 31 lid 2 n",
        "maximum 2026",
        Regime.CURRENT,
        [_grant("n", "2025-11")],
        "2026-01",
        ADULT,
        "1500.00",
        "285.00",
        None,
    ),
    (
        "art. 31 lid 2 n",
        "window over new year: December has the 2025 cap",
        Regime.CURRENT,
        [_grant("n", "2025-10")],
        "2025-12",
        ADULT,
        "1500.00",
        "278.00",
        None,
    ),
    (
        "art. 31 lid 2 n",
        "window over new year: March is month 6",
        Regime.CURRENT,
        [_grant("n", "2025-10")],
        "2026-03",
        ADULT,
        "1500.00",
        "285.00",
        None,
    ),
    (
        "art. 31 lid 2 n",
        "window over new year: April is month 7",
        Regime.CURRENT,
        [_grant("n", "2025-10")],
        "2026-04",
        ADULT,
        "1500.00",
        "0.00",
        "de 6 maanden vanaf 2025-10 zijn voorbij",
    ),
    (
        "art. 31 lid 5",
        "not under 27",
        Regime.CURRENT,
        [_grant("n", "2025-11")],
        "2026-01",
        YOUNG,
        "1000.00",
        "0.00",
        "jonger dan 27 jaar",
    ),
    (
        "art. 31 lid 2 n",
        "no time limit at pensionable age",
        Regime.CURRENT,
        [_grant("n", "2025-01")],
        "2026-06",
        PENSION,
        "400.00",
        "100.00",
        None,
    ),
    (
        "art. 31 lid 2 n",
        "ended early by the municipality",
        Regime.CURRENT,
        [_grant("n", "2025-11", "2025-12")],
        "2026-01",
        ADULT,
        "1000.00",
        "0.00",
        "beëindigd na 2025-12",
    ),
    (
        "art. 31 lid 2 n",
        "not before its start month",
        Regime.CURRENT,
        [_grant("n", "2026-02")],
        "2026-01",
        ADULT,
        "1000.00",
        "0.00",
        "vanaf 2026-02",
    ),
    (
        "art. 31 lid 2 r",
        "12,5% van 1000",
        Regime.CURRENT,
        [_grant("r", "2025-06")],
        "2026-01",
        PARENT_11,
        "1000.00",
        "125.00",
        None,
    ),
    (
        "art. 31 lid 2 r",
        "maximum",
        Regime.CURRENT,
        [_grant("r", "2025-06")],
        "2026-01",
        PARENT_11,
        "2000.00",
        "177.66",
        None,
    ),
    (
        "art. 31 lid 2 r",
        "youngest child 12",
        Regime.CURRENT,
        [_grant("r", "2025-06")],
        "2026-01",
        PARENT_12,
        "1000.00",
        "0.00",
        "jongste kind niet jonger dan 12 jaar",
    ),
    (
        "art. 31 lid 2 r",
        "not while n runs",
        Regime.CURRENT,
        [_grant("n", "2025-12"), _grant("r", "2025-06")],
        "2026-01",
        PARENT_11,
        "400.00",
        "100.00",
        "vrijlating n loopt nog",
    ),
    (
        "art. 31 lid 2 r",
        "at most 30 months",
        Regime.CURRENT,
        [_grant("r", "2023-07")],
        "2026-01",
        PARENT_11,
        "1000.00",
        "0.00",
        "de 30 maanden vanaf 2023-07 zijn voorbij",
    ),
    (
        "art. 31 lid 2 y",
        "15% van 1000",
        Regime.CURRENT,
        [_grant("y", "2025-01")],
        "2026-01",
        ADULT,
        "1000.00",
        "150.00",
        None,
    ),
    (
        "art. 31 lid 2 y",
        "maximum",
        Regime.CURRENT,
        [_grant("y", "2025-01")],
        "2026-01",
        ADULT,
        "2000.00",
        "180.19",
        None,
    ),
    (
        "art. 31 lid 2 y",
        "not while n applies",
        Regime.CURRENT,
        [_grant("n", "2025-12"), _grant("y", "2025-01")],
        "2026-01",
        ADULT,
        "400.00",
        "100.00",
        "vrijlating n loopt nog",
    ),
    (
        "art. 31 lid 2 r/y",
        "both apply: the larger (y) counts",
        Regime.CURRENT,
        [_grant("r", "2025-06"), _grant("y", "2025-01")],
        "2026-01",
        PARENT_11,
        "1000.00",
        "150.00",
        None,
    ),
    (
        "art. 34a",
        "15% without cap",
        Regime.BALANS,
        [_grant("art34a", "2026-01")],
        "2026-03",
        ADULT,
        "2000.00",
        "300.00",
        None,
    ),
    (
        "art. 34a",
        "at most 12 months",
        Regime.BALANS,
        [_grant("art34a", "2026-01")],
        "2027-01",
        ADULT,
        "2000.00",
        "0.00",
        "de 12 maanden vanaf 2026-01 zijn voorbij",
    ),
    (
        "art. 34a",
        "pensionable age: 25% capped at 226,00",
        Regime.BALANS,
        [_grant("art34a", "2026-01")],
        "2028-01",
        PENSION,
        "2000.00",
        "226.00",
        None,
    ),
    (
        "art. 34a",
        "medically limited: 15% without cap",
        Regime.BALANS,
        [_grant("y", "2025-01")],
        "2027-03",
        ADULT,
        "2000.00",
        "300.00",
        None,
    ),
    (
        "art. 34a",
        "n does not apply under art. 34a",
        Regime.BALANS,
        [_grant("n", "2026-12")],
        "2027-01",
        ADULT,
        "1000.00",
        "0.00",
        "geldt niet in het regime van art. 34a",
    ),
    (
        "art. 34a",
        "art. 34a grant before the regime applies",
        Regime.CURRENT,
        [_grant("art34a", "2026-01")],
        "2026-03",
        ADULT,
        "1000.00",
        "0.00",
        "nog niet van toepassing",
    ),
]


@pytest.mark.parametrize(
    ("article", "description", "the_regime", "grants", "which", "person", "income", "expected", "reason"),
    GOLDEN,
    ids=[row[1] for row in GOLDEN],
)
def test_disregard_golden_table(
    article: str,
    description: str,
    the_regime: Regime,
    grants: list[DisregardGrant],
    which: str,
    person: PersonFacts,
    income: str,
    expected: str,
    reason: str | None,
) -> None:
    rules, not_applied = vrijlatingen(
        grants=tuple(grants),
        month=Month.parse(which),
        person=person,
        month_regime=the_regime,
        parameters=PARAMETERS,
    )
    amount, _ = vrijlating(income=Decimal(income), rules=rules)
    assert amount == Decimal(expected), article
    if reason is not None:
        assert any(reason in item.reason for item in not_applied), [item.reason for item in not_applied]


@pytest.mark.parametrize(
    ("which", "opt_in", "expected"),
    [
        ("2026-12", None, Regime.CURRENT),
        ("2027-01", None, Regime.BALANS),  # in force (value not yet confirmed)
        ("2026-03", "2026-04", Regime.CURRENT),
        ("2026-04", "2026-04", Regime.BALANS),  # the municipality opted in from April 2026
    ],
)
def test_regime_by_date_and_municipal_opt_in(which: str, opt_in: str | None, expected: Regime) -> None:
    """art. 34a: in force 1 January 2027; a municipality may apply it earlier."""
    got, value = regime(
        month=Month.parse(which), balans_opt_in=Month.parse(opt_in) if opt_in else None, parameters=PARAMETERS
    )
    assert got is expected
    assert value.key == "balans.in_force"


def test_the_disregard_is_rounded_half_up_before_the_cap() -> None:
    rules, _ = vrijlatingen(
        grants=(_grant("n", "2026-01"),),
        month=Month(2026, 1),
        person=ADULT,
        month_regime=Regime.CURRENT,
        parameters=PARAMETERS,
    )
    assert vrijlating(income=Decimal("0.02"), rules=rules)[0] == Decimal("0.01")  # 0,005 → 0,01
    assert vrijlating(income=Decimal("0.01"), rules=rules)[0] == Decimal("0.00")  # 0,0025 → 0,00
    assert rules[0].kind is DisregardKind.N
