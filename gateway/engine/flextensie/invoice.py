"""The monthly invoice to the client and where its amount goes (werkproces stap 7b-7d, DESIGN §4.10).

The client is invoiced the approved hours worked in the month × the placement's tariff, per ISO week,
plus VAT at the general rate when the municipality's policy says VAT applies. Of the amount without VAT,
the worker's premium for those hours (from the premium ledger, so capped) and the travel allowance for
the days worked are paid, the back-office costs (a municipal percentage of that amount) are deducted,
and the rest is the municipality's remainder:

    amount without VAT = premium + travel + back office + remainder   (to the cent, see rounding.py)

A remainder below zero is shown as it is, with a line saying the costs exceed the amount.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.explain import Line
from gateway.engine.flextensie import rounding
from gateway.engine.flextensie.codes import (
    POLICY_REFERENCE,
    PREMIUM_REFERENCE,
    REMAINDER_REFERENCE,
    TARIFF_REFERENCE,
    VAT_REFERENCE,
    Code,
)
from gateway.engine.flextensie.policy import PolicyVersion
from gateway.engine.flextensie.tariff import minimumtarief
from gateway.engine.parameters import ParameterSet, ParameterValue
from schemas.periods import IsoWeek, Month

ZERO = rounding.ZERO
VAT_GENERAL_RATE = "vat.general_rate"
"""The national parameter (flextensie.json) with the general VAT rate."""


@dataclass(frozen=True, slots=True)
class InvoiceWeek:
    """One ISO week's part of the month on the invoice."""

    week: IsoWeek
    first_day: dt.date
    last_day: dt.date
    hours: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceFigures:
    """An invoice's amounts, its settlement, and the explanation of both."""

    month: Month
    hours: Decimal
    tariff: Decimal
    net_amount: Decimal
    vat_rate: Decimal | None
    vat_amount: Decimal
    total: Decimal
    weeks: tuple[InvoiceWeek, ...]
    premium: Decimal
    travel: Decimal
    travel_days: int
    back_office: Decimal
    remainder: Decimal
    lines: tuple[Line, ...]
    settlement_lines: tuple[Line, ...]
    parameters: tuple[ParameterValue, ...]

    @property
    def unconfirmed(self) -> bool:
        """Whether a value used is not (yet) confirmed."""
        return any(not value.confirmed for value in self.parameters)


def _weeks(month: Month, days: list[tuple[dt.date, Decimal]], tariff: Decimal) -> tuple[InvoiceWeek, ...]:
    by_week: dict[IsoWeek, Decimal] = defaultdict(lambda: ZERO)
    for day, hours in days:
        by_week[IsoWeek.of(day)] += hours
    return tuple(
        InvoiceWeek(
            week,
            max(week.monday, month.first_day),
            min(week.sunday, month.last_day),
            hours,
            rounding.invoice_line(hours, tariff),
        )
        for week, hours in sorted(by_week.items())
    )


def maandfactuur(
    *,
    month: Month,
    days: Iterable[tuple[dt.date, Decimal]],
    tariff: Decimal,
    travel_per_day: Decimal,
    premium: Decimal,
    version: PolicyVersion,
    parameters: ParameterSet,
) -> InvoiceFigures:
    """The invoice of one placement for `month` from its approved `days` (others are left out).

    `premium` is what the premium ledger accrued for this placement's hours in `month`; `version` is the
    municipal policy in force on the first day of the month.
    """
    worked = sorted((d, h) for d, h in days if h > 0 and Month.of(d) == month)
    weeks = _weeks(month, worked, tariff)
    hours = sum((w.hours for w in weeks), ZERO)
    net = sum((w.amount for w in weeks), ZERO)
    lines = [
        Line(
            Code.INVOICE_WEEK,
            w.amount,
            TARIFF_REFERENCE,
            "{} ({} tot en met {}): {} uur × € {} = € {}",
            (w.week, w.first_day, w.last_day, w.hours, tariff, w.amount),
        )
        for w in weeks
    ]
    lines.append(
        Line(Code.INVOICE_NET, net, TARIFF_REFERENCE, "Totaal zonder btw: {} uur, € {}", (hours, net))
    )
    used: list[ParameterValue] = []
    vat_flag = version.value("vat_applies")
    used.append(vat_flag)
    vat_rate: Decimal | None = None
    vat = ZERO
    if vat_flag.flag:
        rate = parameters.for_month(VAT_GENERAL_RATE, month)
        used.append(rate)
        vat_rate = rate.number
        vat = rounding.percentage(net, rate.number)
        lines.append(
            Line(
                Code.VAT, vat, VAT_REFERENCE, "Btw {} over € {} = € {}", (rate, net, vat), parameters=(rate,)
            )
        )
    total = net + vat
    lines.append(Line(Code.INVOICE_TOTAL, total, TARIFF_REFERENCE, "Te betalen: € {}", (total,)))
    minimum, _, minimum_used = minimumtarief(day=month.first_day, version=version, parameters=parameters)
    used.extend(minimum_used)
    if tariff < minimum:
        lines.append(
            Line(
                Code.TARIFF_BELOW_MINIMUM,
                None,
                TARIFF_REFERENCE,
                "Let op: het tarief € {} ligt in {} onder het minimumtarief € {}",
                (tariff, month, minimum),
            )
        )
    days_worked = len({d for d, _ in worked})
    travel = travel_per_day * days_worked
    office_rate = version.value("back_office_rate")
    used.append(office_rate)
    office = rounding.percentage(net, office_rate.number)
    remainder = net - premium - travel - office
    settlement = [
        Line(
            Code.PREMIUM,
            premium,
            PREMIUM_REFERENCE,
            "Premie voor de werkende over deze uren: € {}",
            (premium,),
        ),
        Line(
            Code.TRAVEL,
            travel,
            POLICY_REFERENCE,
            "Reiskosten: {} gewerkte dagen × € {} = € {}",
            (days_worked, travel_per_day, travel),
        ),
        Line(
            Code.BACK_OFFICE,
            office,
            POLICY_REFERENCE,
            "Backofficekosten: {} van € {} = € {}",
            (office_rate, net, office),
            parameters=(office_rate,),
        ),
        Line(
            Code.REMAINDER,
            remainder,
            REMAINDER_REFERENCE,
            "Naar de gemeente: € {} − € {} − € {} − € {} = € {}",
            (net, premium, travel, office, remainder),
        ),
    ]
    if remainder < 0:
        settlement.append(
            Line(
                Code.REMAINDER_NEGATIVE,
                None,
                REMAINDER_REFERENCE,
                "De premie en kosten zijn hoger dan het factuurbedrag zonder btw",
            )
        )
    return InvoiceFigures(
        month=month,
        hours=hours,
        tariff=tariff,
        net_amount=net,
        vat_rate=vat_rate,
        vat_amount=vat,
        total=total,
        weeks=weeks,
        premium=premium,
        travel=travel,
        travel_days=days_worked,
        back_office=office,
        remainder=remainder,
        lines=tuple(lines),
        settlement_lines=tuple(settlement),
        parameters=tuple(dict.fromkeys(used)),
    )
