"""A proposed month in the team lead's review queue."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel
from schemas.figures import ResultKind
from schemas.money import Money, SignedMoney
from schemas.periods import Month


class ReviewItem(ApiModel):
    """One month waiting for approval: whose, the figures to check, who proposed it and when."""

    worker_id: str
    name: str
    month: Month
    version: int = Field(ge=1)
    kind: ResultKind
    payout: Money
    difference: SignedMoney | None = Field(description="Uitbetaling + correcties − voorschot.")
    proposed_by_name: str = Field(description="Naam van wie de maand voorstelde.")
    proposed_at: dt.datetime | None
    may_approve: bool = Field(
        description="Onwaar als u deze maand zelf voorstelde en de gemeente met vier ogen werkt."
    )
