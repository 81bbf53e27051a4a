"""Enrollments as the worker and the consultant see and record them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from app_api.access import ID_PATTERN
from schemas.base import ApiModel


class EnrollmentView(ApiModel):
    """The worker works through this agency from `validFrom` to `validTo` (open when empty)."""

    id: str
    agency_id: str
    agency_name: str
    valid_from: dt.date
    valid_to: dt.date | None


class NewEnrollment(ApiModel):
    """Enrol the worker with an agency from a date (to a date); the agency may push for them from then."""

    agency_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    valid_from: dt.date
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("validTo ligt voor validFrom")
        return self


class EnrollmentEnd(ApiModel):
    """End an enrollment: `validTo` is the last day it counts."""

    valid_to: dt.date = Field(description="Laatste dag van de inschrijving.")
