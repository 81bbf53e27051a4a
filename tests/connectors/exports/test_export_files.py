"""The CSV and JSON layouts, line by line, for settlements worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from connectors.exports import csv_file, json_file
from connectors.exports.rows import ExportError, ExportRow, money
from schemas.figures import MonthSettlement, ResultKind

APPROVED_AT = dt.datetime(2026, 3, 24, 9, 30, tzinfo=dt.UTC)
CREATED_AT = dt.datetime(2026, 3, 25, 8, 0, tzinfo=dt.UTC)
HEADER = (
    "gemeente;bsn;maand;verrekening_id;versie;soort;norm;inkomen;vrijlating;bijstand;uitbetaling;vt_reservering;"
    "vakantiegeld_verrekend;vt_uitbetaald;voorschot;correcties;verschil;verrekend;nabetaling;te_veel_betaald;"
    "niet_verrekend;bufferbudget;betaaldatum;goedgekeurd_door;goedgekeurd_op"
)


def _settlement(**fields: Any) -> MonthSettlement:
    remaining = {
        "exitIncome": "1401.50",
        "income": "0.00",
        "net": "1401.50",
        "gross": None,
        "hours": None,
        "hourlyWage": None,
        "weeklyExitIncome": "323.43",
        "weeklyNetNow": None,
        "weeklyNet": None,
        "weeklyGross": None,
        "weeklyHours": None,
    }
    document = {
        "kind": "verrekening",
        "regime": "art31",
        "attribution": "working_days",
        "complete": True,
        "disregard": "0.00",
        "holidayPaySetOff": "0.00",
        "holidayAllowancePaidOut": "0.00",
        "holidayAllowanceBalance": "0.00",
        "correctionsTotal": "0.00",
        "offset": "0.00",
        "notOffset": "0.00",
        "carryForward": [],
        "corrections": [],
        "remaining": remaining,
        "missing": [],
        "records": [],
        "parameters": [],
        "unconfirmed": False,
        "lines": [],
        **fields,
    }
    return MonthSettlement.model_validate(document)


# Worker A, March 2026: norm 1401.50, income 700.00 → bijstand 701.50; payout 95% = 666.425 → 666.43 (half
# up), holiday allowance reserve 35.07; advance 600.00 → difference +66.43, all paid as back payment.
MARCH_A = _settlement(
    month="2026-03",
    norm="1401.50",
    income="700.00",
    bijstand="701.50",
    payout="666.43",
    holidayAllowanceReserve="35.07",
    advance="600.00",
    difference="66.43",
    toPay="66.43",
    overpaid="0.00",
    payoutDate="2026-04-01",
)
# Worker B, March 2026: income 1600.00 above the norm → bijstand 0.00; advance 500.00 → difference −500.00,
# overpaid; a correction of approved February (+19.00 payout, +1.00 holiday allowance) is carried in, so the
# difference is 0.00 + 19.00 − 500.00 = −481.00.
MARCH_B = _settlement(
    month="2026-03",
    norm="1401.50",
    income="1600.00",
    bijstand="0.00",
    payout="0.00",
    holidayAllowanceReserve="0.00",
    advance="500.00",
    correctionsTotal="19.00",
    difference="-481.00",
    toPay="0.00",
    overpaid="481.00",
    payoutDate="2026-04-01",
    corrections=[{"month": "2026-02", "payoutDelta": "19.00", "holidayAllowanceDelta": "1.00"}],
    carryForward=[{"month": "2026-03", "amount": "481.00", "lastMonth": "2026-09"}],
)
# Worker A, February 2026: no income, bijstand 1401.50, payout 1331.43, reserve 70.07, advance 1331.43.
FEBRUARY_A = _settlement(
    month="2026-02",
    norm="1401.50",
    income="0.00",
    bijstand="1401.50",
    payout="1331.43",
    holidayAllowanceReserve="70.07",
    advance="1331.43",
    difference="0.00",
    toPay="0.00",
    overpaid="0.00",
    payoutDate="2026-03-02",
)


def _row(bsn: str, settlement_id: str, settlement: MonthSettlement, version: int = 1) -> ExportRow:
    return ExportRow("GM0599", bsn, settlement_id, version, "staff-7", APPROVED_AT, settlement)


ROWS = [
    _row("999900018", "s-3", MARCH_B, version=2),
    _row("999900006", "s-2", MARCH_A),
    _row("999900006", "s-1", FEBRUARY_A),
]


def test_csv_has_a_header_and_one_line_per_settlement_in_month_then_bsn_order() -> None:
    lines = csv_file.render(ROWS).decode("utf-8").split("\r\n")

    assert lines == [
        HEADER,
        "GM0599;999900006;2026-02;s-1;1;verrekening;1401.50;0.00;0.00;1401.50;1331.43;70.07;0.00;0.00;1331.43;"
        "0.00;0.00;0.00;0.00;0.00;0.00;0.00;2026-03-02;staff-7;2026-03-24T09:30:00Z",
        "GM0599;999900006;2026-03;s-2;1;verrekening;1401.50;700.00;0.00;701.50;666.43;35.07;0.00;0.00;600.00;"
        "0.00;66.43;0.00;66.43;0.00;0.00;0.00;2026-04-01;staff-7;2026-03-24T09:30:00Z",
        "GM0599;999900018;2026-03;s-3;2;verrekening;1401.50;1600.00;0.00;0.00;0.00;0.00;0.00;0.00;500.00;19.00;"
        "-481.00;0.00;0.00;481.00;0.00;0.00;2026-04-01;staff-7;2026-03-24T09:30:00Z",
        "",
    ]


def test_csv_of_no_settlements_is_the_header_alone() -> None:
    assert csv_file.render([]) == (HEADER + "\r\n").encode()


def test_json_has_control_totals_and_the_correction_lines() -> None:
    text = json_file.render(rows=ROWS, municipality_code="GM0599", created_at=CREATED_AT).decode("utf-8")
    document = json.loads(text)

    assert text.endswith("}\n")
    assert {k: v for k, v in document.items() if k != "verrekeningen"} == {
        "formaat": "loonbrug-maandverrekeningen/2",
        "gemeente": "GM0599",
        "aangemaakt": "2026-03-25T08:00:00Z",
        "aantal": 3,
        "totaalNabetaling": "66.43",
        "totaalTeVeelBetaald": "481.00",
    }
    assert [item["verrekeningId"] for item in document["verrekeningen"]] == ["s-1", "s-2", "s-3"]
    assert document["verrekeningen"][2] == {
        "gemeente": "GM0599",
        "bsn": "999900018",
        "maand": "2026-03",
        "verrekeningId": "s-3",
        "versie": "2",
        "soort": "verrekening",
        "norm": "1401.50",
        "inkomen": "1600.00",
        "vrijlating": "0.00",
        "bijstand": "0.00",
        "uitbetaling": "0.00",
        "vtReservering": "0.00",
        "vakantiegeldVerrekend": "0.00",
        "vtUitbetaald": "0.00",
        "voorschot": "500.00",
        "correcties": "19.00",
        "verschil": "-481.00",
        "verrekend": "0.00",
        "nabetaling": "0.00",
        "teVeelBetaald": "481.00",
        "nietVerrekend": "0.00",
        "bufferbudget": "0.00",
        "betaaldatum": "2026-04-01",
        "goedgekeurdDoor": "staff-7",
        "goedgekeurdOp": "2026-03-24T09:30:00Z",
        "correctieregels": [{"maand": "2026-02", "uitbetaling": "19.00", "vakantietoeslag": "1.00"}],
    }


def test_the_same_rows_in_any_order_give_the_same_bytes() -> None:
    shuffled = [ROWS[1], ROWS[2], ROWS[0]]
    assert csv_file.render(shuffled) == csv_file.render(ROWS)
    assert json_file.render(
        rows=shuffled, municipality_code="GM0599", created_at=CREATED_AT
    ) == json_file.render(rows=ROWS, municipality_code="GM0599", created_at=CREATED_AT)


def test_a_final_settlement_exports_in_the_same_layout_with_its_kind_and_the_bufferbudget() -> None:
    # Ended 31 March: reserve 140.14 paid out (art. 45) and set off against 600.00 overpaid over March
    # (art. 58 lid 4); the 459.86 left is absorbed by the bufferbudget (art. 34b), nothing left open.
    final = _settlement(
        kind="eindafrekening",
        month="2026-04",
        norm="0.00",
        income="0.00",
        bijstand="0.00",
        payout="0.00",
        holidayAllowanceReserve="0.00",
        holidayAllowancePaidOut="140.14",
        advance="0.00",
        difference="140.14",
        offset="140.14",
        toPay="0.00",
        overpaid="0.00",
        bufferUsed="459.86",
        payoutDate="2026-04-01",
        end={"endDate": "2026-03-31", "reason": "werk"},
    )
    lines = csv_file.render([_row("999900006", "s-4", final, version=3)]).decode("utf-8").split("\r\n")

    assert lines[1] == (
        "GM0599;999900006;2026-04;s-4;3;eindafrekening;0.00;0.00;0.00;0.00;0.00;0.00;0.00;140.14;0.00;0.00;"
        "140.14;140.14;0.00;0.00;0.00;459.86;2026-04-01;staff-7;2026-03-24T09:30:00Z"
    )


def test_a_recomputation_is_refused() -> None:
    recomputation = MARCH_A.model_copy(update={"kind": ResultKind.RECOMPUTATION})
    with pytest.raises(ExportError, match="recomputation"):
        csv_file.render([_row("999900006", "s-9", recomputation)])


def test_money_is_two_decimals_and_refuses_floats_and_fractions_of_cents() -> None:
    assert money(Decimal("5")) == "5.00"
    assert money(Decimal("-0.10")) == "-0.10"
    with pytest.raises(ExportError):
        money(Decimal("0.005"))
    with pytest.raises(ExportError):
        money(0.1)  # type: ignore[arg-type]
