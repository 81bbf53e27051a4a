"""A seeded cohort of made-up pilot workers: households, ages, disregards, agencies and employments.

Everything is drawn from one `random.Random(seed)`, in a fixed order, so a seed always gives the same
cohort. Money is drawn in whole cents and kept as Decimal. The people are made up: names from short lists
of common Dutch names, BSNs from the test range 9999xxxxx that pass the 11-check.

Couples: only the claimant works; the partner has no job and no pay records (the couple norm applies).
Ages are at least `ages.min_age` (default 21) because the engine does not yet settle the youth norms.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine import dutch
from gateway.simulation.settings import CohortSettings
from schemas.benefit_case import DisregardGrant, DisregardKind, HouseholdPeriod, HouseholdType
from schemas.identifiers import is_valid_bsn
from schemas.pay_record import PeriodType
from schemas.periods import Month

MAX_WORKERS = 9000
"""The test range 9999xxxxx holds about 9,090 BSNs that pass the 11-check."""

_FIRST_NAMES = (
    "Anouk", "Bram", "Chantal", "Dewi", "Emre", "Fatima", "Gert", "Hanneke", "Ilse", "Jeroen", "Kees",
    "Latifa", "Mohamed", "Naima", "Orlando", "Priya", "Quinten", "Rachida", "Sanne", "Tobias", "Ufuk",
    "Vera", "Wendy", "Yusuf", "Zeynep", "Daan", "Esra", "Joyce", "Kevin", "Lotte", "Mehmet", "Nienke",
    "Ricardo", "Samira", "Thijs", "Yvonne",
)  # fmt: skip
_LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
    "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz",
    "El Amrani", "Kaya", "Martina", "Pinas", "Sedney", "Verbeek", "van Dam", "Koster", "Prins",
)  # fmt: skip
_AGENCY_NAMES = (
    "Flexwerk Zuid", "Maasuitzend", "Havenkracht", "Uitzendbureau De Brug", "Werkpunt Rijnmond",
    "Snel Aan Het Werk", "Polderflex", "Kade Personeel", "Stadswerk Uitzend",
)  # fmt: skip
_HOUSEHOLD_WORDS = {
    "single": "alleenstaand",
    "single_parent": "alleenstaande ouder",
    "couple": "gehuwd/samenwonend",
    "cost_sharer": "kostendeler",
}
_CYCLE_WORDS = {
    PeriodType.WEEK: "weekloon",
    PeriodType.FOUR_WEEKS: "vierwekenloon",
    PeriodType.MONTH: "maandloon",
}
_FOUR_WEEK_ANCHOR = dt.date(2024, 12, 30)
"""A Monday that starts a 4-week pay period: the Monday of ISO week 1 of 2025. Periods follow every 28
days, across year ends, as most payroll systems count them."""


@dataclass(frozen=True, slots=True)
class SimAgency:
    """A staffing agency of the pilot; `code` is its client id at the gateway."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class SimEmployment:
    """A worker's job through one agency, paid per `cycle`, from `start` to `end` (inclusive; open)."""

    agency: str
    cycle: PeriodType
    start: dt.date
    end: dt.date | None
    hourly_wage: Decimal
    hours_per_week: Decimal
    """The worker's own mean; single weeks vary around it."""
    rises_on: dt.date | None = None
    """From this day the job gives `risen_hours` a week (a leaver's job growing to full time)."""
    risen_hours: Decimal | None = None
    holiday_pay_per_period: bool = False
    """Holiday pay is paid out with every period instead of once a year."""
    holiday_payout_month: int = 5
    """The month of the once-a-year holiday pay (5 = May, 6 = June)."""
    travel_allowance_per_hour: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class SimWorker:
    """One made-up pilot worker with the benefit case facts and the jobs that produce pay records."""

    key: str
    name: str
    bsn: str
    birth_date: dt.date
    benefit_start: dt.date
    household: tuple[HouseholdPeriod, ...]
    disregards: tuple[DisregardGrant, ...]
    employments: tuple[SimEmployment, ...]
    leaves_on: dt.date | None
    """Last day of entitlement when the worker leaves the benefit for a job."""
    story: str


@dataclass(frozen=True, slots=True)
class Cohort:
    """The simulated pilot: `months` months from `first_month`, its agencies and workers."""

    first_month: Month
    months: int
    seed: int
    agencies: tuple[SimAgency, ...]
    workers: tuple[SimWorker, ...]

    @property
    def last_month(self) -> Month:
        """The last simulated month."""
        return self.first_month.shift(self.months - 1)

    @property
    def last_day(self) -> dt.date:
        """The last simulated day."""
        return self.last_month.last_day

    def worker(self, key: str) -> SimWorker:
        """The worker with this key."""
        for worker in self.workers:
            if worker.key == key:
                return worker
        raise KeyError(key)


def period_containing(cycle: PeriodType, day: dt.date) -> tuple[dt.date, dt.date]:
    """The pay period of `cycle` that contains `day`: a Monday-Sunday week, an aligned 4-week period or a
    calendar month."""
    if cycle is PeriodType.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if cycle is PeriodType.FOUR_WEEKS:
        start = day - dt.timedelta(days=(day - _FOUR_WEEK_ANCHOR).days % 28)
        return start, start + dt.timedelta(days=27)
    month = Month.of(day)
    return month.first_day, month.last_day


def build_cohort(
    *, settings: CohortSettings, workers: int, first_month: Month, months: int, seed: int
) -> Cohort:
    """Draw a cohort of `workers` made-up workers for a pilot of `months` months from `first_month`."""
    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers moet tussen 1 en {MAX_WORKERS} liggen")
    if months < 1:
        raise ValueError("months moet ten minste 1 zijn")
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    agencies = tuple(
        SimAgency(f"sim-uitzend-{number:02d}", _AGENCY_NAMES[(number - 1) % len(_AGENCY_NAMES)])
        for number in range(1, settings.agencies.count + 1)
    )
    drawer = _Drawer(rng=rng, settings=settings, first_month=first_month, months=months, agencies=agencies)
    bsns: set[str] = set()
    people = []
    for number in range(1, workers + 1):
        bsn = _unique_bsn(rng, bsns)
        people.append(drawer.worker(key=f"w{number:04d}", bsn=bsn))
    return Cohort(first_month, months, seed, agencies, tuple(people))


def _unique_bsn(rng: random.Random, taken: set[str]) -> str:
    while True:
        digits = f"9999{rng.randrange(10_000):04d}"
        weighted = sum(
            int(digit) * weight for digit, weight in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)
        )
        check = weighted % 11
        bsn = f"{digits}{check}"
        if check < 10 and bsn not in taken and is_valid_bsn(bsn):
            taken.add(bsn)
            return bsn


def _pick(rng: random.Random, shares: dict[str, Decimal]) -> str:
    """One key, with the chance of its share (the shares add up to 1)."""
    draw = Decimal(rng.randrange(1_000_000)) / 1_000_000
    total = Decimal(0)
    for key, share in shares.items():
        total += share
        if draw < total:
            return key
    return next(key for key, share in reversed(shares.items()) if share > 0)


def _chance(rng: random.Random, share: Decimal) -> bool:
    return Decimal(rng.randrange(1_000_000)) / 1_000_000 < share


def _cents(rng: random.Random, low: Decimal, high: Decimal) -> Decimal:
    return Decimal(rng.randint(int(low * 100), int(high * 100))) / 100


def _day_in(rng: random.Random, month: Month) -> dt.date:
    return month.first_day + dt.timedelta(days=rng.randrange(month.last_day.day))


def _years_before(day: dt.date, years: int) -> dt.date:
    # Only called with the first of a month, which every year has.
    return day.replace(year=day.year - years)


class _Drawer:
    """Draws one worker after another from the shared generator, always in the same order."""

    def __init__(
        self,
        *,
        rng: random.Random,
        settings: CohortSettings,
        first_month: Month,
        months: int,
        agencies: tuple[SimAgency, ...],
    ) -> None:
        self.rng = rng
        self.settings = settings
        self.first_month = first_month
        self.months = months
        self.agencies = agencies
        self.start = first_month.first_day

    def worker(self, *, key: str, bsn: str) -> SimWorker:
        rng, settings = self.rng, self.settings
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        kind = _pick(rng, {k: getattr(settings.households, k) for k in _HOUSEHOLD_WORDS})
        age = self._age()
        birth_date = _years_before(self.start, age) - dt.timedelta(days=rng.randrange(365))
        benefit_month = self.first_month.shift(-rng.randint(1, settings.benefit_months_before_max))
        benefit_start = _day_in(rng, benefit_month)
        household, child_age = self._household(kind, age, benefit_start)
        benefit_start = household[0].valid_from
        starts_later = _chance(rng, settings.dynamics.start_later) and self.months >= 2
        work_start = self._work_start(starts_later)
        fate = self._fate(work_start)
        leaves_on = fate[1] if fate[0] == "leave" else None
        stops_on = fate[1] if fate[0] == "stop" else None
        employments = self._employments(work_start, leaves_on=leaves_on, stops_on=stops_on)
        disregards = self._disregards(
            kind=kind, age=age, child_age=child_age, benefit_start=benefit_start, work_start=work_start
        )
        story = _story(
            kind=kind,
            age=age,
            employments=employments,
            disregards=disregards,
            starts_later=starts_later,
            leaves_on=leaves_on,
            stops_on=stops_on,
        )
        return SimWorker(
            key=key,
            name=name,
            bsn=bsn,
            birth_date=birth_date,
            benefit_start=benefit_start,
            household=household,
            disregards=disregards,
            employments=employments,
            leaves_on=leaves_on,
            story=story,
        )

    def _age(self) -> int:
        ages = self.settings.ages
        group = _pick(
            self.rng,
            {
                "young": ages.under_27,
                "near": ages.near_pension,
                "main": Decimal(1) - ages.under_27 - ages.near_pension,
            },
        )
        if group == "young":
            return self.rng.randint(ages.min_age, 26)
        if group == "near":
            return self.rng.randint(63, 66)
        return self.rng.randint(27, ages.main_max)

    def _household(
        self, kind: str, age: int, benefit_start: dt.date
    ) -> tuple[tuple[HouseholdPeriod, ...], int | None]:
        """The household from the benefit start (which may move later, see single parents), and the
        youngest child's age at the pilot's start."""
        rng = self.rng
        if kind == "couple":
            partner_age = min(66, max(21, age + rng.randint(-5, 5)))
            partner_birth = _years_before(self.start, partner_age) - dt.timedelta(days=rng.randrange(365))
            period = HouseholdPeriod(
                valid_from=benefit_start,
                household_type=HouseholdType.COUPLE,
                partner_birth_date=partner_birth,
            )
            return (period,), None
        if kind == "single_parent":
            child_age = rng.randint(0, min(16, age - 18))
            child_birth = _years_before(self.start, child_age) - dt.timedelta(days=1 + rng.randrange(364))
            # A single parent's benefit starts no earlier than the child's birth (still before the pilot).
            period = HouseholdPeriod(
                valid_from=max(benefit_start, child_birth),
                household_type=HouseholdType.SINGLE_PARENT,
                youngest_child_birth_date=child_birth,
            )
            return (period,), child_age
        sharers = rng.randint(1, self.settings.households.cost_sharers_max) if kind == "cost_sharer" else 0
        period = HouseholdPeriod(
            valid_from=benefit_start, household_type=HouseholdType.SINGLE, cost_sharers=sharers
        )
        return (period,), None

    def _work_start(self, starts_later: bool) -> dt.date:
        if not starts_later:
            return self.start
        latest = max(2, min(self.settings.dynamics.start_latest_month, self.months))
        return _day_in(self.rng, self.first_month.shift(self.rng.randint(2, latest) - 1))

    def _fate(self, work_start: dt.date) -> tuple[str, dt.date | None]:
        """Whether the worker leaves the benefit for a job, stops working or neither, and when: on a day in
        a month after the work starts, from `leave_earliest_month` on (stopping: any such month)."""
        dynamics, rng = self.settings.dynamics, self.rng
        fate = _pick(
            rng,
            {
                "leave": dynamics.leave_for_job,
                "stop": dynamics.stop_working,
                "stay": Decimal(1) - dynamics.leave_for_job - dynamics.stop_working,
            },
        )
        start_index = (
            (work_start.year - self.first_month.year) * 12 + work_start.month - self.first_month.month
        )
        earliest = start_index + 1
        if fate == "leave":
            earliest = max(earliest, dynamics.leave_earliest_month - 1)
        if fate == "stay" or earliest > self.months - 1:
            return "stay", None
        return fate, _day_in(rng, self.first_month.shift(rng.randint(earliest, self.months - 1)))

    def _employments(
        self, work_start: dt.date, *, leaves_on: dt.date | None, stops_on: dt.date | None
    ) -> tuple[SimEmployment, ...]:
        rng, settings = self.rng, self.settings
        count = 2 if len(self.agencies) >= 2 and _chance(rng, settings.agencies.two_agencies) else 1
        chosen = rng.sample(self.agencies, count)
        own_hours = self._own_hours()
        travel = (
            settings.wages.travel_allowance_per_hour
            if _chance(rng, settings.wages.travel_allowance_share)
            else Decimal("0.00")
        )
        result = []
        for index, agency in enumerate(chosen):
            cycle = PeriodType(
                {"week": "week", "four_weeks": "vierweken", "month": "maand"}[
                    _pick(rng, {k: getattr(settings.pay_cycles, k) for k in ("week", "four_weeks", "month")})
                ]
            )
            # A worker already at work when the pilot starts is enrolled from the first day of the pay
            # period that holds the pilot's first day, so that period is paid and delivered in full.
            start = period_containing(cycle, work_start)[0] if work_start == self.start else work_start
            rises_on = None
            if leaves_on is not None and index == 0:
                rises_on = max(
                    start,
                    leaves_on - dt.timedelta(days=rng.randint(0, settings.dynamics.leaver_rise_days_max)),
                )
            hours = own_hours if count == 1 else (own_hours / 2).quantize(Decimal("0.5"))
            result.append(
                SimEmployment(
                    agency=agency.code,
                    cycle=cycle,
                    start=start,
                    end=stops_on,
                    hourly_wage=_cents(rng, settings.wages.hourly_min, settings.wages.hourly_max),
                    hours_per_week=max(Decimal("1.0"), hours),
                    rises_on=rises_on,
                    risen_hours=settings.dynamics.leaver_hours if rises_on is not None else None,
                    holiday_pay_per_period=_chance(rng, settings.holiday_pay.per_period),
                    holiday_payout_month=5 if _chance(rng, settings.holiday_pay.payout_month_may) else 6,
                    travel_allowance_per_hour=travel,
                )
            )
        return tuple(result)

    def _own_hours(self) -> Decimal:
        hours = self.settings.hours
        drawn = self.rng.gauss(float(hours.mean), float(hours.spread))
        # Drawn as a float, then rounded to half hours and kept as Decimal from here on.
        half_hours = Decimal(round(drawn * 2)) / 2
        return min(hours.maximum, max(hours.minimum, half_hours))

    def _disregards(
        self, *, kind: str, age: int, child_age: int | None, benefit_start: dt.date, work_start: dt.date
    ) -> tuple[DisregardGrant, ...]:
        rng, shares = self.rng, self.settings.disregards
        draw_n, draw_r, draw_y = _chance(rng, shares.n), _chance(rng, shares.r), _chance(rng, shares.y)
        if age < 27:
            return ()
        earliest = Month.of(benefit_start)
        if draw_n:
            # Granted from the month the work starts; for work under way at the pilot's start, up to three
            # months earlier (never before the benefit started).
            back = rng.randint(0, 3) if work_start == self.start else 0
            n_start = max(earliest, Month.of(work_start).shift(-back))
            grants = [DisregardGrant(kind=DisregardKind.N, start_month=n_start)]
            if kind == "single_parent" and child_age is not None and child_age < 11 and draw_r:
                grants.append(DisregardGrant(kind=DisregardKind.R, start_month=n_start.shift(6)))
            return tuple(grants)
        if draw_y:
            return (
                DisregardGrant(kind=DisregardKind.Y, start_month=max(earliest, self.first_month.shift(-6))),
            )
        return ()


def _story(
    *,
    kind: str,
    age: int,
    employments: tuple[SimEmployment, ...],
    disregards: tuple[DisregardGrant, ...],
    starts_later: bool,
    leaves_on: dt.date | None,
    stops_on: dt.date | None,
) -> str:
    """One Dutch line a policy officer reads in the report."""
    hours = sum((e.hours_per_week for e in employments), Decimal(0))
    bureaus = "één uitzendbureau" if len(employments) == 1 else f"{len(employments)} uitzendbureaus"
    cycles = " en ".join(_CYCLE_WORDS[e.cycle] for e in employments)
    work = f"gemiddeld {_dutch_hours(hours)} uur per week via {bureaus} ({cycles})"
    parts = [f"{_HOUSEHOLD_WORDS[kind]}, {age} jaar, {work}"]
    if disregards:
        parts.append("vrijlating " + " en ".join(g.kind.value for g in disregards))
    if starts_later:
        parts.append(f"begint op {dutch.date(employments[0].start)} met werken")
    if leaves_on is not None:
        parts.append(f"stroomt uit naar werk, laatste bijstandsdag {dutch.date(leaves_on)}")
    if stops_on is not None:
        parts.append(f"stopt met werken op {dutch.date(stops_on)}")
    return "; ".join(parts)


def _dutch_hours(hours: Decimal) -> str:
    return f"{hours:.1f}".replace(".", ",")
