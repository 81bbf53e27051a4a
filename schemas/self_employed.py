"""Income from self-employment (rule 11): invoices and business costs, and the municipality's choices.

A person on bijstand may work part-time for their own account (a "marginal" self-employed person, not
under the Bbz). What the work brings in counts as income from work (art. 31 lid 1 and art. 32 lid 1
Participatiewet): revenue excluding VAT minus the business costs needed to earn it (CRvB 19 maart 2014,
ECLI:NL:CRVB:2014:1063), and the disregards of art. 31 lid 2 apply to it as to wages (CRvB 16 juli 2024,
ECLI:NL:CRVB:2024:1564). How costs are counted and what a month with a loss means the law leaves to the
municipality; `SelfEmployedPolicy` holds those choices as data.

Invoices and costs are versioned and never changed, like pay records: a correction is a new record whose
`corrects` names the one it replaces.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from schemas.base import ApiModel
from schemas.benefit_case import Person
from schemas.money import ZERO, Money, Rate

DocumentNumber = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
]
DocumentDate = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2099, 12, 31))]
"""A date on an invoice or receipt: far-off years are typing errors, and the months they would span must
stay few for the settlement."""
MAX_PERIOD_DAYS = 366
"""An invoice or cost covers at most a year of work or use."""
PartyName = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


class CostCategory(StrEnum):
    """Kind of business cost, for the consultant's review (the engine treats every kind alike)."""

    MATERIALS = "materiaal"
    TRAVEL = "vervoer"
    PHONE_INTERNET = "telefoon_internet"
    PREMISES = "huisvesting"
    EQUIPMENT = "gereedschap"
    INSURANCE = "verzekering"
    OTHER = "overig"


class _Period(ApiModel):
    """A span of work (or of use, for a cost): both ends or neither.

    The checks sit on the last day, so a refusal names `periodEnd` rather than the whole body."""

    period_start: DocumentDate | None = Field(
        default=None, description="Eerste dag van het werk (of van de kosten); leeg: de documentdatum."
    )
    period_end: DocumentDate | None = Field(
        default=None,
        validate_default=True,
        description="Laatste dag van het werk (of van de kosten); leeg: de documentdatum.",
    )

    @field_validator("period_end")
    @classmethod
    def _with_its_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if "period_start" not in info.data:  # the first day was refused already, and named
            return end
        start = info.data["period_start"]
        if start is None and end is not None:
            raise ValueError("geef ook de eerste dag van de periode, of laat beide dagen leeg")
        if start is not None and end is None:
            raise ValueError("geef ook de laatste dag van de periode, of laat beide dagen leeg")
        if start is not None and end is not None:
            if end < start:
                raise ValueError("de laatste dag ligt voor de eerste dag van de periode")
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise ValueError(f"een periode duurt ten hoogste {MAX_PERIOD_DAYS} dagen; splits een langere")
        return end


class BusinessInvoice(_Period):
    """One invoice of a self-employed worker. Amounts exclude VAT; the VAT is shown, never counted."""

    invoice_number: DocumentNumber = Field(description="Het factuurnummer.")
    corrects: DocumentNumber | None = Field(
        default=None, description="Het factuurnummer van de eerder ingediende factuur die deze vervangt."
    )
    person: Person = Field(default=Person.CLAIMANT, description="Wie het werk deed: aanvrager of partner.")
    invoice_date: DocumentDate = Field(description="Factuurdatum.")
    client: PartyName = Field(description="De klant (afnemer) aan wie gefactureerd is.")
    amount_excl_vat: Money = Field(description="Factuurbedrag exclusief btw.")
    vat: Money = Field(default=ZERO, description="Btw op de factuur; telt niet als inkomen.")
    paid: bool = Field(default=False, description="Of de klant de factuur al heeft betaald.")

    @field_validator("corrects")
    @classmethod
    def _own_number(cls, corrects: str | None, info: ValidationInfo) -> str | None:
        if corrects is not None and corrects == info.data.get("invoice_number"):
            raise ValueError(
                "een correctie heeft een eigen factuurnummer, anders dan de gecorrigeerde factuur"
            )
        return corrects


class BusinessCost(_Period):
    """One business cost (bedrijfskosten) of a self-employed worker, excluding VAT."""

    cost_id: DocumentNumber = Field(description="Kenmerk van de kostenpost (bonnummer of eigen nummer).")
    corrects: DocumentNumber | None = Field(
        default=None, description="Kenmerk van de eerder ingediende kostenpost die deze vervangt."
    )
    person: Person = Field(default=Person.CLAIMANT, description="Wiens onderneming de kosten maakte.")
    cost_date: DocumentDate = Field(description="Datum van de bon of de betaling.")
    amount_excl_vat: Money = Field(description="Bedrag exclusief btw.")
    category: CostCategory = Field(description="Soort kosten.")
    invoice_number: DocumentNumber | None = Field(
        default=None,
        description="De factuur waarvoor deze kosten zijn gemaakt, als ze bij één factuur horen.",
    )

    @field_validator("corrects")
    @classmethod
    def _own_id(cls, corrects: str | None, info: ValidationInfo) -> str | None:
        if corrects is not None and corrects == info.data.get("cost_id"):
            raise ValueError("een correctie heeft een eigen kenmerk, anders dan de gecorrigeerde kostenpost")
        return corrects


class CostRule(StrEnum):
    """Which business costs are deducted from revenue (a municipal choice; CRvB 2014:1063, 2024:1564)."""

    ACTUAL = "werkelijk"
    """The costs the worker submits (with receipts) that were needed to earn the revenue."""
    FLAT_RATE = "forfaitair"
    """A flat percentage of the revenue, whatever was spent."""
    NONE = "geen"
    """No costs: the whole revenue counts (allowed by CRvB 2024:1564 for small activities)."""


class CostAttribution(StrEnum):
    """To which month a cost belongs."""

    WITH_INVOICE = "per_factuur"
    """A cost that names an invoice follows that invoice's months; other costs their own period."""
    OWN_PERIOD = "per_maand"
    """Every cost counts in the months of its own period (or its date)."""


class LossRule(StrEnum):
    """What a month in which costs exceed revenue means."""

    ZERO = "nul"
    """The self-employed income of that month is € 0; the loss does not reduce other income."""
    SET_AGAINST_WAGES = "met_loon"
    """The loss reduces the same person's wages of that month, not below € 0."""


class UnpaidRule(StrEnum):
    """When an invoice counts."""

    WHEN_INVOICED = "bij_factuur"
    """From the invoice: what was invoiced counts in the months of the work, paid or not, so that no
    advance is paid too much; an invoice that is never paid is corrected to € 0."""
    WHEN_PAID = "bij_betaling"
    """Only once paid (a new version with `paid`), still in the months of the work."""


class SelfEmployedPolicy(ApiModel):
    """How the municipality values income from self-employment."""

    costs: CostRule = Field(default=CostRule.ACTUAL, description="Welke bedrijfskosten worden afgetrokken.")
    flat_rate: Rate | None = Field(
        default=None,
        description="Forfaitaire kosten als deel van de omzet (0.30 = 30%); alleen bij costs 'forfaitair'.",
    )
    cost_attribution: CostAttribution = Field(
        default=CostAttribution.WITH_INVOICE, description="Aan welke maand kosten worden toegerekend."
    )
    loss: LossRule = Field(default=LossRule.ZERO, description="Wat een maand met verlies betekent.")
    unpaid: UnpaidRule = Field(default=UnpaidRule.WHEN_INVOICED, description="Wanneer een factuur meetelt.")

    @model_validator(mode="after")
    def _rate_with_flat_costs(self) -> Self:
        if self.costs is CostRule.FLAT_RATE and self.flat_rate is None:
            raise ValueError("flatRate is nodig als costs 'forfaitair' is")
        if self.costs is not CostRule.FLAT_RATE and self.flat_rate is not None:
            raise ValueError("flatRate geldt alleen als costs 'forfaitair' is")
        return self


EXPORTED_MODELS = (BusinessInvoice, BusinessCost, SelfEmployedPolicy)
