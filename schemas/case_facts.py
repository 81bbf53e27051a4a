"""What a consultant records about a benefit case for a period: one complete snapshot per change."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel
from schemas.benefit_case import DisregardGrant, HouseholdType


class CaseFacts(ApiModel):
    """The benefit-case facts valid over one period (stored encrypted, one row per change).

    Household facts hold for the row's validity period; `benefitStart` and `disregards` are decisions
    about the whole case, so the most recently recorded snapshot's values count.
    """

    benefit_start: dt.date = Field(description="Ingangsdatum van de bijstandsuitkering.")
    household_type: HouseholdType
    partner_birth_date: dt.date | None = None
    youngest_child_birth_date: dt.date | None = None
    cost_sharers: int = Field(default=0, ge=0, le=20, description="Kostendelers van 27 jaar of ouder.")
    disregards: list[DisregardGrant] = Field(default_factory=list)
