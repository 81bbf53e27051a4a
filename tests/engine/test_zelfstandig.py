"""Rule 11, income from self-employment (art. 31 lid 1 and 32 lid 1 Pw; CRvB 2014:1063 and 2024:1564):
invoices minus business costs, attributed to the months of the work. Hand-worked amounts; the norm for a
single person in the first half of 2026 is € 1.401,50 and the 2026 cap of disregard n € 285."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from gateway.engine import load_default_policy, load_parameters
from gateway.engine.contract import approved_month, calculate, month_settlement
from gateway.engine.results import MonthResult
from schemas.case import CaseFile
from schemas.figures import ResultKind
from schemas.periods import Month
from schemas.self_employed import (
    BusinessInvoice,
    CostAttribution,
    CostRule,
    LossRule,
    SelfEmployedPolicy,
    UnpaidRule,
)
from tests.engine.factories import POLICY, case, codes, cost, invoice, record, run, weeks

D = Decimal
WITH_N = [{"kind": "n", "startMonth": "2025-11"}]
EXAMPLE = Path(__file__).parents[2] / "examples" / "case-single-two-agencies.json"


def _policy(**changes: object) -> object:
    return POLICY.model_copy(update={"self_employed": SelfEmployedPolicy.model_validate(changes)})


def _texts(result: MonthResult, code: str) -> list[str]:
    return [line.text for line in result.lines if line.code == code]


def test_invoice_spanning_two_months_is_split_by_working_days_without_vat() -> None:
    """Work 19 January - 13 February 2026, € 1.000 excluding VAT: 10 of 20 working days in each month,
    € 500 each. With n: 25% = 125; 1.401,50 − (500 − 125) = 1.026,50; × 95% = 975,175 → 975,18. The
    engine is given the amount without VAT; that the VAT stays out is checked through the case file
    (test_case_file_with_invoices_through_the_contract)."""
    bill = invoice("F-001", "1000.00", invoice_date="2026-02-16", work=("2026-01-19", "2026-02-13"))
    jan, feb = run(case(disregards=WITH_N), [], "2026-01", "2026-02", invoices=[bill]).settlements
    for result in (jan, feb):
        assert (result.income, result.self_employed_income, result.disregard) == (
            D("500.00"),
            D("500.00"),
            D("125.00"),
        )
        assert (result.bijstand, result.payout) == (D("1026.50"), D("975.18"))
    revenue = _texts(jan, "OMZET")
    assert len(revenue) == 1
    assert "10 van 20 werkdagen" in revenue[0]
    assert "F-001" in revenue[0]
    assert "Bakkerij De Korenschoof" in revenue[0]
    assert codes(jan, "INKOMEN_ONDERNEMING") == [D("500.00")]
    assert all(
        line.reference.startswith("art. 31 lid 1 en art. 32 lid 1")
        for line in jan.lines
        if line.code == "OMZET"
    )


def test_costs_exceeding_revenue_count_as_zero_by_default() -> None:
    """March 2026: invoice € 200, costs € 350, wages € 400. Default policy: the month's business income is
    € 0 (loss € 150 not set against wages): income 400, bijstand 1.401,50 − 400 = 1.001,50. Policy 'met
    loon': income 400 − 150 = 250, bijstand 1.151,50."""
    wages = [record("2026-03-02", "2026-03-08", "400.00")]
    bills = [invoice("F-010", "200.00", invoice_date="2026-03-10")]
    costs = [cost("K-1", "350.00", cost_date="2026-03-05", category="gereedschap")]
    default = run(case(), wages, "2026-03", invoices=bills, costs=costs).settlements[0]
    assert (default.income, default.self_employed_income, default.bijstand) == (
        D("400.00"),
        D("0.00"),
        D("1001.50"),
    )
    assert codes(default, "VERLIES") == [D("-150.00")]
    assert "telt als € 0,00" in _texts(default, "VERLIES")[0].replace("\u00a0", " ")
    set_against = run(
        case(),
        wages,
        "2026-03",
        invoices=bills,
        costs=costs,
        the_policy=_policy(loss=LossRule.SET_AGAINST_WAGES),  # type: ignore[arg-type]
    ).settlements[0]
    assert (set_against.income, set_against.self_employed_income, set_against.bijstand) == (
        D("250.00"),
        D("-150.00"),
        D("1151.50"),
    )


def test_loss_set_against_wages_never_below_zero() -> None:
    """A loss of € 500 against wages of € 100: income € 0, not negative; bijstand is the whole norm."""
    result = run(
        case(),
        [record("2026-03-02", "2026-03-08", "100.00")],
        "2026-03",
        invoices=[invoice("F-011", "100.00", invoice_date="2026-03-10")],
        costs=[cost("K-2", "600.00", cost_date="2026-03-11")],
        the_policy=_policy(loss=LossRule.SET_AGAINST_WAGES),  # type: ignore[arg-type]
    ).settlements[0]
    assert (result.income, result.bijstand) == (D("0.00"), D("1401.50"))


def test_corrected_invoice_after_approval_is_carried_into_the_next_open_month() -> None:
    """Rule 7 for invoices. January approved with an invoice of € 1.000: bijstand 401,50, payout
    381,425 → 381,43, reserve 20,07. The invoice is corrected to € 600: 801,50, 761,43, 40,07, so
    +380,00 payout and +20,00 reserve are carried into February."""
    original = invoice("F-020", "1000.00", invoice_date="2026-01-19", work=("2026-01-05", "2026-01-16"))
    january = run(case(), [], "2026-01", invoices=[original]).settlements[0]
    assert (january.bijstand, january.payout, january.holiday_allowance_reserve) == (
        D("401.50"),
        D("381.43"),
        D("20.07"),
    )
    corrected = invoice(
        "F-020-C", "600.00", invoice_date="2026-01-26", work=("2026-01-05", "2026-01-16"), corrects="F-020"
    )
    jan, feb = run(
        case(),
        [],
        "2026-01",
        "2026-02",
        invoices=[original, corrected],
        approved=[approved_month(month_settlement(january))],
    ).settlements
    assert jan.kind is ResultKind.RECOMPUTATION
    assert (jan.income, jan.payout) == (D("600.00"), D("761.43"))
    assert jan.correction_carried is not None
    assert jan.correction_to == Month(2026, 2)
    assert (jan.correction_carried.payout_delta, jan.correction_carried.holiday_allowance_delta) == (
        D("380.00"),
        D("20.00"),
    )
    assert codes(feb, "CORRECTIE") == [D("380.00")]
    assert ["F-020-C" in text for text in _texts(jan, "OMZET")] == [True]


def test_wages_and_an_invoice_in_one_month_share_disregard_n() -> None:
    """January 2026: wages 220 + 220 and an invoice of € 300 for 20-23 January: income 740, n 25% = 185
    (below the cap of 285); 1.401,50 − 555 = 846,50; × 95% = 804,175 → 804,18. Remaining to exit counts
    both: the exit income is 1.401,50 + 285 = 1.686,50, still to earn 946,50."""
    result = run(
        case(disregards=WITH_N),
        weeks("2026-01-05", ["220.00", "220.00"]),
        "2026-01",
        invoices=[invoice("F-030", "300.00", invoice_date="2026-01-26", work=("2026-01-20", "2026-01-23"))],
    ).settlements[0]
    assert (result.income, result.self_employed_income, result.disregard) == (
        D("740.00"),
        D("300.00"),
        D("185.00"),
    )
    assert (result.bijstand, result.payout) == (D("846.50"), D("804.18"))
    assert (result.remaining.income, result.remaining.exit_income, result.remaining.net) == (
        D("740.00"),
        D("1686.50"),
        D("946.50"),
    )


def test_flat_rate_costs_replace_the_submitted_costs() -> None:
    """Policy 'forfaitair' 30%: revenue € 1.000 in January, costs 300 whatever was submitted, income 700."""
    result = run(
        case(),
        [],
        "2026-01",
        invoices=[invoice("F-040", "1000.00", invoice_date="2026-01-19", work=("2026-01-05", "2026-01-16"))],
        costs=[cost("K-3", "50.00", cost_date="2026-01-07")],
        the_policy=_policy(costs=CostRule.FLAT_RATE, flatRate="0.30"),  # type: ignore[arg-type]
    ).settlements[0]
    assert (result.income, codes(result, "KOSTEN_TOTAAL"), codes(result, "KOSTEN")) == (
        D("700.00"),
        [D("300.00")],
        [],
    )
    assert "30%" in _texts(result, "KOSTEN_TOTAAL")[0]


@pytest.mark.parametrize(
    ("attribution", "january", "february"),
    [(CostAttribution.WITH_INVOICE, "450.00", "450.00"), (CostAttribution.OWN_PERIOD, "500.00", "400.00")],
)
def test_a_cost_of_an_invoice_follows_its_months_or_its_own_date(
    attribution: CostAttribution, january: str, february: str
) -> None:
    """Invoice of € 1.000 for 19 January - 13 February (500 + 500); a cost of € 100 for it, dated 20
    February. 'per factuur': 50 + 50, incomes 450 and 450; 'per maand': all in February, 500 and 400."""
    jan, feb = run(
        case(),
        [],
        "2026-01",
        "2026-02",
        invoices=[invoice("F-001", "1000.00", invoice_date="2026-02-16", work=("2026-01-19", "2026-02-13"))],
        costs=[cost("K-4", "100.00", cost_date="2026-02-20", invoice_number="F-001")],
        the_policy=_policy(cost_attribution=attribution),  # type: ignore[arg-type]
    ).settlements
    assert (jan.income, feb.income) == (D(january), D(february))


def test_unpaid_invoice_waits_for_payment_when_the_policy_says_so() -> None:
    """Policy 'bij betaling': an unpaid invoice and the costs made for it do not count yet; once a paid
    version arrives, both count in the month of the work (default policy: from the invoice)."""
    unpaid = invoice(
        "F-050", "800.00", invoice_date="2026-01-19", work=("2026-01-05", "2026-01-16"), paid=False
    )
    costs = [cost("K-5", "100.00", cost_date="2026-01-08", invoice_number="F-050")]
    when_paid = _policy(unpaid=UnpaidRule.WHEN_PAID)
    waiting = run(case(), [], "2026-01", invoices=[unpaid], costs=costs, the_policy=when_paid).settlements[0]  # type: ignore[arg-type]
    assert (waiting.income, codes(waiting, "KOSTEN")) == (D("0.00"), [])
    paid = invoice(
        "F-050-B", "800.00", invoice_date="2026-01-19", work=("2026-01-05", "2026-01-16"), corrects="F-050"
    )
    counted = run(
        case(), [], "2026-01", invoices=[unpaid, paid], costs=costs, the_policy=when_paid
    ).settlements[0]  # type: ignore[arg-type]
    assert counted.income == D("700.00")
    default = run(case(), [], "2026-01", invoices=[unpaid], costs=costs).settlements[0]
    assert default.income == D("700.00")
    assert "nog niet betaald" in _texts(default, "OMZET")[0]


def test_case_file_with_invoices_through_the_contract() -> None:
    """`loonbrug calc`'s case file takes invoices and costs; the month reports the self-employed part."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    first = Month.parse(document["firstMonth"])
    day = first.first_day.replace(day=12).isoformat()
    document["invoices"] = [
        {
            "invoice": {
                "invoiceNumber": "2026-001",
                "invoiceDate": day,
                "client": "Stichting Buurthuis De Kroon",
                "amountExclVat": "250.00",
                "vat": "52.50",
                "paid": True,
            }
        }
    ]
    document["costs"] = [
        {"cost": {"costId": "bon-7", "costDate": day, "amountExclVat": "40.00", "category": "vervoer"}}
    ]
    without = calculate(
        case_file=CaseFile.model_validate(
            {k: v for k, v in document.items() if k not in ("invoices", "costs")}
        ),
        parameters=load_parameters(),
        default_policy=load_default_policy(),
    )
    result = calculate(
        case_file=CaseFile.model_validate(document),
        parameters=load_parameters(),
        default_policy=load_default_policy(),
    )
    before, after = without.settlements[0], result.settlements[0]
    assert after.self_employed_income == D("210.00")
    assert after.income == before.income + D("210.00")


def test_invoice_contract_refuses_half_a_period_and_a_self_correction() -> None:
    base = {"invoiceNumber": "F-1", "invoiceDate": "2026-01-05", "client": "Klant", "amountExclVat": "10.00"}
    with pytest.raises(ValidationError, match="ook de laatste dag van de periode") as half:
        BusinessInvoice.model_validate({**base, "periodStart": "2026-01-01"})
    assert [error["loc"] for error in half.value.errors()] == [("period_end",)]
    with pytest.raises(ValidationError, match="eigen factuurnummer") as own:
        BusinessInvoice.model_validate({**base, "corrects": "F-1"})
    assert [error["loc"] for error in own.value.errors()] == [("corrects",)]
    with pytest.raises(ValidationError, match="flatRate is nodig"):
        SelfEmployedPolicy.model_validate({"costs": "forfaitair"})
