"""Art. 52 Pw: the least advance is a share of the bijstand the college expects to grant for the month.

Expected bijstand = the month's norm − the counted income (income − disregard) of the last complete month
before it, or the norm when none is known. A warning below that share is informative: it never makes a
settlement provisional (the 95% of 2026 is not confirmed, yet these months are not "voorlopig").
Single person of 35, no disregard; norm 1.401,50 (2026), 1.369,06 (2nd half of 2025).
"""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.engine.inputs import EnrollmentPeriod
from tests.engine.factories import case, codes, d, record, run

UNCONFIRMED = "; dit percentage is nog niet bevestigd"

# (article, description, months, incomes per month, advance month, advance, payout, overpaid, warning)
TABLE = [
    (
        "art. 52 lid 1",
        "voorschot 500,00 boven 95% van de uitbetaling (452,61) maar onder 95% van de verwachte bijstand:"
        " februari 1.401,50 − 900,00 = 501,50 × 95% = 476,43; verwacht 1.401,50 − 300,00 = 1.101,50 × 95%"
        " = 1.046,425",
        ("2026-01", "2026-02"),
        {"2026-01": "300.00", "2026-02": "900.00"},
        "2026-02",
        "500.00",
        "476.43",
        "23.57",
        "Let op: voorschot €\xa0500,00 is minder dan 95% van de verwachte bijstand €\xa01.101,50"
        " (norm €\xa01.401,50"
        " min het getelde inkomen €\xa0300,00 van de laatste volledige maand) = €\xa01.046,43" + UNCONFIRMED,
    ),
    (
        "art. 52 lid 1",
        "voorschot 1.050,00 niet onder 1.046,43: geen waarschuwing, wel te veel betaald 1.050,00 − 476,43",
        ("2026-01", "2026-02"),
        {"2026-01": "300.00", "2026-02": "900.00"},
        "2026-02",
        "1050.00",
        "476.43",
        "573.57",
        None,
    ),
    (
        "art. 52 lid 1",
        "eerste maand, geen volledige maand bekend: verwacht is de norm, 95% × 1.401,50 = 1.331,425;"
        " uitbetaling 1.401,50 − 300,00 = 1.101,50 × 95% = 1.046,425",
        ("2026-01", "2026-01"),
        {"2026-01": "300.00"},
        "2026-01",
        "1200.00",
        "1046.43",
        "153.57",
        "Let op: voorschot €\xa01.200,00 is minder dan 95% van de verwachte bijstand €\xa01.401,50"
        " (de norm; er is"
        " nog geen volledige maand inkomen bekend) = €\xa01.331,43" + UNCONFIRMED,
    ),
    (
        "art. 52 lid 1",
        "december 2025, 90% bevestigd: verwacht 1.369,06 − 300,00 = 1.069,06 × 90% = 962,154;"
        " uitbetaling 1.369,06 − 500,00 = 869,06 × 95% = 825,607",
        ("2025-11", "2025-12"),
        {"2025-11": "300.00", "2025-12": "500.00"},
        "2025-12",
        "900.00",
        "825.61",
        "74.39",
        "Let op: voorschot €\xa0900,00 is minder dan 90% van de verwachte bijstand €\xa01.069,06"
        " (norm €\xa01.369,06"
        " min het getelde inkomen €\xa0300,00 van de laatste volledige maand) = €\xa0962,15",
    ),
]

_LAST_DAY = {"2025-11": "30", "2025-12": "31", "2026-01": "31", "2026-02": "28"}


@pytest.mark.parametrize(
    ("article", "description", "months", "incomes", "which", "advance", "payout", "overpaid", "warning"),
    TABLE,
)
def test_the_least_advance_is_a_share_of_the_expected_bijstand(
    article: str,
    description: str,
    months: tuple[str, str],
    incomes: dict[str, str],
    which: str,
    advance: str,
    payout: str,
    overpaid: str,
    warning: str | None,
) -> None:
    records = [record(f"{m}-01", f"{m}-{_LAST_DAY[m]}", net) for m, net in incomes.items()]
    result = run(case(advances={which: advance}), records, *months).settlements[-1]
    assert (result.payout, result.overpaid) == (d(payout), d(overpaid)), (article, description)
    warnings = [line for line in result.lines if line.code == "VOORSCHOT_ONDER_MINIMUM"]
    assert [line.text for line in warnings] == ([] if warning is None else [warning])
    assert all(line.parameters == () and line.amount is None for line in warnings)
    assert codes(result, "VOORLOPIG") == []
    assert not result.unconfirmed
    assert "advance.minimum_rate" not in {p.key for p in result.parameters}


def test_an_incomplete_month_is_not_a_basis_for_the_expectation() -> None:
    """January has pay for 1-15 January only while the worker was enrolled all month: January is not
    complete, so February expects the norm: 95% × 1.401,50 = 1.331,43 > 1.300,00 (with January's 300,00
    it would have been 1.046,43 and no warning)."""
    records = [record("2026-01-01", "2026-01-15", "300.00"), record("2026-02-01", "2026-02-28", "900.00")]
    enrolled = [EnrollmentPeriod(agency="bureau", valid_from=dt.date(2026, 1, 1))]
    calculation = run(
        case(advances={"2026-02": "1300.00"}), records, "2026-01", "2026-02", enrollments=enrolled
    )
    january, february = calculation.settlements
    assert not january.complete
    [line] = [line for line in february.lines if line.code == "VOORSCHOT_ONDER_MINIMUM"]
    assert "(de norm; er is nog geen volledige maand inkomen bekend) = €\xa01.331,43" in line.text
