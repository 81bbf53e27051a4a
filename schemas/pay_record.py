"""Pay records (loonstroken) as agencies send them, and the batch that carries them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from schemas.base import ApiModel
from schemas.identifiers import Bsn
from schemas.money import ZERO, Hours, Money
from schemas.periods import Month
from schemas.text import PLAIN_TEXT

RecordId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")]


class PeriodType(StrEnum):
    """How long a pay period is (loontijdvak)."""

    WEEK = "week"
    FOUR_WEEKS = "vierweken"
    MONTH = "maand"


class PayRecord(ApiModel):
    """One pay period of one worker at one agency (loonstrook), DESIGN §3.

    Records are never changed after they are accepted: a correction is a new record whose `corrects` names
    the `recordId` it replaces.
    """

    record_id: RecordId = Field(description="Het kenmerk van deze loonstrook bij het uitzendbureau.")
    corrects: RecordId | None = Field(
        default=None, description="Het kenmerk van de eerder gestuurde loonstrook die deze corrigeert."
    )
    bsn: Bsn = Field(description="BSN van de flexwerker.")
    period_type: PeriodType = Field(description="Loontijdvak: week, vierweken of maand.")
    period_start: dt.date = Field(description="Eerste dag van het loontijdvak.")
    period_end: dt.date = Field(description="Laatste dag van het loontijdvak.")
    pay_date: dt.date = Field(description="Datum waarop het loon is of wordt betaald.")
    period_number: int | None = Field(default=None, ge=1, le=53, description="Periodenummer in het jaar.")
    hours: Hours = Field(description="Gewerkte uren in het tijdvak.")
    gross_wage: Money = Field(description="Brutoloon (inclusief uitbetaalde vakantiegeld en reserveringen).")
    wage_tax: Money = Field(default=ZERO, description="Ingehouden loonheffing.")
    employee_premiums: Money = Field(
        default=ZERO, description="Ingehouden werknemerspremies en pensioenpremie (art. 31 lid 3 Pw)."
    )
    net_wage: Money = Field(
        description=(
            "Nettoloon dat aan de flexwerker is betaald, inclusief uitbetaald netto vakantiegeld en "
            "uitbetaalde reserveringen (die staan daarnaast apart in holidayPayPaid en reservesPaid)."
        )
    )
    holiday_pay_accrued: Money = Field(default=ZERO, description="Opgebouwd vakantiegeld (bruto).")
    holiday_pay_paid: Money = Field(default=ZERO, description="Uitbetaald vakantiegeld (netto).")
    reserves_paid: Money = Field(
        default=ZERO,
        description="Uitbetaalde reserveringen: vakantiedagen, feestdagen, kort verzuim (netto).",
    )
    untaxed_allowances: Money = Field(
        default=ZERO, description="Onbelaste vergoedingen zoals reiskosten; tellen niet als inkomen."
    )
    ytd_gross: Money | None = Field(default=None, description="Cumulatief brutoloon dit jaar.")
    ytd_net: Money | None = Field(default=None, description="Cumulatief nettoloon dit jaar.")

    @field_validator("holiday_pay_paid", "reserves_paid")
    @classmethod
    def _part_of_net_wage(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        # netWage includes net holiday pay and reserves paid out, so together they cannot exceed it.
        net = info.data.get("net_wage")
        earlier_part = info.data.get("holiday_pay_paid", ZERO) if info.field_name == "reserves_paid" else ZERO
        if isinstance(net, Decimal) and isinstance(earlier_part, Decimal) and value + earlier_part > net:
            raise ValueError("is een deel van netWage en kan niet groter zijn (samen met holidayPayPaid)")
        return value

    @model_validator(mode="after")
    def _period_is_consistent(self) -> Self:
        if self.period_end < self.period_start:
            raise ValueError("periodEnd ligt voor periodStart")
        days = (self.period_end - self.period_start).days + 1
        if self.period_type is PeriodType.WEEK and days != 7:
            raise ValueError(f"een weektijdvak duurt 7 dagen, dit tijdvak {days}")
        if self.period_type is PeriodType.FOUR_WEEKS and days != 28:
            raise ValueError(f"een vierwekentijdvak duurt 28 dagen, dit tijdvak {days}")
        if self.period_type is PeriodType.MONTH:
            month = Month.of(self.period_start)
            if self.period_start != month.first_day or self.period_end != month.last_day:
                raise ValueError("een maandtijdvak loopt van de eerste tot de laatste dag van een maand")
        if self.corrects is not None and self.corrects == self.record_id:
            raise ValueError("een correctie heeft een eigen recordId, anders dan het gecorrigeerde")
        return self


class PayBatch(ApiModel):
    """What an agency pushes in one message: a message id, its creation time and the records."""

    message_id: Annotated[str, StringConstraints(min_length=8, max_length=128, pattern=PLAIN_TEXT)] = Field(
        description="Uniek kenmerk van dit bericht; een herhaald kenmerk wordt geweigerd."
    )
    created_at: dt.datetime = Field(description="Aanmaaktijd van het bericht (met tijdzone).")
    records: list[PayRecord] = Field(min_length=1, description="De loonstroken.")
