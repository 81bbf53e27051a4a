"""Rule 4: bijstand = max(0, norm − (income − disregard)); payout = bijstand × 95% rounded half up, the
holiday allowance reserve is the rest (Participatiewet art. 19 and 45)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.engine.rules.bijstand import bijstand, uitbetaling

# (description, norm, income, disregard, bijstand, payout, reserve)
GOLDEN = [
    ("no income: 1401,50 × 95% = 1331,425", "1401.50", "0.00", "0.00", "1401.50", "1331.43", "70.07"),
    ("with n: 1401,50 − (881,50 − 220,38)", "1401.50", "881.50", "220.38", "740.38", "703.36", "37.02"),
    ("income above the norm", "1401.50", "2000.00", "285.00", "0.00", "0.00", "0.00"),
    ("exactly the exit income", "1401.50", "1686.50", "285.00", "0.00", "0.00", "0.00"),
    ("couple: 2002,13 − (1458,00 − 136,20)", "2002.13", "1458.00", "136.20", "680.33", "646.31", "34.02"),
    ("half a cent rounds up: 0,10 × 95% = 0,095", "0.10", "0.00", "0.00", "0.10", "0.10", "0.00"),
    ("1000,01 × 95% = 950,0095", "1000.01", "0.00", "0.00", "1000.01", "950.01", "50.00"),
]


@pytest.mark.parametrize(
    ("description", "norm", "income", "disregard", "amount", "payout", "reserve"),
    GOLDEN,
    ids=[row[0] for row in GOLDEN],
)
def test_bijstand_payout_and_reserve(
    description: str, norm: str, income: str, disregard: str, amount: str, payout: str, reserve: str
) -> None:
    """art. 19 (bijstand) and art. 45 (holiday allowance reserved, paid once a year)."""
    got = bijstand(norm=Decimal(norm), income=Decimal(income), disregard=Decimal(disregard))
    assert got == Decimal(amount)
    assert uitbetaling(bijstand=got, holiday_allowance_rate=Decimal("0.05")) == (
        Decimal(payout),
        Decimal(reserve),
    )
