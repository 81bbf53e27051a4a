"""Rule 9, week figures: per ISO week the hours, gross and net attributed to it, and the position of
its month so far (income to date, the bijstand and payout if nothing more is earned, when it is paid)
with remaining to exit.

A week belongs to the month of its Thursday (as an ISO week belongs to the year of its Thursday). Its
own hours and amounts come from every month it touches; its month position counts the month's income
attributed to that week and earlier weeks, and holiday pay paid by the week's Sunday; the last week of
a month also counts the month's days after it, so its position equals the month settlement.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.explain import Code, Line
from gateway.engine.inputs import IncomeRecord
from gateway.engine.month_figures import own_figures
from gateway.engine.month_setup import MonthSetup
from gateway.engine.records import Coverage
from gateway.engine.remaining import remaining
from gateway.engine.results import WeekResult, missing_lines, provisional_lines, used_parameters
from gateway.engine.rules import toerekening
from gateway.engine.rules.toerekening import Part
from gateway.engine.rules.zelfstandig import BusinessIncome
from schemas.figures import AttributionRule
from schemas.periods import IsoWeek, Month

REFERENCE = "DESIGN §4.9; art. 32 Participatiewet"
_THURSDAY = 3


class Cell(NamedTuple):
    """A record's hours, gross and net attributed to one ISO week within one month."""

    record: IncomeRecord
    month: Month
    week: IsoWeek
    hours: Decimal
    gross: Decimal
    net: Decimal


class WeekCells:
    """Every record split over (month, ISO week): first over months (rule 2), then each month's share
    over the weeks of that month, so that the cells of a month add up exactly to the month's share."""

    __slots__ = ("_by_month", "_by_week")

    def __init__(self, cells: Sequence[Cell]) -> None:
        self._by_week: dict[IsoWeek, list[Cell]] = defaultdict(list)
        self._by_month: dict[Month, list[Cell]] = defaultdict(list)
        for cell in cells:
            self._by_week[cell.week].append(cell)
            self._by_month[cell.month].append(cell)

    @classmethod
    def build(
        cls,
        *,
        records: Sequence[IncomeRecord],
        months: Sequence[Month],
        rule: AttributionRule,
        benefit_start: dt.date,
    ) -> WeekCells:
        """Cells of every record in `months` and in the days of neighbouring months sharing a week."""
        first, last = months[0].shift(-1), months[-1].shift(1)
        cells: list[Cell] = []
        for record in records:
            shares = [
                toerekening.toerekening(
                    amount=amount,
                    start=record.period_start,
                    end=record.period_end,
                    pay_date=record.pay_date,
                    rule=rule,
                    benefit_start=benefit_start,
                )
                for amount in (record.work_net, record.gross, record.hours)
            ]
            for net, gross, hours in zip(*shares, strict=True):
                if not first <= net.month <= last:
                    continue
                cells.extend(_split(record, net, gross, hours, rule, benefit_start))
        return cls(cells)

    def of_week(self, week: IsoWeek) -> list[Cell]:
        """The cells of `week`, in every month."""
        return self._by_week.get(week, [])

    def of_month(self, month: Month) -> list[Cell]:
        """The cells of `month`, in every week."""
        return self._by_month.get(month, [])


def _split(
    record: IncomeRecord, net: Part, gross: Part, hours: Part, rule: AttributionRule, benefit_start: dt.date
) -> list[Cell]:
    weeks: dict[IsoWeek, list[Decimal]] = {}
    for position, part in enumerate((hours, gross, net)):
        if not part.amount:
            continue
        for week, amount in toerekening.weekdelen(
            part=part, pay_date=record.pay_date, rule=rule, benefit_start=benefit_start, amount=part.amount
        ):
            weeks.setdefault(week, [rounding.ZERO] * 3)[position] = amount
    if not weeks and net.start >= benefit_start:
        # A record with nothing in it still shows which week it covers.
        weeks[IsoWeek.of(net.start if rule is not AttributionRule.PAY_DATE else record.pay_date)] = [
            rounding.ZERO
        ] * 3
    return [Cell(record, net.month, week, *values) for week, values in sorted(weeks.items())]


def weeks_of(month: Month) -> tuple[IsoWeek, ...]:
    """The ISO weeks whose Thursday falls in `month`."""
    first = month.first_day
    thursday = first + dt.timedelta(days=(_THURSDAY - first.weekday()) % 7)
    result = []
    while thursday <= month.last_day:
        result.append(IsoWeek.of(thursday))
        thursday += dt.timedelta(days=7)
    return tuple(result)


def week_figures(
    *,
    setup: MonthSetup,
    cells: WeekCells,
    holiday: Sequence[IncomeRecord],
    balance: Decimal,
    claimant_records: Sequence[IncomeRecord],
    coverage: Coverage,
    benefit_start: dt.date,
    as_of: dt.date,
    business: Sequence[BusinessIncome] = (),
) -> list[WeekResult]:
    """The week figures of the weeks of `setup.month` that have begun by `as_of` and end after the
    benefit starts. The month's income from self-employment (`business`, rule 11) counts in full in each
    week's position: an invoice is known at once for the whole month it is attributed to."""
    month = setup.month
    month_cells = sorted(cells.of_month(month), key=lambda c: c.week)
    results = []
    weeks = weeks_of(month)
    for week in weeks:
        if week.monday > as_of or week.sunday < benefit_start:
            continue
        # The month's last week also takes the month's days after its Sunday (Monday to Wednesday at
        # most), so that the last week's position is the month itself.
        last = week == weeks[-1]
        to_date: dict[IncomeRecord, Decimal] = {}
        for cell in month_cells:
            if last or cell.week <= week:
                to_date[cell.record] = to_date.get(cell.record, rounding.ZERO) + cell.net
        parts = [
            (record, Part(month, amount, 1, 1, rounding.ZERO, record.period_start, record.period_end))
            for record, amount in to_date.items()
        ]
        paid = [record for record in holiday if last or record.pay_date <= week.sunday]
        figures = own_figures(
            setup=setup, parts=parts, holiday=paid, balance=balance, to_date=week, business=business
        )
        reference_day = min(as_of, week.sunday)
        rest, rest_lines = remaining(
            setup=setup, figures=figures, claimant_records=claimant_records, reference_day=reference_day
        )
        missing = coverage.missing(start=max(week.monday, benefit_start), end=reference_day)
        own = cells.of_week(week)
        hours = sum((c.hours for c in own), rounding.ZERO)
        gross = sum((c.gross for c in own), rounding.ZERO)
        net = sum((c.net for c in own), rounding.ZERO)
        lines = [
            Line(
                Code.WEEK_PART,
                c.net,
                REFERENCE,
                "{} in {} ({}): {} uur, bruto € {}, netto € {}",
                (c.record.ref, week, c.month, c.hours, c.gross, c.net),
                person=c.record.person,
                records=(c.record.ref,),
            )
            for c in own
        ]
        lines.append(
            Line(
                Code.WEEK_TOTAL,
                net,
                REFERENCE,
                "{}: {} uur, bruto € {}, netto € {}",
                (week, hours, gross, net),
            )
        )
        lines.extend(figures.lines)
        lines.extend(setup.advance_lines)
        expected = figures.payout - setup.advance
        sum_text = "Als er in {} niets meer bij komt: uitbetaling € {} − voorschot € {} = € {}"
        sum_args: tuple[object, ...] = (month, figures.payout, setup.advance, expected)
        if expected >= 0:
            template, args = sum_text + ", te betalen op {}", (*sum_args, setup.payout_date)
        else:
            # Not paid on the payout date: an advance paid too much is set off against later months.
            template = sum_text + "; dat is te veel voorschot en wordt verrekend met de bijstand van later"
            args = sum_args
        lines.append(Line(Code.EXPECTED_DIFFERENCE, expected, REFERENCE, template, args))
        lines.extend(rest_lines)
        lines.extend(missing_lines(missing))
        parameters = used_parameters(lines)
        lines.extend(provisional_lines(parameters))
        records = tuple(
            sorted({c.record.ref for c in own} | {r.ref for r in to_date} | {r.ref for r in paid})
        )
        results.append(
            WeekResult(
                week,
                month,
                hours,
                gross,
                net,
                figures.income_total,
                figures.bijstand,
                figures.payout,
                setup.advance,
                expected,
                setup.payout_date,
                rest,
                missing,
                records,
                parameters,
                any(not p.confirmed for p in parameters),
                tuple(lines),
            )
        )
    return results
