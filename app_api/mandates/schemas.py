"""Mandates as the worker and the consultant see and record them, and the bookkeepers to choose from."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

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

    @field_validator("valid_to")
    @classmethod
    def _ends_after_start(cls, valid_to: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # On the field, not the whole body: the page says it next to the last day's input.
        valid_from = info.data.get("valid_from")
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            raise ValueError("De laatste dag ligt voor de eerste dag van de machtiging.")
        return valid_to


class MandateEnd(ApiModel):
    """End a mandate: `validTo` is the last day documents may be dated in it."""

    valid_to: dt.date = Field(ge=dt.date(2000, 1, 1), le=dt.date(2099, 12, 31), description="Laatste dag.")
