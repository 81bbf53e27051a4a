"""Rules 6 and 7: settlement with the advance (art. 52), overpayments set off within 6 months (art. 58
lid 4), and corrections of approved months."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.engine.inputs import Overpayment
from gateway.engine.rules.verrekening import correctie, te_veel_betaald, verrekening_voorschot
from schemas.periods import Month
from tests.engine.factories import case, codes, run

D = Decimal
JAN, FEB, MAR, JUL, AUG = (Month(2026, m) for m in (1, 2, 3, 7, 8))


def test_difference_with_the_advance() -> None:
    """art. 52: payout + corrections − advance."""
    assert verrekening_voorschot(payout=D("703.36"), corrections=D("0"), advance=D("700.00")) == D("3.36")
    assert verrekening_voorschot(payout=D("452.91"), corrections=D("-44.41"), advance=D("1100.00")) == D(
        "-691.50"
    )


@pytest.mark.parametrize(
    ("difference", "which", "items", "to_pay", "overpaid", "offsets", "still_open", "expired"),
    [
        ("100.00", MAR, (), "100.00", "0", [], [], []),
        ("-195.57", JAN, (), "0", "195.57", [], [(JAN, "195.57", JUL)], []),
        # oldest first: 100 from January, then 50 of February's 80
        (
            "150.00",
            MAR,
            (Overpayment(JAN, D("100.00"), JUL), Overpayment(FEB, D("80.00"), AUG)),
            "0.00",
            "0",
            [(JAN, "100.00"), (FEB, "50.00")],
            [(FEB, "30.00", AUG)],
            [],
        ),
        # July is January's sixth month: what is left is not set off any more
        ("0.00", JUL, (Overpayment(JAN, D("68.57"), JUL),), "0.00", "0", [], [], [(JAN, "68.57")]),
    ],
)
def test_overpayment_is_set_off_within_six_months(
    difference: str,
    which: Month,
    items: tuple[Overpayment, ...],
    to_pay: str,
    overpaid: str,
    offsets: list[tuple[Month, str]],
    still_open: list[tuple[Month, str, Month]],
    expired: list[tuple[Month, str]],
) -> None:
    """art. 58 lid 4."""
    carry = te_veel_betaald(difference=D(difference), month=which, open_items=items, offset_months=6)
    assert (carry.to_pay, carry.overpaid) == (D(to_pay), D(overpaid))
    assert [(item.month, str(amount)) for item, amount in carry.offsets] == offsets
    assert [(i.month, str(i.amount), i.last_month) for i in carry.open] == still_open
    assert [(i.month, str(i.amount)) for i in carry.not_offset] == expired


def test_correction_takes_earlier_corrections_into_account() -> None:
    assert correctie(recomputed=D("528.57"), approved=D("572.98"), already_corrected=D("0")) == D("-44.41")
    assert correctie(recomputed=D("528.57"), approved=D("572.98"), already_corrected=D("-44.41")) == D("0.00")


def test_an_overpayment_not_set_off_in_six_months_is_left_to_the_municipality() -> None:
    """art. 58 lid 4: January overpaid 100,00 (advance 1431,43, payout 1331,43); March sets 31,43 off (advance
    1300,00); July is the last month: 68,57 is reported, no recovery is created."""
    advances = {f"2026-0{m}": "1331.43" for m in range(2, 8)} | {"2026-01": "1431.43", "2026-03": "1300.00"}
    results = run(case(advances=advances), [], "2026-01", "2026-07").settlements
    jan, _, mar, *_, jul = results
    assert (jan.overpaid, jan.to_pay) == (D("100.00"), D("0.00"))
    assert (mar.offset, mar.to_pay) == (D("31.43"), D("0.00"))
    assert codes(mar, "VERREKEND") == [D("31.43")]
    assert jul.not_offset == D("68.57")
    assert codes(jul, "NIET_VERREKEND") == [D("68.57")]
    assert jul.carry_forward == ()
