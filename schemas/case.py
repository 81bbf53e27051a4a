"""The case file of `loonbrug calc` and the municipal policy the engine follows.

A case file holds everything one calculation needs: the benefit case (household, birth dates, granted
disregards, advances), the enrollments with agencies, the pay records with where they came from, the
municipality's policy, the settlements already approved, and the months to settle as of a given day.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from schemas.base import ApiModel
from schemas.benefit_case import BenefitCase, Person
from schemas.figures import AttributionRule, CarryForwardItem, HolidayPayTreatment, MonthSettlement
from schemas.identifiers import Bsn
from schemas.money import ZERO, SignedMoney
from schemas.pay_record import PayRecord
from schemas.periods import Month
from schemas.self_employed import BusinessCost, BusinessInvoice, SelfEmployedPolicy

AgencyCode = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]


class MunicipalPolicy(ApiModel):
    """The choices the law leaves to the municipality; the engine names them in its explanations."""

    attribution: AttributionRule = Field(
        description="Toerekening van inkomen aan maanden: naar werkdagen, kalenderdagen of betaaldatum."
    )
    holiday_pay: HolidayPayTreatment = Field(description="Wat er gebeurt met uitbetaald vakantiegeld.")
    balans_opt_in: Month | None = Field(
        description="Eerste maand waarin de gemeente art. 34a (Participatiewet in balans) al toepast."
    )
    payout_day: int = Field(
        ge=1, le=28, description="Dag van de volgende maand waarop de bijstand over een maand wordt betaald."
    )
    holiday_allowance_payout_month: int = Field(
        ge=1, le=12, description="Maand waarin de gereserveerde vakantietoeslag wordt uitbetaald."
    )
    four_eyes: bool = Field(description="Goedkeuren van een maandverrekening vraagt een tweede persoon.")
    hold_until_complete: bool = Field(
        default=True,
        description=(
            "Betaling van een maand met een uitstroomsignaal, of van de laatste maand, wacht tot de"
            " loongegevens compleet zijn of de termijn verstrijkt."
        ),
    )
    hold_working_days: int = Field(
        default=10,
        ge=0,
        le=40,
        description="Zoveel werkdagen na het eind van de maand wordt een vastgehouden betaling vrijgegeven.",
    )
    bufferbudget_from: Month | None = Field(
        default=None,
        description="Eerste maand waarin de gemeente het bufferbudget (art. 34b) inzet; leeg: niet.",
    )
    self_employed: SelfEmployedPolicy = Field(
        default_factory=SelfEmployedPolicy,
        description="Hoe inkomsten uit eigen onderneming (facturen en kosten) worden vastgesteld.",
    )


class CaseEnrollment(ApiModel):
    """A person works through an agency from a date (to a date)."""

    agency: AgencyCode
    person: Person = Person.CLAIMANT
    valid_from: dt.date
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("validTo ligt voor validFrom")
        return self


class CaseRecord(ApiModel):
    """A pay record with where it came from: the agency and its version in the pay ledger."""

    agency: AgencyCode
    version: int = Field(default=1, ge=1, description="Versie in het loonstrokenregister (1 = eerste).")
    record: PayRecord


class CaseInvoice(ApiModel):
    """An invoice of the worker's own business with its version in the invoice register."""

    version: int = Field(default=1, ge=1, description="Versie in het facturenregister (1 = eerste).")
    invoice: BusinessInvoice


class CaseCost(ApiModel):
    """A business cost with its version in the register."""

    version: int = Field(default=1, ge=1, description="Versie in het kostenregister (1 = eerste).")
    cost: BusinessCost


class OpeningBalance(ApiModel):
    """The ledger before the first month to settle, when no approved settlement precedes it."""

    holiday_allowance_balance: SignedMoney = ZERO
    carry_forward: list[CarryForwardItem] = Field(default_factory=list)


class CaseFile(ApiModel):
    """Everything `loonbrug calc` needs for one worker."""

    as_of: dt.date = Field(description="Peildatum: de dag waarop wordt gerekend; later ontbreekt niets.")
    first_month: Month
    last_month: Month
    claimant_bsn: Bsn
    partner_bsn: Bsn | None = None
    case: BenefitCase
    enrollments: list[CaseEnrollment] = Field(default_factory=list)
    records: list[CaseRecord] = Field(default_factory=list)
    invoices: list[CaseInvoice] = Field(
        default_factory=list, description="Facturen uit eigen onderneming (alle versies)."
    )
    costs: list[CaseCost] = Field(
        default_factory=list, description="Bedrijfskosten van de eigen onderneming (alle versies)."
    )
    policy: MunicipalPolicy | None = Field(
        default=None, description="Gemeentelijk beleid; zonder dit veld het standaardbeleid."
    )
    approved: list[MonthSettlement] = Field(
        default_factory=list, description="Eerder goedgekeurde maandverrekeningen."
    )
    opening: OpeningBalance | None = None
    weeks: bool = Field(default=True, description="Ook weekcijfers berekenen.")

    @model_validator(mode="after")
    def _months_in_order(self) -> Self:
        if self.last_month < self.first_month:
            raise ValueError("lastMonth ligt voor firstMonth")
        return self


EXPORTED_MODELS = (CaseFile, MunicipalPolicy)
