"""Household facts as the consultant reads and records them."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, model_validator

from schemas.base import ApiModel
from schemas.case_facts import CaseFacts


class FactsChange(ApiModel):
    """Facts that hold from `validFrom` (to `validTo`); they override what was recorded for those days."""

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
    facts: CaseFacts
    recording_id: str = Field(description="De vastlegging waar deze periode uit komt.")


class Household(ApiModel):
    """The household timeline of a worker, earliest period first."""

    periods: list[FactsPeriod]
