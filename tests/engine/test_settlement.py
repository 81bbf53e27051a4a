"""Month settlements end to end (DESIGN §4.1-4.7): scenarios with hand-worked amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gateway.engine import EngineInputError
from gateway.engine.contract import approved_month, month_settlement
from gateway.engine.inputs import EnrollmentPeriod
from gateway.engine.results import MonthResult
from schemas.benefit_case import Person
from schemas.figures import ResultKind
from schemas.periods import Month
from tests.engine.factories import case, codes, month, policy, record, run, weeks

D = Decimal


def test_two_agencies_in_one_month() -> None:
    """art. 31-32: income of all agencies counts. 220 + 220 + 107 = 547; n: 25% = 136,75;
    1401,50 − (547 − 136,75) = 991,25; × 95% = 941,6875 → 941,69; advance 900 → back payment 41,69."""
    the_case = case(disregards=[{"kind": "n", "startMonth": "2025-11"}], advances={"2026-01": "900.00"})
    records = [
        *weeks("2026-01-05", ["220.00", "220.00"], agency="tempo"),
        record("2026-01-12", "2026-01-18", "107.00", agency="randstad"),
    ]
    result = month(the_case, records, "2026-01")
    assert (result.income, result.disregard, result.bijstand) == (D("547.00"), D("136.75"), D("991.25"))
    assert (result.payout, result.holiday_allowance_reserve) == (D("941.69"), D("49.56"))
    assert (result.difference, result.to_pay, result.overpaid) == (D("41.69"), D("41.69"), D("0"))
    assert {ref.agency for ref in result.records} == {"tempo", "randstad"}


def test_pay_period_spanning_two_years_counts_in_both() -> None:
    """art. 32: 29 Dec 2025 - 4 Jan 2026, net 200: 120 in December, 80 in January."""
    dec, jan = run(case(), [record("2025-12-29", "2026-01-04", "200.00")], "2025-12", "2026-01").settlements
    assert (dec.income, jan.income) == (D("120.00"), D("80.00"))
    assert dec.records == jan.records


def test_four_week_period_is_split_by_twenty_working_days() -> None:
    """art. 32: 19 Jan - 15 Feb 2026, net 880: 10 of 20 working days in each month."""
    jan, feb = run(case(), [record("2026-01-19", "2026-02-15", "880.00")], "2026-01", "2026-02").settlements
    assert (jan.income, feb.income) == (D("440.00"), D("440.00"))
    assert "10 van 20 werkdagen" in next(line.text for line in jan.lines if line.code == "INKOMEN")


def test_parameter_change_on_1_july() -> None:
    """art. 21 a and art. 31 lid 2 n: June 2025 norm 1345,45 and cap 273; July 1369,06 and 278.
    Income 2000 with n: bijstand 0 in both; without income: payout 1278,18 and 1300,61."""
    june, july = run(case(), [], "2025-06", "2025-07").settlements
    assert (june.norm, june.payout, july.norm, july.payout) == (
        D("1345.45"),
        D("1278.18"),
        D("1369.06"),
        D("1300.61"),
    )
    the_case = case(disregards=[{"kind": "n", "startMonth": "2025-05"}])
    records = [record("2025-06-01", "2025-06-30", "1000.00"), record("2025-07-01", "2025-07-31", "1200.00")]
    june, july = run(the_case, records, "2025-06", "2025-07").settlements
    assert (june.disregard, july.disregard) == (D("250.00"), D("278.00"))
    assert {p.valid_from for p in june.parameters if p.key == "disregard.n.cap"} == {dt.date(2025, 1, 1)}
    assert {p.valid_from for p in july.parameters if p.key == "disregard.n.cap"} == {dt.date(2025, 7, 1)}


def test_couple_both_incomes_count_against_the_couple_norm() -> None:
    """art. 21 b: 2002,13 − ((600 − 150 [n]) + 400) = 1152,13."""
    the_case = case(
        household=[
            {
                "validFrom": "2025-01-01",
                "householdType": "gehuwd_samenwonend",
                "partnerBirthDate": "1988-02-02",
            }
        ],
        disregards=[{"kind": "n", "startMonth": "2026-01"}],
    )
    records = [
        record("2026-01-01", "2026-01-31", "600.00"),
        record("2026-01-01", "2026-01-31", "400.00", agency="other", person=Person.PARTNER),
    ]
    result = month(the_case, records, "2026-01")
    assert (result.norm, result.income, result.disregard, result.bijstand) == (
        D("2002.13"),
        D("1000.00"),
        D("150.00"),
        D("1152.13"),
    )


def test_partner_income_does_not_count_without_a_partner_in_the_household() -> None:
    records = [record("2026-01-01", "2026-01-31", "400.00", person=Person.PARTNER)]
    result = month(case(), records, "2026-01")
    assert result.income == D("0")
    assert codes(result, "INKOMEN_TELT_NIET") == [D("400.00")]


def test_corrections_of_records_replace_them() -> None:
    records = [
        record("2026-01-05", "2026-01-11", "300.00", record_id="a"),
        record("2026-01-05", "2026-01-11", "350.00", record_id="b", version=2, corrects="a"),
    ]
    result = month(case(), records, "2026-01")
    assert result.income == D("350.00")
    assert [r.record_id for r in result.records] == ["b"]
    with pytest.raises(EngineInputError, match="al gecorrigeerd") as raised:
        month(
            case(),
            [*records, record("2026-01-05", "2026-01-11", "1.00", record_id="c", corrects="a")],
            "2026-01",
        )
    assert raised.value.field == "records[2].corrects"


def _approve(result: MonthResult) -> object:
    return approved_month(month_settlement(result))


def test_correction_after_approval_goes_into_the_first_open_month() -> None:
    """DESIGN §4.7. January approved with net 500: bijstand 901,50, payout 856,43, reserve 45,07.
    A correction to net 600 gives 801,50, 761,43 and 40,07: −95,00 payout and −5,00 reserve, carried
    into February (no income, payout 1331,43, advance 1331,43): difference −95,00, carried forward."""
    advances = {"2026-01": "850.00", "2026-02": "1331.43", "2026-03": "1331.43"}
    the_case = case(advances=advances)
    original = record("2026-01-05", "2026-01-11", "500.00", record_id="r1")
    january = month(the_case, [original], "2026-01")
    assert (january.bijstand, january.payout, january.holiday_allowance_reserve, january.to_pay) == (
        D("901.50"),
        D("856.43"),
        D("45.07"),
        D("6.43"),
    )
    corrected = record("2026-01-05", "2026-01-11", "600.00", record_id="r1c", version=2, corrects="r1")
    jan, feb = run(
        the_case, [original, corrected], "2026-01", "2026-02", approved=[_approve(january)]
    ).settlements
    assert jan.kind is ResultKind.RECOMPUTATION
    assert jan.payout == D("761.43")
    assert jan.correction_carried is not None
    assert jan.correction_to == Month(2026, 2)
    assert (jan.correction_carried.payout_delta, jan.correction_carried.holiday_allowance_delta) == (
        D("-95.00"),
        D("-5.00"),
    )
    assert jan.to_pay is None
    assert jan.difference is None
    assert feb.kind is ResultKind.SETTLEMENT
    assert codes(feb, "CORRECTIE") == [D("-95.00")]
    assert codes(feb, "VT_CORRECTIE") == [D("-5.00")]
    assert (feb.difference, feb.overpaid) == (D("-95.00"), D("95.00"))
    # VT: 45,07 (approved January) − 5,00 + 70,07 = 110,14
    assert feb.holiday_allowance_balance == D("110.14")

    # A second correction (net 550) after February was approved: 808,93 − 856,43 − (−95,00) = +47,50 in March.
    again = record("2026-01-05", "2026-01-11", "550.00", record_id="r1cc", version=3, corrects="r1c")
    jan2, feb2, mar = run(
        the_case,
        [original, corrected, again],
        "2026-01",
        "2026-03",
        approved=[_approve(january), _approve(feb)],
    ).settlements
    assert jan2.correction_carried is not None
    assert jan2.correction_carried.payout_delta == D("47.50")
    assert feb2.kind is ResultKind.RECOMPUTATION
    assert feb2.correction_carried is None
    assert codes(mar, "CORRECTIE") == [D("47.50")]
    # March: 1331,43 + 47,50 − 1331,43 = 47,50, set off against February's 95,00
    assert (mar.difference, mar.offset, mar.to_pay) == (D("47.50"), D("47.50"), D("0.00"))
    assert [(i.month, i.amount) for i in mar.carry_forward] == [(Month(2026, 2), D("47.50"))]


def test_a_correction_needs_an_open_month_after_it() -> None:
    the_case = case(advances={"2026-01": "850.00"})
    original = record("2026-01-05", "2026-01-11", "500.00", record_id="r1")
    approved = _approve(month(the_case, [original], "2026-01"))
    corrected = record("2026-01-05", "2026-01-11", "600.00", record_id="r2", corrects="r1")
    with pytest.raises(EngineInputError, match="geen open maand") as raised:
        run(the_case, [original, corrected], "2026-01", approved=[approved])
    assert raised.value.field == "lastMonth"


def test_missing_periods_are_shown_and_never_estimated() -> None:
    enrollments = [EnrollmentPeriod("bureau", dt.date(2026, 1, 1))]
    records = [record("2026-01-05", "2026-01-11", "200.00"), record("2026-01-19", "2026-01-25", "200.00")]
    result = month(case(), records, "2026-01", as_of="2026-02-05", enrollments=enrollments)
    assert [(m.start.day, m.end.day) for m in result.missing] == [(1, 4), (12, 18), (26, 31)]
    assert result.income == D("400.00")
    assert result.complete is False
    assert len(codes(result, "ONTBREEKT")) == 3
    running = month(case(), records, "2026-01", as_of="2026-01-20", enrollments=enrollments)
    assert [(m.start.day, m.end.day) for m in running.missing] == [(1, 4), (12, 18)]


def test_values_after_the_last_confirmed_one_make_the_result_provisional() -> None:
    june, july = run(case(), [], "2026-06", "2026-07").settlements
    assert june.unconfirmed is False
    assert not codes(june, "VOORLOPIG")
    assert july.unconfirmed is True
    assert july.norm == D("1401.50")
    assert any(p.key == "norm.single" and not p.confirmed for p in july.parameters)
    assert codes(july, "VOORLOPIG")


@pytest.mark.parametrize(
    ("first", "last", "as_of", "field"),
    [
        ("2024-12", "2025-01", "2025-02-01", "firstMonth"),  # before the benefit starts
        ("2026-01", "2026-02", "2026-01-31", "lastMonth"),  # after the day computed on
        ("2026-02", "2026-01", "2026-03-01", "lastMonth"),
    ],
)
def test_impossible_ranges_are_refused_naming_the_field(
    first: str, last: str, as_of: str, field: str
) -> None:
    with pytest.raises(EngineInputError) as raised:
        run(case(), [], first, last, as_of=as_of)
    assert raised.value.field == field


def test_impossible_records_are_refused_naming_the_field() -> None:
    with pytest.raises(EngineInputError) as raised:
        record("2026-01-11", "2026-01-05", "100.00")
    assert raised.value.field == "periodEnd"
    with pytest.raises(EngineInputError) as raised:
        record("2026-01-05", "2026-01-11", "-1.00", gross="100.00")
    assert raised.value.field == "netWage"
    with pytest.raises(EngineInputError) as raised:
        record("2026-01-05", "2026-01-11", "100.00", holiday_pay="150.00")
    assert raised.value.field == "holidayPayPaid"


def test_settling_the_same_input_twice_gives_the_same_output() -> None:
    the_case = case(disregards=[{"kind": "n", "startMonth": "2025-11"}], advances={"2026-01": "700.00"})
    records = weeks("2025-12-29", ["165.00", "220.00", "220.00", "0.00", "268.50"])
    first = run(the_case, records, "2026-01", with_weeks=True)
    second = run(the_case, list(reversed(records)), "2026-01", with_weeks=True)
    assert first == second
    assert [line.text for line in first.settlements[0].lines] == [
        line.text for line in second.settlements[0].lines
    ]


def test_the_disregard_regime_is_explained_and_its_in_force_date_is_a_parameter() -> None:
    """art. 34a: from 2027 by law (not yet confirmed), earlier by municipal opt-in."""
    the_case = case(disregards=[{"kind": "n", "startMonth": "2026-12"}])
    records = [record("2027-01-01", "2027-01-31", "800.00")]
    by_law = month(the_case, records, "2027-01")
    (regime_line,) = [line for line in by_law.lines if line.code == "REGIME"]
    assert [(p.key, p.confirmed) for p in regime_line.parameters] == [("balans.in_force", False)]
    assert by_law.disregard == D("0")
    assert by_law.unconfirmed is True
    assert any("geldt niet in het regime van art. 34a" in line.text for line in by_law.lines)
    opted = month(
        case(disregards=[{"kind": "art34a", "startMonth": "2026-03"}]),
        [record("2026-04-01", "2026-04-30", "800.00")],
        "2026-04",
        the_policy=policy(balans_opt_in=Month(2026, 3)),
    )
    assert opted.disregard == D("120.00")  # 15% of 800, no cap
    assert any("de gemeente past dit toe vanaf maart 2026" in line.text for line in opted.lines)
