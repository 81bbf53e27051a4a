"""Household facts as the consultant reads and records them.

The partner's BSN is accepted in a change (`facts.partnerBsn`) but never shown again: a period shows
only whether a partner is linked and, when the partner is a worker of the municipality, their worker id.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, model_validator

from schemas.base import ApiModel
from schemas.case_facts import CaseFacts, HouseholdFacts


class FactsChange(ApiModel):
    """Facts that hold from `validFrom` (to `validTo`); they override what was recorded for those days.

    `facts.partnerBsn` left out of a change to a couple keeps the partner linked on `validFrom` (when
    the partner's birth date is the same), so a client that does not know the partner cannot unlink
    them by accident; `null` records the couple without a linked partner.
    """

    valid_from: dt.date
    valid_to: dt.date | None = None
    facts: CaseFacts

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("validTo ligt voor validFrom")
        return self


class FactsPeriod(ApiModel):
    """The facts that hold over one period of the timeline."""

    valid_from: dt.date
    valid_to: dt.date | None
    facts: HouseholdFacts
    partner_linked: bool = Field(description="Of voor deze periode het BSN van een partner is vastgelegd.")
    partner_worker_id: str | None = Field(
        description="De partner als werkende van de gemeente; leeg als die (nog) niet geregistreerd is."
    )
    recording_id: str = Field(description="De vastlegging waar deze periode uit komt.")


class Household(ApiModel):
    """The household timeline of a worker, earliest period first."""

    periods: list[FactsPeriod]
