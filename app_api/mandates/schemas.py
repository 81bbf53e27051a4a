"""Mandates as the worker and the consultant see and record them, and the bookkeepers to choose from."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from app_api.access import ID_PATTERN
from schemas.base import ApiModel


class BookkeeperView(ApiModel):
    """A registered bookkeeper (boekhouder or accounting package) a worker can give a mandate."""

    id: str
    name: str


class MandateView(ApiModel):
    """This bookkeeper may send the worker's invoices and costs from `validFrom` to `validTo`."""

    id: str
    bookkeeper_id: str
    bookkeeper_name: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="Laatste dag van de machtiging; leeg: loopt door.")
    recorded_at: dt.datetime


class NewMandate(ApiModel):
    """Give a bookkeeper a mandate from a date (to a date): it may then send documents dated in it."""

    bookkeeper_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    valid_from: dt.date = Field(ge=dt.date(2000, 1, 1), le=dt.date(2099, 12, 31))
    valid_to: dt.date | None = Field(default=None, ge=dt.date(2000, 1, 1), le=dt.date(2099, 12, 31))

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("validTo ligt voor validFrom")
        return self


class MandateEnd(ApiModel):
    """End a mandate: `validTo` is the last day documents may be dated in it."""

    valid_to: dt.date = Field(ge=dt.date(2000, 1, 1), le=dt.date(2099, 12, 31), description="Laatste dag.")
