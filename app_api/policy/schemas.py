"""The policy as the administrator reads and writes it."""

from __future__ import annotations

from pydantic import Field

from schemas.base import ApiModel
from schemas.case import MunicipalPolicy
from schemas.figures import AttributionRule, HolidayPayTreatment
from schemas.periods import Month


class PolicyView(ApiModel):
    """The policy in force for the municipality, and which values it chose itself."""

    municipality: str = Field(description="CBS-code van de gemeente.")
    policy: MunicipalPolicy
    chosen: list[str] = Field(description="Velden die de gemeente zelf koos; de rest is de standaard.")


class PolicyChange(ApiModel):
    """The policy values to change; a field left out stays as it is, `null` clears an opt-in."""

    attribution: AttributionRule | None = None
    holiday_pay: HolidayPayTreatment | None = None
    balans_opt_in: Month | None = None
    payout_day: int | None = Field(default=None, ge=1, le=28)
    holiday_allowance_payout_month: int | None = Field(default=None, ge=1, le=12)
    four_eyes: bool | None = None
    hold_until_complete: bool | None = None
    hold_working_days: int | None = Field(default=None, ge=0, le=40)
    bufferbudget_from: Month | None = None
