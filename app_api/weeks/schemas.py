"""Week figures as the app API shows them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from app_api.payslips.schemas import PaySlip
from schemas.base import ApiModel
from schemas.figures import RemainingToExit, WeekFigures
from schemas.money import Hours, Money, SignedMoney
from schemas.periods import IsoWeek, Month


class StoredHeadline(BaseModel):
    """The fields of a stored `WeekFigures` document that a list shows.

    A page of twenty weeks would otherwise validate twenty full documents with their explanation lines
    and parameters, hundreds of amounts; here the rest is skipped. The amounts are plain Decimals: the
    recompute job wrote them through the contract's Money type, so their form is already checked.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True)

    week: IsoWeek
    month: Month
    hours: Decimal
    gross: Decimal
    net: Decimal
    payout: Decimal
    expected_difference: Decimal
    payout_date: dt.date
    missing: list[object]
    unconfirmed: bool


class WeekSummary(ApiModel):
    """One week in a list: what was earned and where the month stands."""

    week: IsoWeek
    month: Month
    version: int = Field(
        ge=1, description="Versie van de berekening; een nieuwe loonstrook geeft een nieuwe."
    )
    computed_at: dt.datetime
    hours: Hours
    gross: Money
    net: Money
    payout: Money = Field(description="Uitbetaling over de maand als er niets meer bij komt.")
    expected_difference: SignedMoney
    payout_date: dt.date
    missing_periods: int = Field(ge=0, description="Aantal perioden zonder loonstrook.")
    missing_from: dt.date | None = Field(
        description="De dag vanaf wanneer een loonstrook van deze week echt ontbreekt: het einde van de "
        "periode plus de wachttijd waarin het uitzendbureau die nog stuurt. Leeg als er niets ontbreekt. "
        "Daarvoor is de loonstrook nog niet binnen, maar ook nog niet te laat."
    )
    missing_late: bool = Field(
        default=False, description="Waar als vandaag een loonstrook van deze week ontbreekt (na missingFrom)."
    )
    running: bool = Field(default=False, description="Waar zolang de week nog loopt (vandaag valt erin).")
    unconfirmed: bool


class WeekDetail(ApiModel):
    """One week with its explanation and the pay records it came from."""

    version: int = Field(ge=1)
    computed_at: dt.datetime
    figures: WeekFigures
    pay_slips: list[PaySlip] = Field(description="De loonstrookversies waarop deze cijfers berusten.")
    running: bool = Field(description="Waar zolang de week nog loopt (vandaag valt erin).")
    missing_from: dt.date | None = Field(
        description="De dag vanaf wanneer een loonstrook van deze week echt ontbreekt (zie de weken-lijst)."
    )
    missing_late: bool = Field(description="Waar als vandaag een loonstrook van deze week ontbreekt.")


class RemainingNow(ApiModel):
    """How much more to earn to leave the benefit, from the latest computed week."""

    week: IsoWeek = Field(description="De week waarop dit berust.")
    month: Month
    computed_at: dt.datetime
    remaining: RemainingToExit
    unconfirmed: bool = Field(description="Waar als een gebruikte parameterwaarde niet bevestigd is.")
