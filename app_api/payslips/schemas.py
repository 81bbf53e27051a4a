"""Pay records as the app API shows them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel
from schemas.money import Hours, Money
from schemas.pay_record import PeriodType


class PaySlip(ApiModel):
    """One version of a loonstrook, as the agency sent it."""

    id: str = Field(description="Id van deze versie in Loonbrug.")
    agency_id: str
    agency_name: str = Field(description="Naam van het uitzendbureau.")
    record_id: str = Field(description="Kenmerk van de loonstrook bij het uitzendbureau.")
    version: int = Field(ge=1, description="1 is de eerste versie; een correctie is de volgende.")
    current: bool = Field(description="Onwaar als een latere correctie deze versie vervangt.")
    period_type: PeriodType
    period_start: dt.date
    period_end: dt.date
    pay_date: dt.date
    hours: Hours
    gross_wage: Money
    wage_tax: Money
    employee_premiums: Money
    net_wage: Money
    holiday_pay_accrued: Money
    holiday_pay_paid: Money
    reserves_paid: Money
    untaxed_allowances: Money
    ytd_gross: Money | None
    ytd_net: Money | None
    received_at: dt.datetime
