"""The made-up people and organisations of the demo, and the pay data they generate.

Every person here is invented; the BSNs come from the 9999xxxxx test range and pass the 11-check.
Pay data is generated relative to the day the demo runs, so the demo always shows the current month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from schemas.benefit_case import DisregardGrant, DisregardKind, HouseholdType
from schemas.case_facts import CaseFacts
from schemas.pay_record import PayRecord, PeriodType
from schemas.periods import IsoWeek, Month

CENT = Decimal("0.01")

MUNICIPALITY_CODE = "GM9999"
MUNICIPALITY_NAME = "Gemeente Voorbeeldstad (demo)"


class AgencyKey(StrEnum):
    """The two demo agencies."""

    FLEX = "demo-flex"
    PAYROLL = "demo-payroll"


AGENCY_NAMES = {
    AgencyKey.FLEX: "Uitzendbureau Voorbeeld Flex (demo)",
    AgencyKey.PAYROLL: "Payroll Voorbeeld BV (demo)",
}


@dataclass(frozen=True)
class StaffPerson:
    """A staff member of the demo municipality."""

    subject: str
    name: str
    roles: tuple[str, ...]


STAFF = (
    StaffPerson("demo-consulent", "Els Voorbeeld (consulent)", ("consultant",)),
    StaffPerson("demo-teamleider", "Mark Voorbeeld (teamleider)", ("consultant", "team_lead")),
    StaffPerson("demo-auditor", "Ria Controle (auditor)", ("auditor",)),
    StaffPerson("demo-beheerder", "Bas Beheer (beheerder)", ("admin",)),
)


@dataclass(frozen=True)
class Job:
    """Where and how a worker works: agency, pay period, hours per week and gross hourly wage."""

    agency: AgencyKey
    period_type: PeriodType
    weekly_hours: tuple[Decimal | None, ...]
    """Hours per week; None is a week the agency has not sent (the demo's missing pay slip)."""
    hourly_wage: Decimal


@dataclass(frozen=True)
class DemoWorker:
    """A made-up flex worker with a bijstand benefit."""

    bsn: str
    name: str
    birth_date: dt.date
    story: str
    facts: CaseFacts
    jobs: tuple[Job, ...]
    advance: Decimal
    extra: dict[str, str] = field(default_factory=dict)


def _hours(*values: str | None) -> tuple[Decimal | None, ...]:
    return tuple(None if v is None else Decimal(v) for v in values)


def workers(today: dt.date) -> tuple[DemoWorker, ...]:
    """The five demo workers, with disregards granted relative to `today`."""
    this_month = Month.of(today)
    return (
        DemoWorker(
            bsn="999900006",
            name="Sanne de Vries",
            birth_date=dt.date(1991, 4, 12),
            story="alleenstaand, 35 jaar, vrijlating n (25%) sinds vorige maand, weekloon",
            facts=CaseFacts(
                benefit_start=dt.date(2024, 9, 1),
                household_type=HouseholdType.SINGLE,
                disregards=[DisregardGrant(kind=DisregardKind.N, start_month=this_month.shift(-1))],
            ),
            jobs=(
                Job(AgencyKey.FLEX, PeriodType.WEEK, _hours("16", "20", "12", "24", "18"), Decimal("15.20")),
            ),
            advance=Decimal("1000.00"),
        ),
        DemoWorker(
            bsn="999900018",
            name="Noor Bakker",
            birth_date=dt.date(1986, 2, 3),
            story="alleenstaande ouder, kind van 8, vrijlating r (12,5%), vierwekenloon",
            facts=CaseFacts(
                benefit_start=dt.date(2023, 1, 1),
                household_type=HouseholdType.SINGLE_PARENT,
                youngest_child_birth_date=dt.date(2018, 6, 1),
                disregards=[DisregardGrant(kind=DisregardKind.R, start_month=this_month.shift(-8))],
            ),
            jobs=(
                Job(
                    AgencyKey.PAYROLL, PeriodType.FOUR_WEEKS, _hours("10", "12", "10", "14"), Decimal("14.90")
                ),
            ),
            advance=Decimal("1150.00"),
        ),
        DemoWorker(
            bsn="999900031",
            name="Kees Jansen",
            birth_date=dt.date(1979, 9, 30),
            story="gehuwd, partner 44 jaar, werkt bij beide uitzendbureaus",
            facts=CaseFacts(
                benefit_start=dt.date(2022, 5, 1),
                household_type=HouseholdType.COUPLE,
                partner_birth_date=dt.date(1982, 1, 15),
            ),
            jobs=(
                Job(AgencyKey.FLEX, PeriodType.WEEK, _hours("8", "12", "8", "16"), Decimal("16.10")),
                Job(AgencyKey.PAYROLL, PeriodType.WEEK, _hours("6", "0", "10", "6"), Decimal("15.00")),
            ),
            advance=Decimal("1500.00"),
        ),
        DemoWorker(
            bsn="999900043",
            name="Lotte Visser",
            birth_date=dt.date(2002, 8, 8),
            story="24 jaar (geen vrijlating onder 27), kostendeler van 27+ in huis; één week ontbreekt",
            facts=CaseFacts(
                benefit_start=dt.date(2025, 11, 1),
                household_type=HouseholdType.SINGLE,
                cost_sharers=1,
            ),
            jobs=(Job(AgencyKey.FLEX, PeriodType.WEEK, _hours("20", "22", None, "24"), Decimal("14.85")),),
            advance=Decimal("600.00"),
        ),
        DemoWorker(
            bsn="999900055",
            name="Henk de Boer",
            birth_date=dt.date(1968, 11, 2),
            story="alleenstaand, 58 jaar, medisch urenbeperkt: vrijlating y (15%), maandloon",
            facts=CaseFacts(
                benefit_start=dt.date(2021, 3, 1),
                household_type=HouseholdType.SINGLE,
                disregards=[DisregardGrant(kind=DisregardKind.Y, start_month=Month(2026, 1))],
            ),
            jobs=(
                Job(AgencyKey.PAYROLL, PeriodType.MONTH, _hours("12", "12", "12", "12"), Decimal("15.80")),
            ),
            advance=Decimal("1100.00"),
        ),
    )


@dataclass(frozen=True)
class ExampleWorker:
    """A made-up worker from the example files in `examples/`, which the demo also enrols.

    The example files are fixed text, dated in 2026; the demo enrols these people with demo-flex over
    exactly the periods those files hold, so every example is stored, whatever day the demo runs, and no
    week outside them counts as missing. The files use these names and BSNs, and no demo worker's.
    """

    bsn: str
    name: str
    birth_date: dt.date
    enrolled: tuple[tuple[dt.date, dt.date], ...]
    """Enrollment spans with demo-flex (first and last day)."""
    files: str
    """Which example files hold this person's pay data (shown by the demo)."""

    @property
    def facts(self) -> CaseFacts:
        """A single person's benefit case from before the first example period."""
        return CaseFacts(benefit_start=dt.date(2025, 10, 1), household_type=HouseholdType.SINGLE)


EXAMPLE_AGENCY = AgencyKey.FLEX

EXAMPLE_WORKERS = (
    ExampleWorker(
        bsn="999900092",
        name="Jan Brückner",
        birth_date=dt.date(1988, 5, 17),
        # ISO weeks 2 to 5 of 2026.
        enrolled=((dt.date(2026, 1, 5), dt.date(2026, 2, 1)),),
        files="loonstroken.csv, loonstroken-met-fouten.csv, loonstroken.json",
    ),
    ExampleWorker(
        bsn="999900109",
        name="Zoë de Wit",
        birth_date=dt.date(1995, 10, 2),
        enrolled=((dt.date(2026, 1, 5), dt.date(2026, 2, 1)),),
        files="loonstroken.csv, loonstroken-engels.csv",
    ),
    ExampleWorker(
        bsn="999900110",
        name="Fatima el Amrani",
        birth_date=dt.date(1983, 3, 24),
        # January to April 2026.
        enrolled=((dt.date(2026, 1, 1), dt.date(2026, 4, 30)),),
        files="loonstroken.csv, loonstroken-engels.csv, uitzendloon-export.csv, loonaangifte.xml",
    ),
    ExampleWorker(
        bsn="999900122",
        name="Daan Mulder",
        birth_date=dt.date(1976, 12, 9),
        # Four-week periods 1 to 3 of 2026, and ISO week 53 of 2026 (the extra fourteenth period).
        enrolled=(
            (dt.date(2025, 12, 29), dt.date(2026, 3, 22)),
            (dt.date(2026, 12, 28), dt.date(2027, 1, 3)),
        ),
        files="uitzendloon-export.csv, loonstroken.json",
    ),
    ExampleWorker(
        bsn="999900134",
        name="Priya Ramdin",
        birth_date=dt.date(1990, 7, 30),
        enrolled=((dt.date(2026, 1, 5), dt.date(2026, 2, 1)),),
        files="uitzendloon-export.csv, push/loonstroken.json",
    ),
    ExampleWorker(
        bsn="999900213",
        name="Sven Hoekstra",
        birth_date=dt.date(1992, 11, 5),
        enrolled=((dt.date(2026, 4, 1), dt.date(2026, 4, 30)),),
        files="loonaangifte.xml",
    ),
)


def _money(value: Decimal) -> Decimal:
    # Payroll rounds each pay-slip line half up to the cent.
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _record(
    *, worker: DemoWorker, job: Job, start: dt.date, end: dt.date, hours: Decimal, number: int, sequence: int
) -> PayRecord:
    gross = _money(hours * job.hourly_wage)
    # Typical low-income slip: a few percent pension and premiums, wage tax mostly cancelled out by the
    # tax credits; the exact split does not matter for the benefit, only the net does.
    premiums = _money(gross * Decimal("0.045"))
    wage_tax = _money(max(Decimal(0), gross - Decimal("450")) * Decimal("0.08"))
    return PayRecord(
        record_id=f"{job.agency.value}-{worker.bsn[-4:]}-{start.isoformat()}-{sequence}",
        bsn=worker.bsn,
        period_type=job.period_type,
        period_start=start,
        period_end=end,
        pay_date=end + dt.timedelta(days=5),
        period_number=number,
        hours=hours,
        gross_wage=gross,
        wage_tax=wage_tax,
        employee_premiums=premiums,
        net_wage=gross - wage_tax - premiums,
        holiday_pay_accrued=_money(gross * Decimal("0.08")),
    )


def pay_records(worker: DemoWorker, *, today: dt.date) -> dict[AgencyKey, list[PayRecord]]:
    """The pay periods that have ended before `today`, newest last, per agency.

    Weekly records cover the last completed ISO weeks; a four-week period counts 13 periods from ISO
    week 1; a monthly record covers the last completed calendar months.
    """
    result: dict[AgencyKey, list[PayRecord]] = {}
    for job in worker.jobs:
        records: list[PayRecord] = []
        if job.period_type is PeriodType.WEEK:
            last = IsoWeek.of(today - dt.timedelta(days=today.isoweekday()))
            monday = last.monday - dt.timedelta(weeks=len(job.weekly_hours) - 1)
            for sequence, hours in enumerate(job.weekly_hours):
                if hours is None:
                    continue
                start = monday + dt.timedelta(weeks=sequence)
                week = IsoWeek.of(start)
                records.append(
                    _record(
                        worker=worker,
                        job=job,
                        start=start,
                        end=start + dt.timedelta(days=6),
                        hours=hours,
                        number=week.week,
                        sequence=sequence,
                    )
                )
        elif job.period_type is PeriodType.FOUR_WEEKS:
            current = IsoWeek.of(today)
            period = (current.week - 1) // 4  # the period in progress, 0-based; the one before it ended
            for sequence in range(2):
                number = period - 1 + sequence
                if number < 1:
                    continue
                start = dt.date.fromisocalendar(current.year, 4 * (number - 1) + 1, 1)
                hours = sum((h for h in job.weekly_hours if h is not None), Decimal(0))
                records.append(
                    _record(
                        worker=worker,
                        job=job,
                        start=start,
                        end=start + dt.timedelta(days=27),
                        hours=hours,
                        number=number,
                        sequence=sequence,
                    )
                )
        else:
            for sequence, back in enumerate((2, 1)):
                month = Month.of(today).shift(-back)
                hours = sum((h for h in job.weekly_hours if h is not None), Decimal(0))
                records.append(
                    _record(
                        worker=worker,
                        job=job,
                        start=month.first_day,
                        end=month.last_day,
                        hours=hours,
                        number=month.month,
                        sequence=sequence,
                    )
                )
        result[job.agency] = records
    return result
