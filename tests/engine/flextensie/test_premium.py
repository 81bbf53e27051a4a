"""Premium accrual per approved hour, capped per calendar year over all placements; payouts and limits."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.engine.flextensie.premium import (
    PremiumWorker,
    premie_opbouw,
    premie_uitbetaling,
    uitbetaalmoment_toegestaan,
)
from tests.engine.flextensie.kit import PARAMETERS, WORKER, d, version, week_days

RATE = d("2.00")
CAP_2026 = d("3398.00")


def test_premium_is_rate_times_hours_per_month() -> None:
    accruals = premie_opbouw(
        days=week_days(dt.date(2026, 3, 2), "4", "0", "3.5"),
        rate=RATE,
        accrued={},
        worker=WORKER,
        parameters=PARAMETERS,
    )
    assert [(a.month.month, a.hours, a.amount, a.last_day) for a in accruals] == [
        (3, d("7.5"), d("15.00"), dt.date(2026, 3, 4))
    ]
    assert [line.code for line in accruals[0].lines] == ["PREMIE_OPBOUW"]


def test_a_week_across_two_months_accrues_per_month() -> None:
    accruals = premie_opbouw(
        days=week_days(dt.date(2026, 3, 30), "8", "8", "8", "0", "2.25"),
        rate=d("1.50"),
        accrued={},
        worker=WORKER,
        parameters=PARAMETERS,
    )
    assert [(str(a.month), a.hours, a.amount) for a in accruals] == [
        ("2026-03", d("16"), d("24.00")),
        ("2026-04", d("10.25"), d("15.38")),  # 15.375 half up
    ]


def test_the_cap_stops_accrual_with_what_other_placements_accrued_counted() -> None:
    accruals = premie_opbouw(
        days=week_days(dt.date(2026, 3, 2), "5", "5"),
        rate=RATE,
        accrued={2026: d("3390.00")},
        worker=WORKER,
        parameters=PARAMETERS,
    )
    assert accruals[0].amount == d("8.00")
    assert [line.code for line in accruals[0].lines] == ["PREMIE_OPBOUW", "PREMIE_MAXIMUM"]
    assert accruals[0].lines[1].parameters[0].number == CAP_2026


def test_a_full_year_accrues_nothing_and_a_new_year_starts_again() -> None:
    # ISO week 53 of 2026 runs from Monday 28 December to Sunday 3 January 2027.
    days = week_days(dt.date(2026, 12, 28), "0", "0", "8", "0", "0", "8")
    accruals = premie_opbouw(
        days=days, rate=RATE, accrued={2026: CAP_2026}, worker=WORKER, parameters=PARAMETERS
    )
    assert [(a.month.year, a.amount) for a in accruals] == [(2026, d("0.00")), (2027, d("16.00"))]


def test_the_cap_of_the_month_of_the_work_counts() -> None:
    june = premie_opbouw(
        days=week_days(dt.date(2025, 6, 23), "8"),
        rate=RATE,
        accrued={2025: d("3263.00")},
        worker=WORKER,
        parameters=PARAMETERS,
    )
    july = premie_opbouw(
        days=week_days(dt.date(2025, 7, 7), "80"),
        rate=RATE,
        accrued={2025: d("3263.00")},
        worker=WORKER,
        parameters=PARAMETERS,
    )
    assert june[0].amount == d("0.00")
    assert july[0].amount == d("63.00")  # 3326 from 1 July 2025


def test_accrual_later_in_one_timesheet_uses_the_room_the_earlier_month_left() -> None:
    days = week_days(dt.date(2026, 12, 28), "5", "5", "5") + week_days(dt.date(2026, 12, 31), "5")
    accruals = premie_opbouw(
        days=days, rate=RATE, accrued={2026: d("3370.00")}, worker=WORKER, parameters=PARAMETERS
    )
    assert sum((a.amount for a in accruals if a.month.year == 2026), Decimal(0)) == d("28.00")


@settings(max_examples=200, deadline=None)
@given(
    sheets=st.lists(
        st.tuples(
            st.integers(min_value=2, max_value=52),  # ISO weeks wholly in 2026
            st.lists(
                st.integers(min_value=0, max_value=2400).map(lambda c: Decimal(c) / 100),
                min_size=5,
                max_size=5,
            ),
            st.sampled_from([d("1.00"), d("1.50"), d("2.00"), d("12.50")]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_the_yearly_cap_holds_over_every_placement_whatever_the_order(
    sheets: list[tuple[int, list[Decimal], Decimal]],
) -> None:
    """Timesheets of several placements (each with its own rate), approved in any order, in 2026."""
    accrued: dict[int, Decimal] = {}
    uncapped = Decimal(0)
    for week, hours, rate in sheets:
        days = tuple((dt.date.fromisocalendar(2026, week, i + 1), h) for i, h in enumerate(hours))
        for accrual in premie_opbouw(
            days=days, rate=rate, accrued=accrued, worker=WORKER, parameters=PARAMETERS
        ):
            assert accrual.amount == accrual.amount.quantize(d("0.01"))
            assert accrual.amount >= 0
            accrued[accrual.month.year] = accrued.get(accrual.month.year, Decimal(0)) + accrual.amount
        for month in {day.month for day, _ in days}:
            month_hours = sum((h for day, h in days if day.month == month), Decimal(0))
            uncapped += (month_hours * rate).quantize(d("0.01"), rounding=ROUND_HALF_UP)
    assert accrued.get(2026, Decimal(0)) == min(CAP_2026, uncapped)


def test_payout_pays_what_was_accrued_and_not_paid() -> None:
    figures = premie_uitbetaling(
        payout_date=dt.date(2026, 6, 30),
        accrued_until=d("640.00"),
        paid_before=d("100.00"),
        paid_in_year=d("100.00"),
        parameters=PARAMETERS,
    )
    assert (figures.available, figures.amount) == (d("540.00"), d("540.00"))
    assert [line.code for line in figures.lines] == ["UITBETALING_BESCHIKBAAR", "UITBETALING"]


def test_payout_stays_within_the_maximum_of_its_calendar_year() -> None:
    # Premium earned in December 2025, paid in January 2026, counts for 2026.
    figures = premie_uitbetaling(
        payout_date=dt.date(2026, 12, 31),
        accrued_until=d("4000.00"),
        paid_before=d("3300.00"),
        paid_in_year=d("3300.00"),
        parameters=PARAMETERS,
    )
    assert (figures.available, figures.amount) == (d("700.00"), d("98.00"))
    assert [line.code for line in figures.lines] == [
        "UITBETALING_BESCHIKBAAR",
        "UITBETALING_MAXIMUM",
        "UITBETALING",
    ]


def test_at_most_two_payout_moments_a_year_by_default() -> None:
    policy = version()
    assert uitbetaalmoment_toegestaan(moments_in_year=0, version=policy)
    assert uitbetaalmoment_toegestaan(moments_in_year=1, version=policy)
    assert not uitbetaalmoment_toegestaan(moments_in_year=2, version=policy)
    assert uitbetaalmoment_toegestaan(moments_in_year=2, version=version(payouts_per_year=3))


# Art. 31 lid 5: no premium under 27 unless in the wage-cost-subsidy target group (doelgroep
# loonkostensubsidie). Age on the first day of the month of the work. Hours 8 + 8 + 6.5 = 22.5 in
# March 2026 at € 2,00 an hour: € 45,00 when the premium applies.
# (article, description, birth date, target group, expected amount, expected line codes)
AGE_LIMIT = [
    (
        "art. 31 lid 5",
        "26 jaar: geen premie",
        dt.date(1999, 6, 15),
        False,
        "0.00",
        ["PREMIE_NIET_VAN_TOEPASSING"],
    ),
    (
        "art. 31 lid 5",
        "26 jaar in de doelgroep loonkostensubsidie: 22,5 × 2,00",
        dt.date(1999, 6, 15),
        True,
        "45.00",
        ["PREMIE_OPBOUW", "PREMIE_DOELGROEP"],
    ),
    ("art. 31 lid 2 j", "27 op 1 maart: 22,5 × 2,00", dt.date(1999, 3, 1), False, "45.00", ["PREMIE_OPBOUW"]),
    (
        "art. 31 lid 5",
        "27 op 2 maart: nog 26 op de eerste",
        dt.date(1999, 3, 2),
        False,
        "0.00",
        ["PREMIE_NIET_VAN_TOEPASSING"],
    ),
]


@pytest.mark.parametrize(("article", "description", "birth", "target_group", "amount", "codes"), AGE_LIMIT)
def test_no_premium_under_27_except_for_the_target_group(
    article: str, description: str, birth: dt.date, target_group: bool, amount: str, codes: list[str]
) -> None:
    worker = PremiumWorker(birth_date=birth, wage_cost_subsidy_target_group=target_group)
    accruals = premie_opbouw(
        days=week_days(dt.date(2026, 3, 2), "8", "8", "6.5"),
        rate=RATE,
        accrued={},
        worker=worker,
        parameters=PARAMETERS,
    )
    assert [(a.hours, a.amount) for a in accruals] == [(d("22.5"), d(amount))], (article, description)
    assert [line.code for line in accruals[0].lines] == codes
    if codes[0] == "PREMIE_NIET_VAN_TOEPASSING":
        line = accruals[0].lines[0]
        assert line.reference == "art. 31 lid 5 Participatiewet"
        assert line.text == (
            "Geen premie over 22,50 uur in maart 2026: de werkende is dan 26 jaar, jonger dan 27 jaar, "
            "en hoort niet bij de doelgroep loonkostensubsidie"
        )
        assert [p.key for p in line.parameters] == ["premium.minimum_age"]


def test_the_premium_starts_in_the_month_after_the_27th_birthday() -> None:
    """Work in February and March of a worker turning 27 on 15 February: February none, March premium."""
    worker = PremiumWorker(birth_date=dt.date(1999, 2, 15), wage_cost_subsidy_target_group=False)
    accruals = premie_opbouw(
        days=week_days(dt.date(2026, 2, 23), "0", "0", "0", "0", "8", "0", "0")
        + week_days(dt.date(2026, 3, 2), "4"),
        rate=RATE,
        accrued={},
        worker=worker,
        parameters=PARAMETERS,
    )
    assert [(str(a.month), a.amount) for a in accruals] == [("2026-02", d("0.00")), ("2026-03", d("8.00"))]
