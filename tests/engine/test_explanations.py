"""A consultant must be able to redo a settlement by hand from its explanation lines alone.

These tests read only what a consultant sees in the JSON result — each line's code, amount, person and
the parameter values as written (e.g. "25%", "285,00") — and recompute every figure from them.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from gateway.engine.contract import calculate, month_settlement
from gateway.engine.inputs import LedgerState
from schemas.benefit_case import Person
from schemas.case import CaseFile
from schemas.figures import ExplanationLine, MonthSettlement, ResultKind
from tests.engine.factories import PARAMETERS, POLICY, case, cost, invoice, record, run, weeks

EXAMPLES = Path(__file__).parents[2] / "examples"
CENT = Decimal("0.01")
ZERO = Decimal("0")


def _number(text: str) -> Decimal:
    """A value as the line writes it: '25%' → 0.25, '1.401,50' → 1401.50."""
    if text.endswith("%"):
        return Decimal(text[:-1].replace(",", ".")) / 100
    return Decimal(text.replace(".", "").replace(",", "."))


def _sum(lines: list[ExplanationLine], code: str, person: Person | None = None) -> Decimal:
    return sum(
        (
            line.amount or ZERO
            for line in lines
            if line.code == code and (person is None or line.person is person)
        ),
        ZERO,
    )


def _one(lines: list[ExplanationLine], code: str) -> ExplanationLine:
    (line,) = [line for line in lines if line.code == code]
    return line


def redo(settlement: MonthSettlement) -> None:
    """Recompute the settlement from its lines and check every figure."""
    lines = settlement.lines
    norm = _sum(lines, "NORM")
    assert norm == settlement.norm
    counted = ZERO
    disregard_total = ZERO
    for total_line in [line for line in lines if line.code == "INKOMEN_TOTAAL"]:
        person = total_line.person
        # Self-employed income (rule 11) may be a loss set against wages, never below zero.
        work = _sum(lines, "INKOMEN", person) + _sum(lines, "INKOMEN_ONDERNEMING", person)
        income = max(ZERO, work) + _sum(lines, "VAKANTIEGELD_INKOMEN", person)
        assert income == total_line.amount
        counted += income
        for line in [line for line in lines if line.code == "VRIJLATING" and line.person is person]:
            values = {p.key.rsplit(".", 1)[-1]: _number(p.value) for p in line.parameters}
            amount = (values["rate"] * income).quantize(CENT, ROUND_HALF_UP)
            cap = values.get("cap") or values.get("pension_age_cap")
            if cap is not None:
                amount = min(amount, cap)
            assert amount == line.amount
            disregard_total += amount
    assert (counted, disregard_total) == (settlement.income, settlement.disregard)
    bijstand = max(ZERO, norm - counted + disregard_total)
    assert bijstand == _one(lines, "BIJSTAND").amount == settlement.bijstand
    payout_line = _one(lines, "UITBETALING")
    rate = _number(payout_line.parameters[0].value)
    payout = (bijstand * (1 - rate)).quantize(CENT, ROUND_HALF_UP)
    assert payout == payout_line.amount == settlement.payout
    assert bijstand - payout == _one(lines, "VT_RESERVERING").amount == settlement.holiday_allowance_reserve
    if settlement.kind is ResultKind.RECOMPUTATION:
        return
    closing = (
        _sum(lines, "VT_SALDO_BEGIN")
        - _sum(lines, "VAKANTIEGELD_VERREKEND")
        + _sum(lines, "VT_CORRECTIE")
        - _sum(lines, "VT_UITBETAALD")
        + (bijstand - payout)
    )
    assert closing == _one(lines, "VT_SALDO").amount == settlement.holiday_allowance_balance
    difference = payout + _sum(lines, "CORRECTIE") - _sum(lines, "VOORSCHOT")
    assert difference == _one(lines, "VERSCHIL").amount == settlement.difference
    to_pay = max(difference, ZERO) - _sum(lines, "VERREKEND")
    assert to_pay == _one(lines, "NABETALING").amount == settlement.to_pay
    assert max(-difference, ZERO) == _sum(lines, "TE_VEEL_BETAALD") == settlement.overpaid


def _example(path: Path) -> list[MonthSettlement]:
    case_file = CaseFile.model_validate_json(path.read_text(encoding="utf-8"))
    return calculate(case_file=case_file, parameters=PARAMETERS, default_policy=POLICY).settlements


def _examples() -> list[MonthSettlement]:
    return [s for path in sorted(EXAMPLES.glob("case-*.json")) for s in _example(path)]


def _scenarios() -> list[MonthSettlement]:
    the_case = case(
        household=[
            {
                "validFrom": "2025-01-01",
                "householdType": "gehuwd_samenwonend",
                "partnerBirthDate": "1988-02-02",
                "costSharers": 1,
            }
        ],
        disregards=[
            {"kind": "n", "startMonth": "2026-04"},
            {"kind": "y", "startMonth": "2026-01", "person": "partner"},
        ],
        advances={"2026-05": "1200.00", "2026-06": "400.00"},
    )
    records = [
        *weeks("2026-04-27", ["310.00", "290.00", "305.50", "280.00", "299.99", "300.00", "250.00"]),
        record(
            "2026-05-01",
            "2026-05-31",
            "900.00",
            holiday_pay="450.00",
            person=Person.PARTNER,
            agency="other",
            pay_date="2026-05-29",
        ),
        record("2026-06-01", "2026-06-30", "1250.00", person=Person.PARTNER, agency="other"),
    ]
    invoices = [
        invoice("2026-14", "640.00", invoice_date="2026-05-25", work=("2026-05-11", "2026-06-05")),
        invoice("2026-15", "95.00", invoice_date="2026-06-22", paid=False),
    ]
    costs = [cost("bon-3", "120.00", cost_date="2026-05-12", invoice_number="2026-14", category="vervoer")]
    results = run(
        the_case,
        records,
        "2026-05",
        "2026-06",
        opening=LedgerState(Decimal("250.00")),
        invoices=invoices,
        costs=costs,
    ).settlements
    return [month_settlement(result) for result in results]


@pytest.mark.parametrize("settlement", _examples() + _scenarios(), ids=lambda s: f"{s.month}-{s.kind.value}")
def test_every_figure_can_be_redone_from_the_lines(settlement: MonthSettlement) -> None:
    redo(settlement)


def test_the_check_fails_when_a_line_is_wrong() -> None:
    settlement = _examples()[0]
    lines = [
        line.model_copy(update={"amount": line.amount + CENT}) if line.code == "VRIJLATING" else line
        for line in settlement.lines
    ]
    with pytest.raises(AssertionError):
        redo(settlement.model_copy(update={"lines": lines}))


def test_lines_name_their_sources_and_articles() -> None:
    (settlement,) = _example(EXAMPLES / "case-single-two-agencies.json")
    income_lines = [line for line in settlement.lines if line.code == "INKOMEN"]
    assert income_lines
    assert all(len(line.records) == 1 for line in income_lines)
    assert all(line.reference for line in settlement.lines)
    norm = next(line for line in settlement.lines if line.code == "NORM")
    assert norm.reference == "art. 21 onderdeel a Participatiewet"
    assert {p.key for p in norm.parameters} >= {"norm.single"}
    assert norm.inputs
    payload = json.loads(settlement.model_dump_json(by_alias=True))
    assert payload["lines"][0]["parameters"][0]["validFrom"] == "2026-01-01"
