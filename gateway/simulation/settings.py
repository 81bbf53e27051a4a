"""The settings of a simulated pilot: every distribution and rate the cohort, its pay data and the baseline
use, each with a documented default (docs/simulation.md).

These are simulation assumptions, not legal amounts: the norms, disregards and the art. 52 advance rate
the engine and the baseline apply come from the dated parameter files, never from here. Shares are
fractions between 0 and 1; money is Decimal; a mix of shares (household, pay cycle, declaration delay)
must add up to exactly 1.

A settings file is JSON. `CohortSettings.from_file` reads the object under the key `"simulation"` when the
file's top-level object has one (so the municipality's `--policy` file can carry its simulation settings
next to its policy), and otherwise the whole object. Field names are lowerCamelCase (`payCycles`,
`settlementDay`; the Python names are accepted too). Unknown or invalid fields are refused with an error
that names the field, e.g. `simulation.hours.mean: ...`.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from schemas.case import MunicipalPolicy
from schemas.periods import Month

Share = Annotated[Decimal, Field(ge=0, le=1)]
"""A fraction between 0 and 1."""
Euro = Annotated[Decimal, Field(ge=0, decimal_places=2)]
"""A non-negative amount in euros with at most two decimals."""
Days = Annotated[int, Field(ge=0, le=366)]

_SECTION = "simulation"


class SettingsFileError(ValueError):
    """A settings file that cannot be read or holds an unknown or invalid field; names the field."""


class _Section(BaseModel):
    # lowerCamelCase in JSON like every Loonbrug file (`payCycles`), the Python names accepted too.
    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)


def _sums_to_one(section: BaseModel, names: tuple[str, ...]) -> None:
    total = sum((getattr(section, name) for name in names), Decimal(0))
    if total != 1:
        raise ValueError(f"de aandelen {', '.join(names)} tellen op tot {total}, niet tot 1")


def _ordered(low: int | Decimal, high: int | Decimal, low_name: str, high_name: str) -> None:
    if low > high:
        raise ValueError(f"{low_name} is groter dan {high_name}")


class HouseholdMix(_Section):
    """Household types of the cohort (the norm, art. 21-22a Pw); the four shares add up to 1."""

    single: Share = Decimal("0.55")
    """Alleenstaand."""
    single_parent: Share = Decimal("0.20")
    """Alleenstaande ouder; the youngest child is 0-17 years old, drawn evenly."""
    couple: Share = Decimal("0.15")
    """Gehuwd/samenwonend; the partner has no job and no pay records in the simulation."""
    cost_sharer: Share = Decimal("0.10")
    """Alleenstaand with cost-sharing housemates aged 27+ (art. 22a)."""
    cost_sharers_max: int = Field(default=2, ge=1, le=5)
    """Housemates of a cost-sharer: 1 to this number, drawn evenly."""

    @model_validator(mode="after")
    def _mix(self) -> Self:
        _sums_to_one(self, ("single", "single_parent", "couple", "cost_sharer"))
        return self


class AgeMix(_Section):
    """Ages on the first day of the simulation. The rest of the cohort is 27 to `main_max` years old."""

    under_27: Share = Decimal("0.15")
    """Aged `min_age` to 26: no disregard n or r (art. 31 lid 5)."""
    near_pension: Share = Decimal("0.06")
    """Aged 63 to 66: near the AOW age (67 in 2026-2027); some reach it during a long simulation."""
    min_age: int = Field(default=21, ge=18, le=26)
    """Youngest age. The engine does not yet settle the youth norms (18-20), so the default is 21."""
    main_max: int = Field(default=62, ge=27, le=62)


class DisregardMix(_Section):
    """Which disregards the municipality granted (art. 31 lid 2 n, r, y)."""

    n: Share = Decimal("0.50")
    """Of workers aged 27+ below AOW age: n granted from the month their work starts (6 months)."""
    r: Share = Decimal("0.60")
    """Of single parents (27+) with a child under 12: r granted from the month after n ends."""
    y: Share = Decimal("0.05")
    """Of the others aged 27+: medically limited in hours, y granted (and then no n)."""


class PayCycleMix(_Section):
    """Pay periods (loontijdvak) of an employment; the three shares add up to 1."""

    week: Share = Decimal("0.45")
    four_weeks: Share = Decimal("0.25")
    month: Share = Decimal("0.30")

    @model_validator(mode="after")
    def _mix(self) -> Self:
        _sums_to_one(self, ("week", "four_weeks", "month"))
        return self


class AgencySettings(_Section):
    """The staffing agencies of the pilot."""

    count: int = Field(default=6, ge=1, le=99)
    two_agencies: Share = Decimal("0.15")
    """Workers who work through two agencies at once (needs `count` ≥ 2)."""


class WageSettings(_Section):
    """Hourly wages and what is withheld from them."""

    hourly_min: Euro = Decimal("14.71")
    """Lowest gross hourly wage: the 2026 hourly minimum wage for 21+."""
    hourly_max: Euro = Decimal("18.50")
    """Highest gross hourly wage; a worker's wage is drawn evenly in between."""
    wage_tax_rate: Share = Decimal("0.070")
    """Wage tax withheld as a share of gross (after the tax credits a low earner gets)."""
    premium_rate: Share = Decimal("0.055")
    """Employee premiums and pension (StiPP) withheld as a share of gross."""
    travel_allowance_share: Share = Decimal("0.25")
    """Workers who get an untaxed travel allowance (it does not count as income)."""
    travel_allowance_per_hour: Euro = Decimal("0.50")

    @model_validator(mode="after")
    def _range(self) -> Self:
        _ordered(self.hourly_min, self.hourly_max, "hourly_min", "hourly_max")
        if self.wage_tax_rate + self.premium_rate >= 1:
            raise ValueError("wage_tax_rate en premium_rate laten samen geen nettoloon over")
        return self


class HoursSettings(_Section):
    """Hours per week: a worker's own mean, and how a week varies around it."""

    mean: Decimal = Field(default=Decimal("14"), ge=1, le=60)
    """Mean of the workers' own weekly hours."""
    spread: Decimal = Field(default=Decimal("6"), ge=0, le=30)
    """Standard deviation of the workers' own weekly hours around `mean` (normal, then clipped)."""
    minimum: Decimal = Field(default=Decimal("4"), ge=0, le=60)
    maximum: Decimal = Field(default=Decimal("30"), ge=1, le=60)
    weekly_variation: Share = Decimal("0.30")
    """Standard deviation of one week's hours relative to the worker's own mean."""
    zero_week: Share = Decimal("0.05")
    """Weeks without any hours (no shift), besides the variation."""

    @model_validator(mode="after")
    def _range(self) -> Self:
        _ordered(self.minimum, self.maximum, "minimum", "maximum")
        return self


class HolidayPaySettings(_Section):
    """Holiday pay (vakantiegeld) that agencies accrue and pay out."""

    accrual_rate: Share = Decimal("0.08")
    """Accrued as a share of the gross wage of the hours worked."""
    per_period: Share = Decimal("0.30")
    """Employments that pay holiday pay out with every period; the others pay the accrual once a year."""
    payout_month_may: Share = Decimal("0.60")
    """Of the once-a-year payers: paid out with the last period paid in May; the others in June."""


class DynamicsSettings(_Section):
    """Who starts, who leaves the benefit for a job, who stops working."""

    start_later: Share = Decimal("0.30")
    """Workers who have no job when the simulation starts and start one later."""
    start_latest_month: int = Field(default=6, ge=1, le=60)
    """A later start falls in simulation month 2 to this month (1 = the first), drawn evenly."""
    leave_for_job: Share = Decimal("0.12")
    """Workers who leave the benefit because their job grows to full time."""
    leave_earliest_month: int = Field(default=3, ge=1, le=60)
    """A leaver leaves in this simulation month or later (1 = the first), and after the month the work
    starts; in a pilot too short for that, nobody leaves."""
    leaver_hours: Decimal = Field(default=Decimal("36"), ge=1, le=60)
    """Weekly hours of a leaver from the rise on."""
    leaver_rise_days_max: Days = 35
    """The hours rise 0 to this many days before the last day of entitlement."""
    stop_working: Share = Decimal("0.10")
    """Workers whose job ends during the simulation; they stay on the benefit."""

    @model_validator(mode="after")
    def _one_fate(self) -> Self:
        if self.leave_for_job + self.stop_working > 1:
            raise ValueError("leave_for_job en stop_working samen zijn meer dan 1")
        return self


class DeliverySettings(_Section):
    """When an agency pushes a pay record and when it is paid."""

    pay_lag_days_min: Days = 2
    pay_lag_days_max: Days = 5
    """Pay date: this many days after the period ends, drawn evenly."""
    on_time_days_min: Days = 1
    on_time_days_max: Days = 6
    """Most records arrive this many days after the pay date."""
    late: Share = Decimal("0.05")
    """Records that arrive late instead: 1 to `late_weeks_max` weeks after the pay date."""
    late_weeks_max: int = Field(default=8, ge=1, le=52)

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        _ordered(self.pay_lag_days_min, self.pay_lag_days_max, "pay_lag_days_min", "pay_lag_days_max")
        _ordered(self.on_time_days_min, self.on_time_days_max, "on_time_days_min", "on_time_days_max")
        return self


class CorrectionSettings(_Section):
    """Pay records that the agency corrects later with a new version."""

    share: Share = Decimal("0.03")
    after_days_min: Days = 7
    after_days_max: Days = 42
    """The correction arrives this many days after the original, drawn evenly."""
    change_min: Share = Decimal("0.05")
    change_max: Share = Decimal("0.30")
    """The hours change by this share of the original, drawn evenly."""
    down: Share = Decimal("0.60")
    """Corrections that lower the hours (fewer hours than first paid); the rest raise them."""

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        _ordered(self.after_days_min, self.after_days_max, "after_days_min", "after_days_max")
        _ordered(self.change_min, self.change_max, "change_min", "change_max")
        return self


class AgencyErrorSettings(_Section):
    """Errors an agency makes at a low rate, per record."""

    duplicate_period: Share = Decimal("0.003")
    """The record is sent a second time under a new id without naming the first; the agency cancels the
    duplicate later with a correction of zero hours and amounts."""
    duplicate_fix_days_min: Days = 7
    duplicate_fix_days_max: Days = 28
    ytd_jump: Share = Decimal("0.003")
    """The year-to-date figures are off by €50-500 (the amounts of the period are right)."""

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        _ordered(
            self.duplicate_fix_days_min,
            self.duplicate_fix_days_max,
            "duplicate_fix_days_min",
            "duplicate_fix_days_max",
        )
        return self


class BaselineSettings(_Section):
    """The estimate-then-recover regime the pilot is compared with (docs/simulation.md, "Baseline")."""

    declare_now: Share = Decimal("0.50")
    declare_one_month: Share = Decimal("0.35")
    declare_two_months: Share = Decimal("0.15")
    """The pay slips of month M are declared in month M+1 (`declare_now`), M+2 or M+3; the three add up
    to 1."""
    declare_day_max: int = Field(default=28, ge=1, le=28)
    """The declaration arrives on day 1 to this day of that month, drawn evenly."""
    forgotten_slip: Share = Decimal("0.01")
    """Per declared pay slip: the worker forgets it (it is not declared)."""
    rounding_error: Share = Decimal("0.03")
    """Per declared pay slip: the worker writes a rounded or misread amount."""
    rounding_error_max: Euro = Decimal("25.00")
    """Size of such an error: up to this amount up or down, drawn evenly."""
    register_lag_months: int = Field(default=2, ge=0, le=12)
    """The wage register (polisadministratie) shows the actual income of M this many months after M."""
    investigation_threshold: Euro = Decimal("50.00")
    """An investigation signal when declared and actual net income of a month differ by more than this."""
    advance_from_last_known: bool = True
    """The advance for M is the payout the last declared month's income would give in M; when False (or
    when no income is known yet) it is the full bijstand × the art. 52 minimum rate."""
    leaver_advance_paid: Share = Decimal("0.70")
    """Leavers whose advance for the month after leaving is still paid (the municipality learns late)."""

    @model_validator(mode="after")
    def _mix(self) -> Self:
        _sums_to_one(self, ("declare_now", "declare_one_month", "declare_two_months"))
        return self


class CohortSettings(_Section):
    """Every assumption of a simulated pilot, with its default."""

    households: HouseholdMix = HouseholdMix()
    ages: AgeMix = AgeMix()
    disregards: DisregardMix = DisregardMix()
    pay_cycles: PayCycleMix = PayCycleMix()
    agencies: AgencySettings = AgencySettings()
    wages: WageSettings = WageSettings()
    hours: HoursSettings = HoursSettings()
    holiday_pay: HolidayPaySettings = HolidayPaySettings()
    dynamics: DynamicsSettings = DynamicsSettings()
    delivery: DeliverySettings = DeliverySettings()
    corrections: CorrectionSettings = CorrectionSettings()
    agency_errors: AgencyErrorSettings = AgencyErrorSettings()
    baseline: BaselineSettings = BaselineSettings()
    settlement_day: int = Field(default=25, ge=1, le=28)
    """The municipality's settlement day: it settles on this day of a month, or on the working day before
    when it falls in a weekend (`settlement_date`)."""
    benefit_months_before_max: int = Field(default=36, ge=1, le=240)
    """Workers have been on the benefit 1 to this many months when the simulation starts."""

    def settlement_date(self, month: Month) -> dt.date:
        """The settlement day in `month`: `settlement_day`, or the Friday before when it is a weekend."""
        day = dt.date(month.year, month.month, self.settlement_day)
        return day - dt.timedelta(days=max(0, day.weekday() - 4))

    @classmethod
    def from_file(cls, path: Path) -> CohortSettings:
        """Read settings from JSON: the `"simulation"` object of the file when it has one, else the whole
        file. Raises `SettingsFileError` naming each unknown or invalid field."""
        data = _read_object(path)
        if _SECTION in data:
            return cls.from_data(data[_SECTION], where=_SECTION)
        return cls.from_data(data, where="")

    @classmethod
    def from_policy_file(cls, path: Path) -> CohortSettings:
        """The `"simulation"` object of a policy file, or the defaults when the file has none."""
        data = _read_object(path)
        return cls.from_data(data.get(_SECTION, {}), where=_SECTION)

    @classmethod
    def from_data(cls, data: Any, *, where: str = "") -> CohortSettings:
        """Validate already-read JSON data; `where` prefixes field names in errors."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = []
            for error in exc.errors(include_url=False, include_input=False):
                field = ".".join(str(part) for part in (where, *error["loc"]) if part != "")
                problems.append(f"{field or '(settings)'}: {error['msg']}")
            raise SettingsFileError("; ".join(problems)) from None


def load_policy_file(
    path: Path, *, default_policy: MunicipalPolicy
) -> tuple[MunicipalPolicy, CohortSettings]:
    """Read a `--policy` file: `"policy"` holds the municipal choices that differ from `default_policy`
    (field names as in the policy, e.g. `payoutDay`), `"simulation"` the simulation settings; both are
    optional, other top-level keys (such as `"description"`) are ignored. Raises `SettingsFileError`
    naming each bad field, e.g. `policy.payoutDay`."""
    data = _read_object(path)
    settings = CohortSettings.from_data(data.get(_SECTION, {}), where=_SECTION)
    changes = data.get("policy", {})
    if not isinstance(changes, dict):
        raise SettingsFileError("policy: verwacht een JSON-object")
    # The policy's own names (payout_day) and its JSON names (payoutDay) are both accepted.
    aliases = {name: field.alias or name for name, field in MunicipalPolicy.model_fields.items()}
    chosen = {aliases.get(key, key): value for key, value in changes.items()}
    try:
        policy = MunicipalPolicy.model_validate({**default_policy.model_dump(by_alias=True), **chosen})
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(part) for part in ('policy', *error['loc']))}: {error['msg']}"
            for error in exc.errors(include_url=False, include_input=False)
        ]
        raise SettingsFileError("; ".join(problems)) from None
    return policy, settings


def _read_object(path: Path) -> dict[str, Any]:
    try:
        # parse_float=Decimal keeps 0.1 exactly 0.1: no float reaches a share or an amount.
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except OSError as exc:
        raise SettingsFileError(f"{path}: kan het bestand niet lezen ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise SettingsFileError(f"{path}: geen geldige JSON (regel {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise SettingsFileError(f"{path}: verwacht een JSON-object")
    return data
