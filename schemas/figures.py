"""What the engine computes, as JSON: month settlements, week figures, remaining-to-exit, explanations.

Every result names the pay record versions and parameter values it used, and carries ordered
explanation lines from which a consultant can redo the sum by hand (the line codes are described in
gateway/engine/RULES.md). Money is a string with two decimals; a negative amount is a deduction.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import ConfigDict, Field

from schemas.base import ApiModel
from schemas.benefit_case import BufferUseKind, CaseEnd, Person
from schemas.money import ZERO, Hours, Money, SignedMoney
from schemas.pay_record import RecordId
from schemas.periods import IsoWeek, Month

HoursNeeded = Money
"""Hours still to work: two decimals, written like money, without the 744-hour bound of `Hours` (at a very
low hourly wage the hours needed can exceed a month)."""


class AttributionRule(StrEnum):
    """How income is attributed to months (art. 32 Pw; a municipal choice)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    PAY_DATE = "pay_date"


class HolidayPayTreatment(StrEnum):
    """What happens with net holiday pay (vakantiegeld) an agency pays out (a municipal choice)."""

    SET_AGAINST_RESERVE = "set_against_reserve"
    """Set against the holiday allowance reserve; what exceeds it is income in the month paid."""
    INCOME_WHEN_PAID = "income_when_paid"
    """All of it is income in the month paid."""


class Regime(StrEnum):
    """Which disregards apply: the current art. 31 lid 2 n/r/y, or art. 34a (Participatiewet in balans)."""

    CURRENT = "art31"
    BALANS = "art34a"


class ResultKind(StrEnum):
    """A settlement of an open month, or the recomputation of an approved one."""

    SETTLEMENT = "verrekening"
    RECOMPUTATION = "herberekening"
    """An approved month recomputed: its figures stand as approved, the difference is a correction in the
    first open month."""
    FINAL = "eindafrekening"
    """The final settlement after the end of a case (DESIGN §4.12), stored as the month after the end
    month: the reserved holiday allowance paid out, open overpayments set off, what is left."""


class RecordRef(ApiModel):
    """A pay record version: agency, the record's id there, and its version in the ledger."""

    agency: str = Field(description="Code van het uitzendbureau.")
    record_id: RecordId
    version: int = Field(ge=1)


class ParameterRef(ApiModel):
    """A dated parameter value that was used, with its source."""

    key: str
    label: str
    value: str = Field(description="De waarde zoals een mens die leest, bijv. '1.401,50' of '25%'.")
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool = Field(
        description="Onwaar: de waarde is (nog) niet bevestigd; de uitkomst is voorlopig."
    )
    source_url: str
    article: str
    note: str | None = None


class LineParameter(ApiModel):
    """The parameter value a line used."""

    key: str
    value: str
    valid_from: dt.date
    confirmed: bool


class ExplanationLine(ApiModel):
    """One step of the sum: what, how much, under which article, from which inputs."""

    code: str = Field(description="Vaste code van de regel; de betekenis staat in RULES.md van de engine.")
    text: str = Field(description="De stap in gewone taal.")
    amount: SignedMoney | None = None
    reference: str = Field(description="Wetsartikel of beleidsregel.")
    person: Person | None = None
    records: list[RecordRef] = Field(default_factory=list)
    inputs: list[str] = Field(default_factory=list, description="Gebruikte gegevens uit het dossier.")
    parameters: list[LineParameter] = Field(default_factory=list)


class MissingPeriod(ApiModel):
    """Days in an enrollment for which the agency sent no pay record: shown as missing, never estimated."""

    agency: str
    person: Person
    start: dt.date
    end: dt.date


class CarryForwardItem(ApiModel):
    """An overpayment still to set off against the payouts of the months up to `lastMonth`."""

    month: Month
    amount: Money
    last_month: Month


class Correction(ApiModel):
    """A change to an approved month, carried into this open month."""

    month: Month = Field(description="De goedgekeurde maand waarvan de cijfers veranderden.")
    payout_delta: SignedMoney
    holiday_allowance_delta: SignedMoney


class RemainingToExit(ApiModel):
    """How much more the worker must earn to leave the benefit (DESIGN §4.8)."""

    exit_income: Money = Field(description="Netto maandinkomen uit arbeid waarbij de bijstand 0 wordt.")
    income: Money = Field(description="Netto inkomen uit arbeid van de aanvrager tot nu toe in de maand.")
    net: Money = Field(description="Nog te verdienen netto deze maand.")
    gross: Money | None = Field(description="Hetzelfde bruto; leeg als de loonstroken dat niet vertellen.")
    hours: HoursNeeded | None = Field(description="Hetzelfde in uren tegen het huidige bruto uurloon.")
    hourly_wage: Money | None
    weekly_exit_income: Money = Field(description="Blijvend per week nodig: uitstroominkomen × 12 / 52.")
    weekly_net_now: Money | None = Field(description="Wat de werker nu gemiddeld netto per week verdient.")
    weekly_net: Money | None = Field(description="Per week blijvend meer nodig, netto.")
    weekly_gross: Money | None
    weekly_hours: HoursNeeded | None


class ProRata(ApiModel):
    """The norm of a month in which the benefit ends, for the days with a right to bijstand."""

    days: int = Field(ge=0, le=31, description="Kalenderdagen met recht op bijstand in de maand.")
    of_days: int = Field(ge=28, le=31, description="Kalenderdagen van de maand.")


class ExitForecastBasis(StrEnum):
    """Why the exit forecast fired."""

    FORECAST = "prognose"
    """The weeks so far, continued at the recent weekly pay, reach the exit income this month."""
    REACHED = "bereikt"
    """This month's income has reached the exit income."""
    TWO_MONTHS = "twee_maanden"
    """The income reached the exit income in each of the last two months."""


class ExitForecast(ApiModel):
    """Uitstroomsignaal: this month's income will reach, or reached, the income that ends the need for
    bijstand (DESIGN §4.8, §4.12)."""

    basis: ExitForecastBasis
    exit_income: Money
    income_so_far: Money = Field(description="Netto inkomen uit arbeid van de aanvrager tot nu toe.")
    weekly_net: Money | None = Field(description="Recent netto weekloon waarmee is doorgerekend.")
    projected: Money = Field(description="Verwacht inkomen over de hele maand.")
    weeks: list[IsoWeek] = Field(description="De weken van de loonstroken waarop het signaal rust.")


class HoldStatus(StrEnum):
    """Where a held payout stands."""

    HELD = "vastgehouden"
    RELEASED_COMPLETE = "vrijgegeven_compleet"
    RELEASED_DEADLINE = "vrijgegeven_termijn"


class HoldReason(StrEnum):
    """Why the payout of a month waits."""

    EXIT_FORECAST = "uitstroomsignaal"
    LAST_MONTH = "laatste_maand"


class Hold(ApiModel):
    """The payout of this month waits until its pay data is complete or the deadline passes (policy)."""

    reason: HoldReason
    until: dt.date = Field(description="Uiterlijke datum: dan wordt alleen het zekere bedrag betaald.")
    status: HoldStatus
    estimated_missing: Money = Field(
        description="Bij vrijgave door de termijn: ontbrekend loon, meegeteld om niet te veel te betalen."
    )


class BufferProposal(ApiModel):
    """What Loonbrug proposes to take from the bufferbudget (art. 34b); a consultant decides."""

    kind: BufferUseKind
    amount: Money
    year_left: Money = Field(description="Wat er dit kalenderjaar nog in het bufferbudget zit.")


class MonthSettlement(ApiModel):
    """The settlement (maandverrekening) of one calendar month.

    For a recomputation of an approved month (`kind` herberekening) the settling fields (difference,
    payments, carry-forward, holiday allowance ledger) are empty: the approved version stands, and the
    difference goes as `correctionCarried` into the open month `correctionTo`.
    """

    month: Month
    kind: ResultKind
    regime: Regime
    attribution: AttributionRule
    complete: bool = Field(description="Waar als de maand voorbij is en er geen periode ontbreekt.")
    norm: Money
    income: Money = Field(description="Meetellend netto inkomen van het huishouden.")
    self_employed_income: SignedMoney = Field(
        default=ZERO,
        description=(
            "Het deel van income uit eigen onderneming: omzet exclusief btw min kosten; negatief bij een"
            " verlies dat volgens het gemeentelijk beleid van het loon afgaat."
        ),
    )
    disregard: Money
    bijstand: Money
    payout: Money = Field(description="Bijstand × 95%: uit te betalen over de maand.")
    holiday_allowance_reserve: Money = Field(
        description="Bijstand − uitbetaling: gereserveerde vakantietoeslag."
    )
    holiday_pay_set_off: Money = Field(
        description="Vakantiegeld verrekend met de gereserveerde vakantietoeslag."
    )
    holiday_allowance_paid_out: Money | None = Field(description="Vakantietoeslag uitbetaald deze maand.")
    holiday_allowance_balance: SignedMoney | None = Field(
        description="Gereserveerde vakantietoeslag aan het eind van de maand."
    )
    advance: Money
    corrections_total: SignedMoney | None
    difference: SignedMoney | None = Field(description="Uitbetaling + correcties − voorschot.")
    offset: Money | None = Field(description="Verrekend met eerder te veel betaald.")
    to_pay: Money | None = Field(description="Nabetaling.")
    overpaid: Money | None = Field(description="Te veel betaald; wordt verrekend met volgende maanden.")
    not_offset: Money | None = Field(
        description="Niet binnen de termijn verrekend: ter beslissing aan de gemeente."
    )
    carry_forward: list[CarryForwardItem] = Field(description="Na deze maand nog te verrekenen.")
    corrections: list[Correction] = Field(description="Correcties van goedgekeurde maanden in deze maand.")
    correction_carried: Correction | None = Field(
        default=None, description="Bij een herberekening: het verschil met de goedgekeurde versie."
    )
    correction_to: Month | None = Field(
        default=None, description="Bij een herberekening: de open maand waarin het verschil wordt verwerkt."
    )
    payout_date: dt.date
    remaining: RemainingToExit
    missing: list[MissingPeriod]
    records: list[RecordRef]
    parameters: list[ParameterRef]
    unconfirmed: bool = Field(description="Waar als een gebruikte parameterwaarde niet bevestigd is.")
    lines: list[ExplanationLine]
    end: CaseEnd | None = Field(
        default=None, description="Einde van de bijstand (in de laatste maand en de eindafrekening)."
    )
    pro_rata: ProRata | None = Field(default=None, description="Norm naar rato in de laatste maand.")
    exit_forecast: ExitForecast | None = None
    hold: Hold | None = None
    buffer_used: Money | None = Field(default=None, description="Uit het bufferbudget deze maand.")
    buffer_proposal: BufferProposal | None = None


class WeekFigures(ApiModel):
    """The figures of one ISO week (weekcijfers) and the position of its month so far (DESIGN §4.9)."""

    week: IsoWeek
    month: Month = Field(description="De maand waarin de donderdag van de week valt.")
    hours: Hours
    gross: Money
    net: Money
    month_income: Money = Field(description="Meetellend inkomen van de maand tot en met deze week.")
    bijstand: Money = Field(description="Bijstand over de maand als er niets meer bij komt.")
    payout: Money
    advance: Money
    expected_difference: SignedMoney = Field(
        description="Uitbetaling − voorschot als er niets meer bij komt."
    )
    payout_date: dt.date
    remaining: RemainingToExit
    missing: list[MissingPeriod]
    records: list[RecordRef]
    parameters: list[ParameterRef]
    unconfirmed: bool
    lines: list[ExplanationLine]


class SettledFigures(ApiModel):
    """What an approved settlement hands to the next recompute: read from a stored `MonthSettlement`
    document without its explanation lines, which a recompute does not need (unknown fields ignored)."""

    model_config = ConfigDict(extra="ignore")

    month: Month
    kind: ResultKind
    payout: Money
    holiday_allowance_reserve: Money
    holiday_pay_set_off: Money
    holiday_allowance_balance: SignedMoney | None
    advance: Money
    to_pay: Money | None
    not_offset: Money | None
    buffer_used: Money | None = None
    carry_forward: list[CarryForwardItem]
    corrections: list[Correction]


class CalcResult(ApiModel):
    """Everything `loonbrug calc` computes for one case."""

    as_of: dt.date
    settlements: list[MonthSettlement]
    weeks: list[WeekFigures]


EXPORTED_MODELS = (CalcResult, MonthSettlement, WeekFigures)
