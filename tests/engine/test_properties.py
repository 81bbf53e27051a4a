"""Properties that must hold for every input (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gateway.engine.contract import calc_result
from gateway.engine.inputs import IncomeRecord
from schemas.benefit_case import BenefitCase, Person
from tests.engine.factories import case, record, run

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CENT = Decimal("0.01")

households = st.sampled_from(
    [
        {"householdType": "alleenstaand"},
        {"householdType": "alleenstaand", "costSharers": 2},
        {"householdType": "alleenstaande_ouder", "youngestChildBirthDate": "2018-04-01"},
        {"householdType": "gehuwd_samenwonend", "partnerBirthDate": "1985-09-09"},
    ]
)
grants = st.sampled_from(
    [
        [],
        [{"kind": "n", "startMonth": "2025-12"}],
        [{"kind": "y", "startMonth": "2025-01"}],
        [{"kind": "r", "startMonth": "2025-01"}],
    ]
)
amounts = st.integers(0, 900_00).map(lambda cents: Decimal(cents) / 100)


@st.composite
def cases(draw: Any) -> BenefitCase:
    household = {"validFrom": "2025-01-01", **draw(households)}
    birth = draw(st.dates(dt.date(1962, 1, 1), dt.date(2004, 12, 31)))
    return case(
        birth_date=birth.isoformat(),
        household=[household],
        disregards=draw(grants),
        advances={"2026-01": str(draw(amounts)), "2026-02": str(draw(amounts))},
    )


@st.composite
def records(draw: Any, the_case: BenefitCase) -> list[IncomeRecord]:
    couple = the_case.household[0].partner_birth_date is not None
    result = []
    monday = dt.date(2025, 12, 29)
    for index in range(draw(st.integers(0, 9))):
        start = monday + dt.timedelta(days=7 * index)
        person = draw(st.sampled_from([Person.CLAIMANT, Person.PARTNER])) if couple else Person.CLAIMANT
        result.append(
            record(
                start.isoformat(),
                (start + dt.timedelta(days=6)).isoformat(),
                str(draw(amounts)),
                record_id=f"w{index}",
                person=person,
                agency=draw(st.sampled_from(["a", "b"])),
                hours=str(draw(st.integers(0, 40))),
            )
        )
    if draw(st.booleans()):
        result.append(record("2026-01-19", "2026-02-15", str(draw(amounts)), record_id="four-weeks"))
    return result


@SETTINGS
@given(data=st.data())
def test_payout_and_reserve_add_up_to_the_bijstand(data: st.DataObject) -> None:
    the_case = data.draw(cases())
    for result in run(the_case, data.draw(records(the_case)), "2026-01", "2026-02").settlements:
        assert result.payout + result.holiday_allowance_reserve == result.bijstand
        assert result.payout >= 0
        assert result.holiday_allowance_reserve >= 0


@SETTINGS
@given(data=st.data(), extra=st.integers(1, 500_00))
def test_bijstand_never_rises_when_income_rises(data: st.DataObject, extra: int) -> None:
    the_case = data.draw(cases())
    before = data.draw(records(the_case))
    assume(before)
    index = data.draw(st.integers(0, len(before) - 1))
    raised = list(before)
    old = raised[index]
    raised[index] = record(
        old.period_start.isoformat(),
        old.period_end.isoformat(),
        str(old.net + extra * CENT),
        record_id=old.ref.record_id,
        agency=old.ref.agency,
        person=old.person,
    )
    low = run(the_case, before, "2026-01", "2026-02").settlements
    high = run(the_case, raised, "2026-01", "2026-02").settlements
    for a, b in zip(low, high, strict=True):
        assert b.bijstand <= a.bijstand


@SETTINGS
@given(data=st.data())
def test_earning_exactly_the_remaining_amount_ends_the_bijstand(data: st.DataObject) -> None:
    """Adding the remaining-to-exit amount as income makes bijstand 0; one cent less does not."""
    the_case = data.draw(cases())
    base = data.draw(records(the_case))
    result = run(the_case, base, "2026-01").settlements[0]
    remaining = result.remaining.net
    if remaining == 0:
        assert result.bijstand == 0
        return

    def with_extra(amount: Decimal) -> Decimal:
        extra = record("2026-01-01", "2026-01-31", str(amount), record_id="extra", agency="extra")
        return run(the_case, [*base, extra], "2026-01").settlements[0].bijstand

    assert with_extra(remaining) == 0
    assert with_extra(remaining - CENT) > 0


@SETTINGS
@given(data=st.data())
def test_settling_twice_gives_identical_output(data: st.DataObject) -> None:
    the_case = data.draw(cases())
    the_records = data.draw(records(the_case))
    first = run(the_case, the_records, "2026-01", "2026-02", with_weeks=True)
    second = run(the_case, list(reversed(the_records)), "2026-01", "2026-02", with_weeks=True)
    assert first == second
    day = dt.date(2026, 2, 28)
    assert calc_result(first, as_of=day).model_dump_json() == calc_result(second, as_of=day).model_dump_json()
