"""A request to move a month's settlement one step through the workflow."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from app_api.months.schemas import Status
from schemas.base import ApiModel


class TransitionRequest(ApiModel):
    """Move the newest version of a month to `to`; `version` is the version the consultant reviewed."""

    to: Status = Field(description="De nieuwe status.")
    version: int = Field(
        ge=1, description="De versie die beoordeeld is; is er intussen een nieuwere, dan 409."
    )
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] | None = (
        Field(default=None, description="Toelichting (wordt versleuteld bewaard).")
    )
