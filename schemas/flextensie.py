"""Flextensie (DESIGN §4.10): placements, timesheets, the premium ledger, client invoices, the remainder.

Working while keeping the benefit: the client (opdrachtgever) is invoiced hours × tariff, the worker earns
a premium per hour worked (art. 31 lid 2 onder j Pw) plus travel costs, back-office costs are deducted and
what remains goes to the municipality. The benefit itself runs on unchanged: nothing here is income.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from schemas.base import ApiModel
from schemas.figures import ExplanationLine, ParameterRef
from schemas.identifiers import Bsn
from schemas.money import Hours, Money, Rate, SignedMoney
from schemas.periods import IsoWeek, Month
from schemas.text import PLAIN_TEXT

EntityId = Annotated[
    str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]
"""A Loonbrug id (a lowercase UUID)."""

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
HalfYear = Annotated[str, StringConstraints(pattern=r"^\d{4}-H[12]$")]
Months = Annotated[Decimal, Field(ge=0, le=24, max_digits=4, decimal_places=2)]
"""A number of months, possibly with a fraction (5.5 = five and a half months)."""

MAX_HOURS_PER_DAY = Decimal(24)
MAX_HOURS_PER_WEEK = Decimal(60)
"""Arbeidstijdenwet art. 5:7: at most 60 hours in a week."""


def _iban_checks(value: str) -> str:
    """ISO 13616: move the first four characters to the end, letters to numbers; mod 97 must be 1."""
    moved = value[4:] + value[:4]
    if int("".join(str(int(ch, 36)) for ch in moved)) % 97 != 1:
        raise ValueError("het IBAN klopt niet (controlegetal)")
    return value


Iban = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"),
    AfterValidator(_iban_checks),
]
"""An IBAN in capitals without spaces, with a correct check number."""

KvkNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]
"""A Dutch Chamber of Commerce (KvK) number: eight digits (EAS scheme 0106 on an e-invoice)."""
Oin = Annotated[str, StringConstraints(pattern=r"^[0-9]{20}$")]
"""An organisatie-identificatienummer of a Dutch public body: twenty digits (EAS scheme 0190)."""
DutchVatNumber = Annotated[str, StringConstraints(pattern=r"^NL[0-9]{9}B[0-9]{2}$")]
"""A Dutch VAT identification number (btw-id), e.g. NL001234567B01."""
DutchPostcode = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{3} ?[A-Z]{2}$")]
"""A Dutch postcode: four digits (not starting with 0) and two capitals, e.g. 3011 AD."""
PostalZone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
"""A postcode of any country (checked as Dutch where the country is the Netherlands)."""
_DUTCH_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
_VAT_NUMBER = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,12}$")
"""A VAT identification number with its country prefix (EN 16931 BT-48: ISO 3166-1 alpha-2 + number)."""


class NoVatCategory(StrEnum):
    """Why an invoice without VAT has none; the municipality decides this with its tax adviser."""

    EXEMPT = "vrijgesteld"
    """Vrijgesteld van btw (EN 16931 category E): the seller's VAT number is on the invoice."""
    NOT_SUBJECT = "niet_onderworpen"
    """Niet onderworpen aan btw, e.g. an overheidstaak (category O): no VAT number on the invoice."""


class FlextensieInvoicing(ApiModel):
    """The municipality as seller on its Flextensie invoices: what an e-invoice (NLCIUS) must name."""

    legal_name: Text200 = Field(description="Statutaire naam van de gemeente, bijv. 'Gemeente Rotterdam'.")
    kvk_number: KvkNumber | None = Field(
        default=None, description="KvK-nummer (8 cijfers); geef dit of het OIN."
    )
    oin: Oin | None = Field(
        default=None, description="Organisatie-identificatienummer (20 cijfers); geef dit of het KvK-nummer."
    )
    vat_number: DutchVatNumber | None = Field(
        default=None, description="Btw-identificatienummer, bijv. NL001234567B01."
    )
    street: Text200 = Field(description="Straat en huisnummer (of postbus) van de gemeente.")
    postal_code: DutchPostcode = Field(description="Postcode, bijv. 3011 AD.")
    city: Text200
    iban: Iban = Field(description="Rekening waarop de opdrachtgever betaalt, zonder spaties.")
    payment_term_days: int = Field(
        default=30,
        ge=1,
        le=60,
        description="Betalingstermijn in dagen; zonder afspraak 30 (art. 6:119a lid 2 BW).",
    )
    no_vat_category: NoVatCategory | None = Field(
        default=None, description="Bij facturen zonder btw: vrijgesteld of niet onderworpen."
    )
    no_vat_reason: Text200 | None = Field(
        default=None, description="Bij facturen zonder btw: de reden zoals die op de factuur staat."
    )

    @model_validator(mode="after")
    def _one_identifier_and_a_whole_reason(self) -> Self:
        if (self.kvk_number is None) == (self.oin is None):
            raise ValueError("geef het KvK-nummer of het OIN van de gemeente (één van beide)")
        if (self.no_vat_category is None) != (self.no_vat_reason is None):
            raise ValueError("geef bij facturen zonder btw zowel noVatCategory als noVatReason")
        if self.no_vat_category is NoVatCategory.NOT_SUBJECT and self.vat_number is not None:
            raise ValueError("een factuur die niet onderworpen is aan btw noemt geen btw-nummer")
        return self


class FlextensiePolicy(ApiModel):
    """The municipality's Flextensie choices, valid from a date (see `FlextensiePolicyVersion`)."""

    premium_per_hour: Money = Field(description="Premie arbeidsinschakeling per gewerkt uur.")
    employer_on_cost_rate: Rate = Field(
        description="Opslag werkgeverslasten op het minimumuurloon: ondergrens van het tarief."
    )
    back_office_rate: Rate = Field(description="Backofficekosten als deel van het factuurbedrag zonder btw.")
    vat_applies: bool = Field(description="Waar als over het tarief btw wordt gerekend (algemeen tarief).")
    payouts_per_year: int = Field(ge=1, le=12, description="Hoogstens zoveel premie-uitbetalingen per jaar.")
    max_months: int = Field(ge=1, le=24, description="Maximale duur van een plaatsing onder de urengrens.")
    max_months_long_hours: int = Field(ge=1, le=24, description="Maximale duur vanaf de urengrens.")
    long_hours_from: Hours = Field(description="Urengrens per week voor de kortere maximale duur.")
    alert_after_months: Months = Field(description="Signaal dat het einde nadert, na zoveel maanden.")
    alert_after_months_high_hours: Months = Field(description="Idem boven highHoursAbove uur per week.")
    high_hours_above: Hours = Field(description="Boven zoveel verwachte uren per week: vroeg signaal.")
    cap_alert_rate: Rate = Field(description="Signaal bij dit deel van het jaarmaximum van de premie.")
    invoicing: FlextensieInvoicing | None = Field(
        default=None, description="De gemeente als verkoper op de e-factuur; leeg tot de beheerder ze invult."
    )

    @model_validator(mode="after")
    def _alerts_before_the_end(self) -> Self:
        if self.max_months_long_hours > self.max_months:
            raise ValueError("maxMonthsLongHours mag niet groter zijn dan maxMonths")
        if self.alert_after_months > self.max_months or self.alert_after_months_high_hours > self.max_months:
            raise ValueError("een signaal moet vallen voor het einde van de maximale duur")
        return self


class FlextensiePolicyVersion(ApiModel):
    """A municipal Flextensie policy with the first day it holds and where it was decided."""

    valid_from: dt.date = Field(description="Eerste dag waarop dit beleid geldt (de eerste van een maand).")
    source: Text200 = Field(description="Besluit of bron, bijv. 'Beleidsregel Flextensie 2026'.")
    confirmed: bool = Field(description="Onwaar: standaardwaarde, niet door de gemeente vastgesteld.")
    policy: FlextensiePolicy

    @model_validator(mode="after")
    def _first_of_month(self) -> Self:
        if self.valid_from.day != 1:
            raise ValueError("validFrom moet de eerste van een maand zijn")
        return self


class FlextensiePolicyChange(ApiModel):
    """New policy values from a date; a field left out keeps the value in force on that date."""

    valid_from: dt.date
    source: Text200
    premium_per_hour: Money | None = None
    employer_on_cost_rate: Rate | None = None
    back_office_rate: Rate | None = None
    vat_applies: bool | None = None
    payouts_per_year: int | None = Field(default=None, ge=1, le=12)
    invoicing: FlextensieInvoicing | None = None


class FlextensiePolicyView(ApiModel):
    """The municipality's Flextensie policy: every version, the standard ones included."""

    municipality: str
    versions: list[FlextensiePolicyVersion]


class ClientDetails(ApiModel):
    """The client (opdrachtgever) as buyer on the e-invoice: what EN 16931 and NLCIUS ask of a buyer.

    EN 16931 BR-10/BR-11: a postal address with a country. NLCIUS, for a Dutch buyer: street, city and
    postcode (BR-NL-4) and a legal registration that is a KvK number or an OIN (BR-NL-10).
    """

    country_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        default="NL", description="Land van de opdrachtgever (ISO 3166-1 alpha-2), bijv. NL."
    )
    oin: Oin | None = Field(
        default=None,
        description="Organisatie-identificatienummer (20 cijfers) als de opdrachtgever een overheid is.",
    )
    kvk_number: KvkNumber | None = Field(
        default=None,
        description="KvK-nummer (8 cijfers); voor een Nederlandse opdrachtgever dit of het OIN.",
    )
    vat_number: Annotated[str, StringConstraints(max_length=14)] | None = Field(
        default=None,
        description="Btw-identificatienummer van de opdrachtgever, als bekend (bijv. NL001234567B01).",
    )
    street: Text200 = Field(description="Straat en huisnummer (of postbus).")
    postal_code: PostalZone = Field(description="Postcode; in Nederland bijv. 3011 AD.")
    city: Text200

    @field_validator("postal_code")
    @classmethod
    def _dutch_postcode_in_the_netherlands(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("country_code", "NL") != "NL":
            return value
        match = _DUTCH_POSTCODE.fullmatch(value.upper())
        if match is None:
            raise ValueError("een Nederlandse postcode is vier cijfers en twee letters, bijv. 3011 AD")
        return f"{match[1]} {match[2]}"

    @field_validator("vat_number")
    @classmethod
    def _vat_number_with_country_prefix(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if _VAT_NUMBER.fullmatch(value) is None:
            raise ValueError("een btw-identificatienummer begint met de landcode, bijv. NL001234567B01")
        if value.startswith("NL") and re.fullmatch(r"NL[0-9]{9}B[0-9]{2}", value) is None:
            raise ValueError("een Nederlands btw-identificatienummer is NL, 9 cijfers, B en 2 cijfers")
        return value

    @model_validator(mode="before")
    @classmethod
    def _kvk_number_always_checked(cls, data: object) -> object:
        # A KvK number left out is checked as an explicit null, so the problem names `kvkNumber` (a
        # default is reported under the Python name, a model-level problem under no field at all).
        if isinstance(data, dict) and "kvkNumber" not in data and "kvk_number" not in data:
            return {**data, "kvkNumber": None}
        return data

    @field_validator("kvk_number")
    @classmethod
    def _one_registration(cls, value: str | None, info: ValidationInfo) -> str | None:
        # A bad OIN or country is reported on its own field and not again here.
        if "oin" not in info.data or "country_code" not in info.data:
            return value
        if value is not None and info.data["oin"] is not None:
            raise ValueError("geef het KvK-nummer of het OIN van de opdrachtgever, niet beide")
        if value is None and info.data["oin"] is None and info.data["country_code"] == "NL":
            raise ValueError("een Nederlandse opdrachtgever heeft een KvK-nummer (of als overheid een OIN)")
        return value


class PlacementStatus(StrEnum):
    """Where a placement stands."""

    ACTIVE = "actief"
    ENDED = "beeindigd"


class NewPlacement(ApiModel):
    """A placement as the consultant enters it; the premium per hour comes from the municipal policy."""

    worker_id: EntityId
    client_name: Text200 = Field(description="Naam van de opdrachtgever.")
    client_reference: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="Kenmerk van de opdrachtgever voor de factuur (bijv. inkoopnummer)."
    )
    client_details: ClientDetails | None = Field(
        default=None,
        description="KvK-nummer, adres en btw-nummer van de opdrachtgever; nodig voor de e-factuur.",
    )
    agency_id: EntityId | None = Field(
        default=None, description="Uitzendbureau of backoffice dat de urenstaten mag aanleveren."
    )
    start_date: dt.date
    planned_end_date: dt.date | None = None
    expected_hours_per_week: Hours
    hourly_tariff: Money = Field(description="Uurtarief voor de opdrachtgever, zonder btw.")
    travel_allowance_per_day: Money = Field(default=Decimal("0.00"), description="Reiskosten per werkdag.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.planned_end_date is not None and self.planned_end_date < self.start_date:
            raise ValueError("plannedEndDate ligt voor startDate")
        if not Decimal(0) < self.expected_hours_per_week <= MAX_HOURS_PER_WEEK:
            raise ValueError("expectedHoursPerWeek moet meer dan 0 en hoogstens 60 zijn (Arbeidstijdenwet)")
        return self


class PlacementEnd(ApiModel):
    """Ending a placement early: the last day worked and why (e.g. a contract offered)."""

    end_date: dt.date
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Placement(ApiModel):
    """A Flextensie placement with its limits and why they are what they are."""

    id: EntityId
    worker_id: EntityId
    client_name: str
    client_reference: str | None
    client_details: ClientDetails | None = Field(
        description="Leeg tot de consulent ze invult (PUT .../opdrachtgever); nodig voor de e-factuur."
    )
    agency_id: EntityId | None
    start_date: dt.date
    planned_end_date: dt.date | None
    max_end_date: dt.date = Field(description="Laatste dag binnen de maximale duur.")
    last_day: dt.date = Field(description="Laatste dag waarop uren kunnen worden geschreven.")
    alert_date: dt.date = Field(description="Dag waarop het signaal 'einde in zicht' afgaat.")
    expected_hours_per_week: Hours
    hourly_tariff: Money
    minimum_tariff: Money = Field(description="Minimumuurloon × (1 + opslag werkgeverslasten) bij de start.")
    premium_per_hour: Money
    travel_allowance_per_day: Money
    status: PlacementStatus
    ended_on: dt.date | None
    created_at: dt.datetime
    unconfirmed: bool
    parameters: list[ParameterRef]
    lines: list[ExplanationLine]


class DayHours(ApiModel):
    """Hours worked on one day."""

    date: dt.date
    hours: Hours

    @model_validator(mode="after")
    def _within_a_day(self) -> Self:
        if self.hours > MAX_HOURS_PER_DAY:
            raise ValueError("hoogstens 24 uur op een dag")
        return self


class ClientApproval(ApiModel):
    """The client signed the timesheet: who and on which day."""

    name: Text200 = Field(description="Naam van wie bij de opdrachtgever tekende.")
    approved_on: dt.date


def check_days_in_week(week: IsoWeek, days: list[DayHours]) -> None:
    """Raise ValueError when `days` repeat a date or leave `week`."""
    dates = [day.date for day in days]
    if len(set(dates)) != len(dates):
        raise ValueError("elke dag mag één keer voorkomen")
    if any(not week.monday <= day <= week.sunday for day in dates):
        raise ValueError("elke dag moet in de week van de urenstaat liggen")


class TimesheetEntry(ApiModel):
    """A week's hours as the consultant enters them (the week is in the path)."""

    days: list[DayHours] = Field(min_length=1, max_length=7)
    client_approval: ClientApproval | None = None


class TimesheetStatus(StrEnum):
    """A timesheet is submitted, then approved by the client; approved hours count."""

    SUBMITTED = "ingediend"
    APPROVED = "goedgekeurd"


class TimesheetSource(StrEnum):
    """Who entered the timesheet."""

    CONSULTANT = "consulent"
    AGENCY = "aanlevering"


class Timesheet(ApiModel):
    """An urenstaat: one placement's hours in one ISO week."""

    id: EntityId
    placement_id: EntityId
    week: IsoWeek
    version: int = Field(ge=1, description="Hoger dan 1 als een niet goedgekeurde versie is vervangen.")
    days: list[DayHours]
    hours: Hours
    status: TimesheetStatus
    source: TimesheetSource
    recorded_at: dt.datetime
    approval: ClientApproval | None


class TimesheetPush(ApiModel):
    """One timesheet as an agency or back office sends it through the gateway."""

    timesheet_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:/-]{1,64}$")] = Field(
        description="Eigen kenmerk van de urenstaat bij de afzender."
    )
    placement_id: EntityId
    bsn: Bsn = Field(description="BSN van de werkende: moet bij de plaatsing horen.")
    week: IsoWeek
    days: list[DayHours] = Field(min_length=1, max_length=7)
    client_approval: ClientApproval | None = None

    @model_validator(mode="after")
    def _days_in_week(self) -> Self:
        check_days_in_week(self.week, self.days)
        return self


class TimesheetBatch(ApiModel):
    """A message of timesheets (the plaintext inside the JWS in JWE)."""

    message_id: Annotated[str, StringConstraints(min_length=8, max_length=128, pattern=PLAIN_TEXT)]
    created_at: dt.datetime
    timesheets: list[TimesheetPush] = Field(min_length=1)


class PremiumEntryKind(StrEnum):
    """An accrual for hours worked, or a payout."""

    ACCRUAL = "opbouw"
    PAYOUT = "uitbetaling"


class PremiumEntry(ApiModel):
    """One line of the premium ledger."""

    id: EntityId
    kind: PremiumEntryKind
    date: dt.date = Field(description="Opbouw: laatste gewerkte dag van het deel; uitbetaling: betaaldag.")
    month: Month
    placement_id: EntityId | None
    week: IsoWeek | None
    hours: Hours | None
    amount: Money
    lines: list[ExplanationLine]


class PayoutStatus(StrEnum):
    """A payout moment is planned by the consultant, then paid."""

    PLANNED = "gepland"
    PAID = "uitbetaald"


class NewPayout(ApiModel):
    """A payout moment the consultant sets."""

    date: dt.date


class PremiumPayout(ApiModel):
    """A payout moment: planned (with the amount it would pay now) or paid (with the amount paid)."""

    id: EntityId
    date: dt.date
    status: PayoutStatus
    amount: Money = Field(description="Uitbetaald bedrag, of bij een gepland moment: het bedrag als nu.")
    lines: list[ExplanationLine]


class PremiumLedger(ApiModel):
    """A worker's premium: accrued per calendar year (capped), paid out, and still to pay."""

    worker_id: EntityId
    year: int
    cap: Money = Field(description="Wettelijk maximum per kalenderjaar (art. 31 lid 2 onder j Pw).")
    hours_in_year: Hours
    accrued_in_year: Money
    paid_in_year: Money
    balance: Money = Field(description="Opgebouwd en nog niet uitbetaald (alle jaren).")
    next_payout: PremiumPayout | None
    payouts: list[PremiumPayout]
    entries: list[PremiumEntry]
    unconfirmed: bool
    parameters: list[ParameterRef]


class InvoiceLine(ApiModel):
    """The hours of one ISO week within the invoiced month."""

    week: IsoWeek
    first_day: dt.date
    last_day: dt.date
    hours: Hours
    amount: Money


class InvoiceSettlement(ApiModel):
    """Where the invoice amount (without VAT) goes: premium + travel + back office + remainder."""

    premium: Money
    travel: Money
    travel_days: int = Field(ge=0)
    back_office: Money
    remainder: SignedMoney = Field(description="Naar de gemeente; negatief bij meer kosten dan omzet.")
    lines: list[ExplanationLine]


class Invoice(ApiModel):
    """A month's invoice to the client of one placement, and its settlement."""

    id: EntityId
    number: str
    month: Month
    issued_on: dt.date
    municipality: str = Field(description="Naam van de gemeente namens wie wordt gefactureerd.")
    placement_id: EntityId
    worker_id: EntityId
    client_name: str
    client_reference: str | None
    client_details: ClientDetails | None = Field(
        description="De opdrachtgever zoals bij het factureren bekend (anders zoals nu bij de plaatsing)."
    )
    hours: Hours
    hourly_tariff: Money
    net_amount: Money = Field(description="Uren × tarief, zonder btw.")
    vat_rate: Rate | None
    vat_amount: Money
    total: Money
    lines: list[InvoiceLine]
    explanation: list[ExplanationLine] = Field(description="Hoe het factuurbedrag tot stand kwam.")
    settlement: InvoiceSettlement
    unconfirmed: bool
    parameters: list[ParameterRef]


class IssueInvoices(ApiModel):
    """Issue the invoices of a month that has ended."""

    month: Month


class SkippedPlacement(ApiModel):
    """A placement with hours in the month whose invoice was not issued, and why."""

    placement_id: EntityId
    code: str
    reason: str


class IssuedInvoices(ApiModel):
    """The invoices issued for a month now, and the placements left for later."""

    month: Month
    issued: list[Invoice]
    skipped: list[SkippedPlacement]


class RemainderFigures(ApiModel):
    """Invoiced without VAT and where it went; netAmount = premium + travel + backOffice + remainder."""

    invoices: int = Field(ge=0)
    hours: Hours
    net_amount: Money
    premium: Money
    travel: Money
    back_office: Money
    remainder: SignedMoney


class RemainderMonth(RemainderFigures):
    """The figures of one month."""

    month: Month


class RemainderPlacement(RemainderFigures):
    """The figures of one placement over the half year."""

    placement_id: EntityId
    client_name: str


class RemainderStatement(ApiModel):
    """What Flextensie returns to the municipality over a half year (werkproces stap 7d)."""

    municipality: str
    half_year: HalfYear
    first_month: Month
    last_month: Month
    months: list[RemainderMonth]
    placements: list[RemainderPlacement]
    total: RemainderFigures
    lines: list[ExplanationLine]


class OverviewPlacement(ApiModel):
    """A placement active in the month, with its approved hours in the month."""

    placement_id: EntityId
    worker_id: EntityId
    client_name: str
    start_date: dt.date
    last_day: dt.date
    status: PlacementStatus
    hours: Hours
    unapproved_hours: Hours


class OverviewWorker(ApiModel):
    """A worker's approved hours in the month over all their placements."""

    worker_id: EntityId
    placements: int
    hours: Hours


class OverviewClient(ApiModel):
    """A client's approved hours in the month: for watching displacement of regular work."""

    client_name: str
    placements: int
    workers: int
    hours: Hours


class MonthOverview(ApiModel):
    """The monthly overview of active placements and hours (werkproces stap 8)."""

    month: Month
    hours: Hours
    placements: list[OverviewPlacement]
    workers: list[OverviewWorker]
    clients: list[OverviewClient]


class MyPlacement(ApiModel):
    """One of my placements, as the worker sees it."""

    placement_id: EntityId
    client_name: str
    start_date: dt.date
    last_day: dt.date
    status: PlacementStatus
    hours: Hours = Field(description="Goedgekeurde uren in deze plaatsing.")


class MyFlextensie(ApiModel):
    """What the worker sees: hours, premium this year, what is still to be paid, and when."""

    year: int
    hours_in_year: Hours
    premium_accrued_in_year: Money
    premium_cap: Money
    paid_in_year: Money
    balance: Money = Field(description="Opgebouwde premie die nog niet is uitbetaald.")
    next_payout: PremiumPayout | None
    placements: list[MyPlacement]
    unconfirmed: bool


EXPORTED_MODELS = (
    FlextensiePolicyVersion,
    NewPlacement,
    ClientDetails,
    Placement,
    Timesheet,
    TimesheetBatch,
    PremiumLedger,
    Invoice,
    RemainderStatement,
    MonthOverview,
    MyFlextensie,
)
