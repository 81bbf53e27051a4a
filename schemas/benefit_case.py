"""The benefit case of a worker: household facts, granted disregards and advances (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from itertools import pairwise
from typing import Self

from pydantic import Field, model_validator

from schemas.base import ApiModel
from schemas.money import Money
from schemas.periods import Month


class HouseholdType(StrEnum):
    """Household type for the norm (Participatiewet art. 20-23)."""

    SINGLE = "alleenstaand"
    SINGLE_PARENT = "alleenstaande_ouder"
    COUPLE = "gehuwd_samenwonend"


class Person(StrEnum):
    """Whose income or disregard it is: the claimant or the claimant's partner (a couple's norm)."""

    CLAIMANT = "aanvrager"
    PARTNER = "partner"


class DisregardKind(StrEnum):
    """The income disregards (vrijlatingen) of art. 31 lid 2 and art. 34a Pw."""

    N = "n"
    """25% of income from work for at most 6 months (art. 31 lid 2 n)."""
    R = "r"
    """12.5% for a single parent with a child under 12, after n (art. 31 lid 2 r)."""
    Y = "y"
    """15% for the medically limited in hours (art. 31 lid 2 y)."""
    BALANS = "art34a"
    """Participatiewet in balans: 15% for 12 months (art. 34a)."""


class HouseholdPeriod(ApiModel):
    """Household facts valid from a date (to a date); a change is a new period, never an edit."""

    valid_from: dt.date
    valid_to: dt.date | None = None
    household_type: HouseholdType
    partner_birth_date: dt.date | None = Field(default=None, description="Geboortedatum van de partner.")
    youngest_child_birth_date: dt.date | None = None
    cost_sharers: int = Field(
        default=0,
        ge=0,
        le=20,
        description="Aantal kostendelende medebewoners van 27 jaar of ouder (art. 22a).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("validTo ligt voor validFrom")
        if self.household_type is HouseholdType.COUPLE and self.partner_birth_date is None:
            raise ValueError("bij gehuwd/samenwonend is partnerBirthDate verplicht")
        if self.household_type is not HouseholdType.COUPLE and self.partner_birth_date is not None:
            raise ValueError("partnerBirthDate hoort alleen bij gehuwd/samenwonend")
        return self


class DisregardGrant(ApiModel):
    """A disregard the municipality granted, from its first month."""

    kind: DisregardKind
    start_month: Month
    person: Person = Field(
        default=Person.CLAIMANT, description="Wie de vrijlating krijgt: de aanvrager of de partner."
    )
    end_month: Month | None = Field(
        default=None, description="Laatste maand als de gemeente de vrijlating eerder beëindigt."
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end_month is not None and self.end_month < self.start_month:
            raise ValueError("endMonth ligt voor startMonth")
        return self


class EndReason(StrEnum):
    """Why a benefit case ends (beëindiging)."""

    WORK = "werk"
    MOVE = "verhuizing"
    OTHER = "overig"


class CaseEnd(ApiModel):
    """The end of the benefit: the last day with a right to bijstand, and why (DESIGN §4.12)."""

    end_date: dt.date = Field(description="Laatste dag met recht op bijstand.")
    reason: EndReason = Field(description="Reden: werk, verhuizing of overig.")


class BufferUseKind(StrEnum):
    """What a use of the bufferbudget (art. 34b Pw) does."""

    ABSORB = "kwijtschelding"
    """Absorbs an overpayment caused by earnings instead of recovering it."""
    TOP_UP = "aanvulling"
    """Pays a month that fell below the norm through settlement."""


class BufferUse(ApiModel):
    """A consultant's decision to use the bufferbudget for a month (art. 34b Pw)."""

    month: Month = Field(description="De maand (of eindafrekening) waarin het bedrag wordt verwerkt.")
    kind: BufferUseKind
    amount: Money


class Advance(ApiModel):
    """The advance (voorschot) paid on the benefit for a month."""

    month: Month
    amount: Money
    paid_on: dt.date | None = None


class BenefitCase(ApiModel):
    """Everything about a worker's benefit that the engine needs besides pay records."""

    birth_date: dt.date
    benefit_start: dt.date
    household: list[HouseholdPeriod] = Field(min_length=1)
    disregards: list[DisregardGrant] = Field(default_factory=list)
    advances: list[Advance] = Field(default_factory=list)
    end: CaseEnd | None = Field(default=None, description="Einde van de bijstand, als die is beëindigd.")
    buffer_uses: list[BufferUse] = Field(
        default_factory=list, description="Besluiten om het bufferbudget (art. 34b) te gebruiken."
    )
    wage_cost_subsidy_target_group: bool = Field(
        default=False,
        description="Hoort de aanvrager bij de doelgroep loonkostensubsidie? Dan geldt de premie "
        "arbeidsinschakeling ook onder 27 jaar (art. 31 lid 5).",
    )

    @model_validator(mode="after")
    def _household_periods_do_not_overlap(self) -> Self:
        ordered = sorted(self.household, key=lambda p: p.valid_from)
        for earlier, later in pairwise(ordered):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(f"huishoudperiodes overlappen: {earlier.valid_from} en {later.valid_from}")
        return self

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end.end_date < self.benefit_start:
            raise ValueError("end.endDate ligt voor benefitStart")
        return self
