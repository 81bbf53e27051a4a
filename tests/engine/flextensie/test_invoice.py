"""The monthly client invoice and where its amount goes: premium + travel + back office + remainder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.engine.flextensie.invoice import maandfactuur
from gateway.engine.flextensie.premium import premie_opbouw
from schemas.periods import IsoWeek, Month
from tests.engine.flextensie.kit import PARAMETERS, WORKER, d, version, week_days

MARCH = Month(2026, 3)
CENT = d("0.01")


def test_golden_invoice_with_vat_and_back_office() -> None:
    """Two weeks in March and the first days of a week that runs into April (left out)."""
    days = (
        week_days(dt.date(2026, 3, 16), "6", "0", "5", "0", "5")
        + week_days(dt.date(2026, 3, 23), "6", "0", "5", "0", "5")
        + week_days(dt.date(2026, 3, 30), "6", "4", "5")
    )
    figures = maandfactuur(
        month=MARCH,
        days=days,
        tariff=d("19.50"),
        travel_per_day=d("4.50"),
        premium=d("84.00"),
        version=version(back_office_rate=d("0.08"), vat_applies=True),
        parameters=PARAMETERS,
    )
    assert [(str(w.week), w.first_day, w.last_day, w.hours, w.amount) for w in figures.weeks] == [
        ("2026-W12", dt.date(2026, 3, 16), dt.date(2026, 3, 22), d("16"), d("312.00")),
        ("2026-W13", dt.date(2026, 3, 23), dt.date(2026, 3, 29), d("16"), d("312.00")),
        ("2026-W14", dt.date(2026, 3, 30), dt.date(2026, 3, 31), d("10"), d("195.00")),
    ]
    assert (figures.hours, figures.net_amount) == (d("42"), d("819.00"))
    assert (figures.vat_rate, figures.vat_amount, figures.total) == (d("0.21"), d("171.99"), d("990.99"))
    assert (figures.travel_days, figures.travel) == (8, d("36.00"))
    assert figures.back_office == d("65.52")
    assert figures.remainder == d("633.48")  # 819.00 − 84.00 − 36.00 − 65.52
    assert [line.code for line in figures.settlement_lines] == [
        "PREMIE",
        "REISKOSTEN",
        "BACKOFFICE",
        "RESTANT",
    ]
    assert [line.code for line in figures.lines][-3:] == ["FACTUUR_NETTO", "BTW", "FACTUUR_TOTAAL"]
    assert not figures.unconfirmed  # March 2026: every value used is confirmed


def test_without_vat_the_total_is_the_amount_and_no_rate_is_named() -> None:
    figures = maandfactuur(
        month=MARCH,
        days=week_days(dt.date(2026, 3, 2), "3"),
        tariff=d("20.00"),
        travel_per_day=d("0.00"),
        premium=d("6.00"),
        version=version(confirmed=False),
        parameters=PARAMETERS,
    )
    assert (figures.net_amount, figures.vat_rate, figures.vat_amount, figures.total) == (
        d("60.00"),
        None,
        d("0.00"),
        d("60.00"),
    )
    assert "BTW" not in {line.code for line in figures.lines}
    assert figures.unconfirmed  # a policy the municipality has not confirmed


def test_a_tariff_that_fell_below_the_minimum_is_flagged_not_refused() -> None:
    figures = maandfactuur(
        month=Month(2026, 1),
        days=week_days(dt.date(2026, 1, 5), "4"),
        tariff=d("18.50"),
        travel_per_day=d("0.00"),
        premium=d("8.00"),
        version=version(),
        parameters=PARAMETERS,
    )
    assert "TARIEF_ONDER_MINIMUM" in {line.code for line in figures.lines}
    assert figures.net_amount == d("74.00")


def test_costs_above_the_amount_leave_a_negative_remainder_and_say_so() -> None:
    figures = maandfactuur(
        month=MARCH,
        days=week_days(dt.date(2026, 3, 2), "0.25"),
        tariff=d("19.13"),
        travel_per_day=d("10.00"),
        premium=d("0.50"),
        version=version(),
        parameters=PARAMETERS,
    )
    assert figures.remainder == d("-5.72")  # 4.78 − 0.50 − 10.00 − 0.00
    assert figures.settlement_lines[-1].code == "RESTANT_NEGATIEF"


hours_in_cents = st.integers(min_value=0, max_value=2400).map(lambda c: Decimal(c) / 100)


@settings(max_examples=300, deadline=None)
@given(
    month=st.integers(min_value=1, max_value=12),
    hours=st.lists(hours_in_cents, min_size=28, max_size=31),
    tariff=st.integers(min_value=1913, max_value=9999).map(lambda c: Decimal(c) / 100),
    travel=st.integers(min_value=0, max_value=2500).map(lambda c: Decimal(c) / 100),
    rate=st.sampled_from([d("1.00"), d("1.25"), d("2.00"), d("3.33")]),
    accrued=st.integers(min_value=0, max_value=340000).map(lambda c: Decimal(c) / 100),
    office=st.integers(min_value=0, max_value=3000).map(lambda c: Decimal(c) / 10000),
    vat=st.booleans(),
)
def test_invoice_amount_is_premium_plus_travel_plus_back_office_plus_remainder_to_the_cent(
    month: int,
    hours: list[Decimal],
    tariff: Decimal,
    travel: Decimal,
    rate: Decimal,
    accrued: Decimal,
    office: Decimal,
    vat: bool,
) -> None:
    invoiced = Month(2026, month)
    days = [
        (invoiced.first_day + dt.timedelta(days=i), h)
        for i, h in enumerate(hours)
        if invoiced.first_day + dt.timedelta(days=i) <= invoiced.last_day
    ]
    accruals = premie_opbouw(
        days=days, rate=rate, accrued={2026: accrued}, worker=WORKER, parameters=PARAMETERS
    )
    premium = sum((a.amount for a in accruals), Decimal(0))
    figures = maandfactuur(
        month=invoiced,
        days=days,
        tariff=tariff,
        travel_per_day=travel,
        premium=premium,
        version=version(back_office_rate=office, vat_applies=vat),
        parameters=PARAMETERS,
    )
    parts = (figures.premium, figures.travel, figures.back_office, figures.remainder)
    assert figures.net_amount == sum(parts, Decimal(0))
    for amount in (figures.net_amount, figures.vat_amount, figures.total, *parts):
        assert amount == amount.quantize(CENT)
    assert figures.total == figures.net_amount + figures.vat_amount
    assert figures.net_amount == sum((w.amount for w in figures.weeks), Decimal(0))
    assert figures.hours == sum((h for _, h in days), Decimal(0))
    assert figures.travel_days == sum(1 for _, h in days if h > 0)
    assert {w.week for w in figures.weeks} <= {IsoWeek.of(day) for day, h in days if h > 0}
    assert figures.premium <= (figures.hours * rate).quantize(CENT) + CENT
