"""Leaving the benefit without a debt (DESIGN §4.12-4.13): the end of a case, the final settlement, the
exit forecast, hold-until-complete and the bufferbudget, with hand-worked amounts.

The base case: a single person of 35 (norm 2026: 1.401,50, art. 21 a), no disregard, paid an advance
of 1.000 for March and, because the end was recorded late, for April too; 400,00 holiday allowance
reserved before March.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gateway.engine.contract import approved_month, month_settlement
from gateway.engine.inputs import EnrollmentPeriod, LedgerState
from gateway.engine.results import MonthResult
from schemas.benefit_case import BufferUseKind
from schemas.figures import ExitForecastBasis, HoldReason, HoldStatus, ResultKind, SettledFigures
from schemas.periods import IsoWeek, Month
from tests.engine.factories import case, codes, policy, record, run, weeks

D = Decimal
OPENING = LedgerState(D("400.00"))
ADVANCES = {"2026-03": "1000.00", "2026-04": "1000.00"}
LEAVES_15_MARCH = ("2026-03-15", "werk")
BUFFER_POLICY = policy(bufferbudget_from=Month(2026, 1))


def _ended(**kwargs: object) -> tuple[MonthResult, MonthResult]:
    the_case = case(advances=ADVANCES, end=LEAVES_15_MARCH, **kwargs)  # type: ignore[arg-type]
    records = weeks("2026-03-02", ["200.00", "200.00", "200.00"])
    march, final = run(
        the_case, records, "2026-03", "2026-04", opening=OPENING, as_of="2026-04-20"
    ).settlements
    return march, final


def test_ending_mid_month_settles_the_days_of_entitlement() -> None:
    """art. 45: ends 15 March: norm 1.401,50 × 15/31 = 678,15 (678,1451 half up). Income: the weeks of
    2-8 and 9-15 March (2 × 200); the week of 16-22 March falls after the end and does not count
    (art. 32). Bijstand 678,15 − 400 = 278,15; payout × 95% = 264,24, reserve 13,91; advance 1.000:
    735,76 paid too much, carried to the final settlement (nothing expires in the last month)."""
    march, _ = _ended()
    assert (march.norm, march.income, march.bijstand) == (D("678.15"), D("400.00"), D("278.15"))
    assert (march.payout, march.holiday_allowance_reserve) == (D("264.24"), D("13.91"))
    assert (march.difference, march.overpaid, march.not_offset) == (D("-735.76"), D("735.76"), D("0.00"))
    assert march.pro_rata == (15, 31)
    assert march.end is not None
    assert march.end.end_date == dt.date(2026, 3, 15)
    excluded = next(line for line in march.lines if line.code == "INKOMEN" and line.amount == 0)
    assert "buiten de periode met bijstand" in excluded.text


def test_final_settlement_sets_overpayments_off_against_the_reserved_holiday_allowance() -> None:
    """art. 45 and art. 58 lid 4: the reserve 400 + 13,91 = 413,91 is paid out at the end; the April
    advance of 1.000 was paid too much: 413,91 − 1.000 = −586,09. Nothing is left to set off the March
    735,76 and April 586,09 against: 1.321,85 not offset, for the municipality to decide on."""
    _, final = _ended()
    assert final.kind is ResultKind.FINAL
    assert str(final.month) == "2026-04"
    assert (final.holiday_allowance_paid_out, final.advance, final.difference) == (
        D("413.91"),
        D("1000.00"),
        D("-586.09"),
    )
    assert (final.to_pay, final.not_offset, final.carry_forward) == (D("0.00"), D("1321.85"), ())
    assert codes(final, "NIET_VERREKEND") == [D("1321.85")]


def test_final_settlement_pays_the_reserve_less_what_was_overpaid() -> None:
    """art. 45, art. 58 lid 4: without the April advance the reserve 413,91 sets off 413,91 of the March
    overpayment 735,76; 321,85 is left, not offset; nothing is paid."""
    the_case = case(advances={"2026-03": "1000.00"}, end=LEAVES_15_MARCH)
    records = weeks("2026-03-02", ["200.00", "200.00"])
    _, final = run(the_case, records, "2026-03", "2026-04", opening=OPENING).settlements
    assert (final.difference, final.offset, final.to_pay, final.not_offset) == (
        D("413.91"),
        D("413.91"),
        D("0.00"),
        D("321.85"),
    )


def test_final_settlement_pays_out_the_reserve_when_nothing_is_owed() -> None:
    """art. 45: an advance equal to the last payout leaves nothing overpaid; the reserve 413,91 is paid."""
    the_case = case(advances={"2026-03": "264.24"}, end=LEAVES_15_MARCH)
    records = weeks("2026-03-02", ["200.00", "200.00"])
    march, final = run(the_case, records, "2026-03", "2026-04", opening=OPENING).settlements
    assert march.difference == D("0.00")
    assert (final.to_pay, final.not_offset) == (D("413.91"), D("0.00"))


def test_bufferbudget_absorbs_the_residual() -> None:
    """art. 34b: with the municipality's opt-in and a consultant's decision to absorb 1.000 of the 1.321,85
    left, the yearly maximum 1.000 is used whole and 321,85 stays not offset."""
    the_case = case(
        advances=ADVANCES,
        end=LEAVES_15_MARCH,
        buffer_uses=[{"month": "2026-04", "kind": "kwijtschelding", "amount": "1000.00"}],
    )
    records = weeks("2026-03-02", ["200.00", "200.00"])
    _, final = run(
        the_case, records, "2026-03", "2026-04", opening=OPENING, the_policy=BUFFER_POLICY
    ).settlements
    assert (final.buffer_used, final.not_offset) == (D("1000.00"), D("321.85"))
    assert final.buffer_proposal is None  # nothing is left of 2026
    # The unconfirmed maximum decides nothing here (the decision asked for 1.000): not provisional.
    assert not final.unconfirmed


def test_bufferbudget_above_the_yearly_maximum_is_reported_not_offset() -> None:
    """art. 34b: a decision of 1.321,85 is granted up to the maximum of 1.000 per calendar year; the 321,85
    above it is refused with a line and reported as not offset."""
    the_case = case(
        advances=ADVANCES,
        end=LEAVES_15_MARCH,
        buffer_uses=[{"month": "2026-04", "kind": "kwijtschelding", "amount": "1321.85"}],
    )
    records = weeks("2026-03-02", ["200.00", "200.00"])
    _, final = run(
        the_case, records, "2026-03", "2026-04", opening=OPENING, the_policy=BUFFER_POLICY
    ).settlements
    assert (final.buffer_used, final.not_offset) == (D("1000.00"), D("321.85"))
    assert codes(final, "BUFFERBUDGET_NIET") == [D("321.85")]
    assert final.unconfirmed  # the maximum, not yet confirmed, decided the amount


def test_bufferbudget_is_proposed_never_taken_by_itself() -> None:
    """art. 34b: without a decision nothing is absorbed; Loonbrug proposes 1.000 (the yearly maximum)."""
    _, final = _ended()
    assert final.not_offset == D("1321.85")
    _, offered = run(
        case(advances=ADVANCES, end=LEAVES_15_MARCH),
        weeks("2026-03-02", ["200.00", "200.00"]),
        "2026-03",
        "2026-04",
        opening=OPENING,
        the_policy=BUFFER_POLICY,
    ).settlements
    assert offered.buffer_used == D("0.00")
    assert offered.buffer_proposal is not None
    assert (offered.buffer_proposal.kind, offered.buffer_proposal.amount) == (
        BufferUseKind.ABSORB,
        D("1000.00"),
    )


def test_bufferbudget_without_opt_in_is_not_used() -> None:
    """art. 34b is a municipal choice: a decision without the opt-in is refused with a line."""
    _, final = _ended(buffer_uses=[{"month": "2026-04", "kind": "kwijtschelding", "amount": "100.00"}])
    assert (final.buffer_used, final.not_offset) == (D("0.00"), D("1321.85"))
    assert codes(final, "BUFFERBUDGET_NIET") == [None]


def test_late_pay_record_after_the_end_gives_a_new_version_of_the_final_settlement() -> None:
    """art. 54 lid 3 and art. 58 lid 4: March and the final settlement are approved; then the week of
    9-15 March is corrected from 200 to 300. March recomputed: bijstand 178,15, payout 169,24, reserve
    8,91: payout −95,00 and reserve −5,00, carried into the final settlement, which gets a new version:
    reserve 413,91 − 5 = 408,91; 408,91 − 95 − 1.000 = −686,09; not offset 735,76 + 686,09 = 1.421,85 (100
    more than approved); nothing more is paid."""
    the_case = case(advances=ADVANCES, end=LEAVES_15_MARCH)
    records = weeks("2026-03-02", ["200.00", "200.00"])
    march, final = run(the_case, records, "2026-03", "2026-04", opening=OPENING).settlements
    approved = [approved_month(month_settlement(march)), approved_month(month_settlement(final))]
    corrected = record("2026-03-09", "2026-03-15", "300.00", record_id="late", corrects="bureau-2026-03-09")
    march2, final2 = run(
        the_case, [*records, corrected], "2026-03", "2026-04", opening=OPENING, approved=approved
    ).settlements
    assert march2.kind is ResultKind.RECOMPUTATION
    assert march2.correction_carried is not None
    assert (march2.correction_carried.payout_delta, march2.correction_carried.holiday_allowance_delta) == (
        D("-95.00"),
        D("-5.00"),
    )
    assert march2.correction_to == final.month
    assert final2.kind is ResultKind.FINAL
    assert (final2.holiday_allowance_paid_out, final2.difference) == (D("408.91"), D("-686.09"))
    assert (final2.to_pay, final2.not_offset) == (D("0.00"), D("1421.85"))
    # Once that version is approved too, the final settlement stands.
    approved2 = [approved[0], approved_month(month_settlement(final2))]
    _, final3 = run(
        the_case, [*records, corrected], "2026-03", "2026-04", opening=OPENING, approved=approved2
    ).settlements
    assert final3.kind is ResultKind.RECOMPUTATION


def test_late_pay_record_raising_the_last_payout_is_paid_in_the_new_final_version() -> None:
    """art. 54 lid 3: approved with the reserve 413,91 paid at the end (advance = payout); a correction of
    9-15 March from 200 to 150 raises March's payout by 47,50 and the reserve by 2,50: the new version
    pays 413,91 + 2,50 + 47,50 = 463,91 in all, of which 413,91 was paid: 50,00 now."""
    the_case = case(advances={"2026-03": "264.24"}, end=LEAVES_15_MARCH)
    records = weeks("2026-03-02", ["200.00", "200.00"])
    march, final = run(the_case, records, "2026-03", "2026-04", opening=OPENING).settlements
    assert final.to_pay == D("413.91")
    approved = [approved_month(month_settlement(march)), approved_month(month_settlement(final))]
    corrected = record("2026-03-09", "2026-03-15", "150.00", record_id="late", corrects="bureau-2026-03-09")
    _, final2 = run(
        the_case, [*records, corrected], "2026-03", "2026-04", opening=OPENING, approved=approved
    ).settlements
    assert (final2.to_pay, final2.not_offset) == (D("50.00"), D("0.00"))
    assert codes(final2, "EERDER_BETAALD") == [D("413.91")]


def test_no_week_figures_and_no_months_after_the_end() -> None:
    """DESIGN §4.12: after the end no week figures, and the last month asked for is the final settlement."""
    the_case = case(advances=ADVANCES, end=LEAVES_15_MARCH)
    records = weeks("2026-03-02", ["200.00", "200.00", "200.00", "200.00", "200.00"])
    calc = run(the_case, records, "2026-03", "2026-05", opening=OPENING, with_weeks=True)
    assert [str(s.month) for s in calc.settlements] == ["2026-03", "2026-04"]
    assert max(w.week for w in calc.weeks) == IsoWeek.parse("2026-W11")


STEADY = weeks("2026-02-23", ["350.00"] * 5)
"""Weekly pay of 350 from 23 February to 29 March; the week of 30 March - 5 April comes last."""
LAST_WEEK = record("2026-03-30", "2026-04-05", "350.00")
ENROLLED = [EnrollmentPeriod("bureau", dt.date(2026, 1, 1))]


@pytest.mark.parametrize(
    ("as_of", "records", "basis"),
    [
        # 2 + 9 March: 700 so far; 350 a week for the 16 days without pay (16-31 March): 700 + 800 = 1.500.
        ("2026-03-16", STEADY[:3], ExitForecastBasis.FORECAST),
        # The whole month in: 4 × 350 + 2 of 5 working days of the last week (140) = 1.540 ≥ 1.401,50.
        ("2026-04-03", [*STEADY, LAST_WEEK], ExitForecastBasis.REACHED),
    ],
)
def test_exit_forecast_fires_on_high_weekly_pay(as_of: str, records: list, basis: ExitForecastBasis) -> None:
    """art. 11 and rule 8: the exit income of a single person without disregard is the norm, 1.401,50."""
    (march,) = run(case(), records, "2026-03", as_of=as_of, enrollments=ENROLLED).settlements
    assert march.exit_forecast is not None
    assert (march.exit_forecast.basis, march.exit_forecast.exit_income) == (basis, D("1401.50"))
    if basis is ExitForecastBasis.FORECAST:
        assert (march.exit_forecast.income_so_far, march.exit_forecast.projected) == (
            D("700.00"),
            D("1500.00"),
        )
        assert march.exit_forecast.weeks == (IsoWeek.parse("2026-W10"), IsoWeek.parse("2026-W11"))


def test_exit_forecast_does_not_fire_on_low_pay() -> None:
    """Rule 12: 300 a week: 600 + 642,86 = 1.242,86 < 1.401,50: no signal, no hold."""
    records = weeks("2026-02-23", ["300.00"] * 3)
    (march,) = run(case(), records, "2026-03", as_of="2026-03-16", enrollments=ENROLLED).settlements
    assert (march.exit_forecast, march.hold) == (None, None)


def test_exit_forecast_fires_after_two_months_at_exit_income() -> None:
    """Rule 12: January and February at 1.500 ≥ 1.401,50 each; March has no pay yet and still fires."""
    records = [record("2026-01-01", "2026-01-31", "1500.00"), record("2026-02-01", "2026-02-28", "1500.00")]
    calc = run(case(), records, "2026-01", "2026-03", as_of="2026-03-02")
    assert calc.settlements[2].exit_forecast is not None
    assert calc.settlements[2].exit_forecast.basis is ExitForecastBasis.TWO_MONTHS


def test_hold_waits_while_the_last_pay_slip_is_missing() -> None:
    """Policy hold-until-complete: 1.400 in so far and 30-31 March without pay slip at 350 a week (+100)
    make 1.500 ≥ 1.401,50: the forecast fires; on 3 April the week of 30 March is not in: the payout
    waits, at the latest until 16 April (10 working days after 31 March; Goede Vrijdag 3 April and
    Tweede Paasdag 6 April are no working days)."""
    (march,) = run(case(), STEADY, "2026-03", as_of="2026-04-03", enrollments=ENROLLED).settlements
    assert march.hold is not None
    assert (march.hold.reason, march.hold.status, march.hold.until) == (
        HoldReason.EXIT_FORECAST,
        HoldStatus.HELD,
        dt.date(2026, 4, 16),
    )


def test_hold_released_by_the_last_pay_slip() -> None:
    """Rule 12: the last pay slip makes March complete: released, nothing estimated; bijstand 0."""
    (march,) = run(
        case(), [*STEADY, LAST_WEEK], "2026-03", as_of="2026-04-03", enrollments=ENROLLED
    ).settlements
    assert march.hold is not None
    assert (march.hold.status, march.hold.estimated_missing) == (HoldStatus.RELEASED_COMPLETE, D("0.00"))
    assert march.bijstand == D("0.00")


def test_hold_released_by_the_deadline_pays_only_the_certain_amount() -> None:
    """Rule 12: on 17 April the last pay slip is still missing: released by the deadline (16 April).
    Known income 1.400 would leave bijstand 1,50 (payout 1,43); 30-31 March (2 working days) count at the
    recent 350 a week: 140,00, so income 1.540 and nothing is paid that a late pay slip could turn into a
    debt."""
    (march,) = run(case(), STEADY, "2026-03", as_of="2026-04-17", enrollments=ENROLLED).settlements
    assert march.hold is not None
    assert (march.hold.status, march.hold.estimated_missing) == (HoldStatus.RELEASED_DEADLINE, D("140.00"))
    assert (march.income, march.payout) == (D("1540.00"), D("0.00"))
    (unheld,) = run(
        case(),
        STEADY,
        "2026-03",
        as_of="2026-04-15",
        enrollments=ENROLLED,
        the_policy=policy(hold_until_complete=False),
    ).settlements
    assert (unheld.hold, unheld.income, unheld.payout) == (None, D("1400.00"), D("1.43"))


def test_last_month_is_held_until_complete() -> None:
    """Rule 12: the last month of a case waits for its pay data like an exit-forecast month."""
    the_case = case(advances=ADVANCES, end=LEAVES_15_MARCH)
    march, final = run(
        the_case, STEADY[:2], "2026-03", as_of="2026-03-20", opening=OPENING, enrollments=ENROLLED
    ).settlements
    assert march.hold is not None
    assert final.hold is not None
    assert (march.hold.reason, march.hold.status) == (HoldReason.LAST_MONTH, HoldStatus.HELD)
    assert not final.complete
    assert codes(final, "CORRECTIE_VERWACHT") == [None]


def test_settled_figures_read_from_a_stored_document_give_the_same_approved_month() -> None:
    """What the recompute reads of an approved month (without its lines) is what the full model gives."""
    _, final = _ended()
    document = month_settlement(final).model_dump(mode="json", by_alias=True)
    assert approved_month(SettledFigures.model_validate(document)) == approved_month(month_settlement(final))
