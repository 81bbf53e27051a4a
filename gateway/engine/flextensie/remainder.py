"""The half-year remainder statement: what the invoices of six months brought the municipality.

Werkproces stap 7d: what is left after premium, travel and back-office costs goes to the municipality; it
is calculated per half year (January-June, July-December) and then invoiced by the municipality. The
statement adds up the issued invoices of the half year per month and per placement; since every invoice
holds amount = premium + travel + back office + remainder, so does every sum here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.explain import Line
from gateway.engine.flextensie import rounding
from gateway.engine.flextensie.codes import REMAINDER_REFERENCE, Code
from schemas.periods import Month

ZERO = rounding.ZERO


@dataclass(frozen=True, slots=True)
class Totals:
    """Invoices counted and their amounts without VAT, split by where the money went."""

    invoices: int = 0
    hours: Decimal = ZERO
    net_amount: Decimal = ZERO
    premium: Decimal = ZERO
    travel: Decimal = ZERO
    back_office: Decimal = ZERO
    remainder: Decimal = ZERO

    def plus(self, other: Totals) -> Totals:
        """Both added together."""
        return Totals(
            self.invoices + other.invoices,
            self.hours + other.hours,
            self.net_amount + other.net_amount,
            self.premium + other.premium,
            self.travel + other.travel,
            self.back_office + other.back_office,
            self.remainder + other.remainder,
        )


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    """What the statement needs of one issued invoice."""

    month: Month
    placement_id: str
    client_name: str
    figures: Totals


@dataclass(frozen=True, slots=True)
class HalfYearStatement:
    """The half year's totals per month (all six, empty ones included), per placement and overall."""

    year: int
    half: int
    months: tuple[tuple[Month, Totals], ...]
    placements: tuple[tuple[str, str, Totals], ...]
    total: Totals
    lines: tuple[Line, ...]

    @property
    def first_month(self) -> Month:
        """January or July."""
        return self.months[0][0]

    @property
    def last_month(self) -> Month:
        """June or December."""
        return self.months[-1][0]


def halfjaar_maanden(*, year: int, half: int) -> tuple[Month, ...]:
    """The six months of half `half` (1 or 2) of `year`."""
    if half not in (1, 2):
        raise ValueError("een halfjaar is 1 of 2")
    first = Month(year, 1 if half == 1 else 7)
    return tuple(first.shift(i) for i in range(6))


def halfjaaroverzicht(*, year: int, half: int, invoices: Iterable[InvoiceSummary]) -> HalfYearStatement:
    """The remainder statement of half `half` of `year` from the issued invoices (others are left out)."""
    months = halfjaar_maanden(year=year, half=half)
    per_month = dict.fromkeys(months, Totals())
    per_placement: dict[str, tuple[str, Totals]] = {}
    for invoice in invoices:
        if invoice.month not in per_month:
            continue
        per_month[invoice.month] = per_month[invoice.month].plus(invoice.figures)
        name, sofar = per_placement.get(invoice.placement_id, (invoice.client_name, Totals()))
        per_placement[invoice.placement_id] = (name, sofar.plus(invoice.figures))
    total = Totals()
    for figures in per_month.values():
        total = total.plus(figures)
    lines = (
        Line(
            Code.HALF_YEAR,
            total.net_amount,
            REMAINDER_REFERENCE,
            "{} facturen van {} tot en met {}: € {} zonder btw",
            (total.invoices, months[0], months[-1], total.net_amount),
        ),
        Line(
            Code.REMAINDER,
            total.remainder,
            REMAINDER_REFERENCE,
            "Naar de gemeente: € {} − premie € {} − reiskosten € {} − backoffice € {} = € {}",
            (total.net_amount, total.premium, total.travel, total.back_office, total.remainder),
        ),
    )
    placements = tuple(
        (placement_id, name, figures)
        for placement_id, (name, figures) in sorted(
            per_placement.items(), key=lambda item: (item[1][0], item[0])
        )
    )
    return HalfYearStatement(year, half, tuple(per_month.items()), placements, total, lines)
