"""What a consultant records about a benefit case for a period: one complete snapshot per change."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, model_validator

from schemas.base import ApiModel
from schemas.benefit_case import DisregardGrant, HouseholdType
from schemas.identifiers import Bsn


class HouseholdFacts(ApiModel):
    """The benefit-case facts of one period as staff read them back: everything but the partner's BSN."""

    benefit_start: dt.date = Field(description="Ingangsdatum van de bijstandsuitkering.")
    household_type: HouseholdType
    partner_birth_date: dt.date | None = None
    youngest_child_birth_date: dt.date | None = None
    cost_sharers: int = Field(default=0, ge=0, le=20, description="Kostendelers van 27 jaar of ouder.")
    disregards: list[DisregardGrant] = Field(default_factory=list)
    wage_cost_subsidy_target_group: bool = Field(
        default=False,
        description="Doelgroep loonkostensubsidie: de premie arbeidsinschakeling geldt dan ook onder 27 jaar "
        "(art. 31 lid 5).",
    )


class CaseFacts(HouseholdFacts):
    """The benefit-case facts valid over one period (stored encrypted, one row per change).

    Household facts hold for the row's validity period; `benefitStart`, `disregards` and
    `wageCostSubsidyTargetGroup` are decisions about the whole case, so the most recently recorded
    snapshot's values count. `partnerBsn` links the partner of a couple period, whose pay records then
    count against the couple norm; it stays inside the encrypted facts (its blind index is what the
    store keeps for lookups).
    """

    partner_bsn: Bsn | None = Field(
        default=None,
        description="BSN van de partner (alleen bij gehuwd/samenwonend); wordt nooit teruggegeven.",
    )

    @model_validator(mode="after")
    def _partner_only_for_a_couple(self) -> Self:
        if self.partner_bsn is not None and self.household_type is not HouseholdType.COUPLE:
            # The value is not named: a BSN never goes into an error message.
            raise ValueError("partnerBsn hoort alleen bij gehuwd/samenwonend")
        return self
