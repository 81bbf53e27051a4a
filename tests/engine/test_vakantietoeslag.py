"""Rule 5 and the holiday allowance reserve (art. 19 and 45; municipal policy on holiday pay)."""

from __future__ import annotations

from decimal import Decimal

from gateway.engine.inputs import LedgerState
from gateway.engine.rules.vakantietoeslag import vakantiegeld_verrekening, vakantietoeslag_saldo
from schemas.figures import HolidayPayTreatment
from tests.engine.factories import case, codes, month, policy, record, run

D = Decimal


def test_holiday_pay_is_set_against_the_reserve_and_the_excess_is_income() -> None:
    splits = vakantiegeld_verrekening(
        holiday_pay=[D("40.00"), D("100.00")],
        balance=D("120.00"),
        treatment=HolidayPayTreatment.SET_AGAINST_RESERVE,
    )
    assert splits == ((D("40.00"), D("0.00")), (D("80.00"), D("20.00")))
    assert vakantiegeld_verrekening(
        holiday_pay=[D("40.00")], balance=D("0.00"), treatment=HolidayPayTreatment.SET_AGAINST_RESERVE
    ) == ((D("0"), D("40.00")),)


def test_policy_income_when_paid_counts_all_holiday_pay_as_income() -> None:
    splits = vakantiegeld_verrekening(
        holiday_pay=[D("40.00")], balance=D("500.00"), treatment=HolidayPayTreatment.INCOME_WHEN_PAID
    )
    assert splits == ((D("0.00"), D("40.00")),)


def test_reserve_ledger_and_payout_month() -> None:
    """412,60 − 40,00 − 2,34 + 23,84 = 394,10; in the payout month what is available is paid out first."""
    assert vakantietoeslag_saldo(
        opening=D("412.60"),
        set_off=D("40.00"),
        reserve=D("23.84"),
        corrections=D("-2.34"),
        payout_month=False,
    ) == (D("0.00"), D("394.10"))
    assert vakantietoeslag_saldo(
        opening=D("500.00"), set_off=D("0.00"), reserve=D("30.00"), corrections=D("0.00"), payout_month=True
    ) == (D("500.00"), D("30.00"))


def test_settlement_sets_holiday_pay_against_the_reserve() -> None:
    """May 2026: net 900 of which 400 holiday pay; reserve 300: 300 set off, 100 counts, income 600;
    bijstand 1401,50 − 600 = 801,50."""
    records = [record("2026-05-01", "2026-05-31", "900.00", holiday_pay="400.00", pay_date="2026-05-29")]
    result = month(case(), records, "2026-05", opening=LedgerState(D("300.00")))
    assert codes(result, "VAKANTIEGELD_VERREKEND") == [D("300.00")]
    assert codes(result, "VAKANTIEGELD_INKOMEN") == [D("100.00")]
    assert (result.income, result.bijstand, result.holiday_pay_set_off) == (
        D("600.00"),
        D("801.50"),
        D("300.00"),
    )
    # 300 − 300 + reserve (801,50 − 761,43 = 40,07)
    assert result.holiday_allowance_balance == D("40.07")
    other = month(
        case(),
        records,
        "2026-05",
        opening=LedgerState(D("300.00")),
        the_policy=policy(holiday_pay=HolidayPayTreatment.INCOME_WHEN_PAID),
    )
    assert (other.income, other.bijstand) == (D("900.00"), D("501.50"))


def test_june_pays_out_the_reserve_of_the_past_year() -> None:
    """No income: May reserves 70,07 (300,00 → 370,07); June pays 370,07 and reserves 70,07 anew."""
    may, june = run(case(), [], "2026-05", "2026-06", opening=LedgerState(D("300.00"))).settlements
    assert may.holiday_allowance_balance == D("370.07")
    assert (june.holiday_allowance_paid_out, june.holiday_allowance_balance) == (D("370.07"), D("70.07"))
    assert codes(june, "VT_UITBETAALD") == [D("370.07")]
