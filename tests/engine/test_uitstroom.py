"""Rule 8, remaining to exit: the smallest income E with E − disregard(E) ≥ the norm, in net, gross,
hours and per week (DESIGN §4.8; art. 19 and 31 lid 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.engine.rules.uitstroom import WageFacts, bruto_en_uren, per_week, uitstroominkomen
from gateway.engine.rules.vrijlating import DisregardRule, PersonFacts, vrijlatingen
from schemas.benefit_case import DisregardGrant
from schemas.figures import Regime
from schemas.periods import Month
from tests.engine.factories import PARAMETERS, case, month, record

D = Decimal
ADULT = PersonFacts(age=35, at_pension_age=False, single_parent=False, youngest_child_age=None)


def _rules(kind: str | None, the_regime: Regime = Regime.CURRENT) -> tuple[DisregardRule, ...]:
    if kind is None:
        return ()
    grant = DisregardGrant.model_validate({"kind": kind, "startMonth": "2026-01"})
    rules, _ = vrijlatingen(
        grants=(grant,), month=Month(2026, 1), person=ADULT, month_regime=the_regime, parameters=PARAMETERS
    )
    return rules


# (description, disregard, regime, needed, exit income)
GOLDEN = [
    ("no disregard: the norm itself", None, Regime.CURRENT, "1401.50", "1401.50"),
    ("n capped: 1401,50 + 285,00", "n", Regime.CURRENT, "1401.50", "1686.50"),
    ("n below the cap: 600,00 / 0,75", "n", Regime.CURRENT, "600.00", "800.00"),
    ("y capped: 1401,50 + 180,19", "y", Regime.CURRENT, "1401.50", "1581.69"),
    (
        "y below the cap: 1000 / 0,85 = 1176,47 after rounding the disregard",
        "y",
        Regime.CURRENT,
        "1000.00",
        "1176.47",
    ),
    ("art. 34a without cap: 1401,50 / 0,85 → 1648,82", "art34a", Regime.BALANS, "1401.50", "1648.82"),
    ("nothing needed", "n", Regime.CURRENT, "-10.00", "0.00"),
]


@pytest.mark.parametrize(
    ("description", "kind", "the_regime", "needed", "expected"), GOLDEN, ids=[row[0] for row in GOLDEN]
)
def test_exit_income_golden_table(
    description: str, kind: str | None, the_regime: Regime, needed: str, expected: str
) -> None:
    rules = _rules(kind, the_regime)
    exit_income = uitstroominkomen(needed=D(needed), rules=rules)
    assert exit_income == D(expected)
    if exit_income:
        # Exactly the smallest: one cent less leaves the need.
        def counted(income: Decimal) -> Decimal:
            return income - max((rule.amount(income) for rule in rules), default=D("0"))

        assert counted(exit_income) >= D(needed) > counted(exit_income - D("0.01"))


def test_gross_and_hours_from_the_recent_wage() -> None:
    """805,00 × 789,40 / 712,00 = 892,51 gross; 892,51 / (789,40 / 52) = 58,80 hours, both rounded up."""
    wage = WageFacts(D("789.40"), D("712.00"), D("52.00"), D("789.40"), D("4"), ())
    assert bruto_en_uren(net=D("805.00"), wage=wage) == (D("892.51"), D("58.80"))
    assert wage.hourly_wage == D("15.18")
    assert wage.weekly_net == D("178.00")


def test_zero_hours_leave_the_hours_unknown_never_guessed() -> None:
    wage = WageFacts(D("200.00"), D("180.00"), D("0"), D("0"), D("1"), ())
    assert bruto_en_uren(net=D("90.00"), wage=wage) == (D("100.00"), None)
    unpaid_hours = WageFacts(D("200.00"), D("180.00"), D("5.00"), D("0"), D("1"), ())
    assert bruto_en_uren(net=D("90.00"), wage=unpaid_hours) == (D("100.00"), None)
    assert unpaid_hours.hourly_wage is None
    nothing = WageFacts(D("0"), D("0"), D("0"), D("0"), D("0"), ())
    assert bruto_en_uren(net=D("90.00"), wage=nothing) == (None, None)


def test_per_week_on_a_lasting_basis() -> None:
    """1686,50 × 12 / 52 = 389,19…, rounded up to 389,20."""
    assert per_week(exit_income=D("1686.50")) == D("389.20")


def test_income_above_the_norm_leaves_nothing_to_earn() -> None:
    result = month(case(), [record("2026-01-01", "2026-01-31", "1500.00")], "2026-01")
    assert (result.bijstand, result.remaining.net, result.remaining.weekly_net) == (D("0"), D("0"), D("0"))


def test_zero_hour_record_counts_as_income_and_gives_no_hourly_wage() -> None:
    """A record of reserves paid out without hours: its net counts, hours to work are unknown."""
    result = month(case(), [record("2026-01-05", "2026-01-11", "50.00", hours="0.00")], "2026-01")
    assert result.income == D("50.00")
    assert result.remaining.hours is None
    assert result.remaining.gross is not None
    assert any("uren onbekend" in line.text for line in result.lines if line.code == "LOONGEGEVENS")
