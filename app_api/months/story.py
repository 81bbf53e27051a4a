"""The worker's month in one story: what they earned, what the benefit adds, what is paid when, and what
is kept back to set off an earlier overpayment, per month it came from and until when.

Every amount comes from the engine's stored figures. Which earlier overpayment this month's set-off
took from is decided by the engine's own rule (oldest first, art. 58 lid 4 Participatiewet), applied to
what the month before left open; when that does not add up to the month's set-off (a month recomputed
since), the set-off is told as one amount without its months.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field
from sqlalchemy.orm import Session

from app_api.auth.principal import WorkerPrincipal
from app_api.months.service import MonthNotFound, settlement
from gateway.engine import rounding
from gateway.engine.inputs import Overpayment
from gateway.engine.rules import verrekening
from gateway.store import settlements
from gateway.store.sealing import Sealer
from schemas.base import ApiModel
from schemas.figures import MonthSettlement, ResultKind
from schemas.money import Money, SignedMoney
from schemas.periods import Month


class SetOff(ApiModel):
    """Part of an overpayment of an earlier month that this month's payout is set off against."""

    month: Month = Field(description="De maand waarin te veel werd betaald.")
    overpaid: Money | None = Field(description="Hoeveel er in die maand te veel werd betaald.")
    earlier: Money = Field(description="Daarvan al ingehouden vóór deze maand.")
    now: Money = Field(description="Deze maand ingehouden.")
    later: Money = Field(description="Na deze maand nog in te houden.")
    until: Month | None = Field(
        description="Uiterlijk in deze maand is de rest ingehouden; leeg als er niets rest."
    )


class MonthStory(ApiModel):
    """The figures of the worker's month that the top card of their page tells, in the order it tells them."""

    month: Month
    kind: ResultKind
    running: bool = Field(description="Waar zolang de maand nog loopt (vandaag valt erin).")
    complete: bool = Field(description="Waar als de maand voorbij is en er geen loonstrook ontbreekt.")
    earned: Money = Field(description="Netto verdiend in de maand tot nu toe (de werkende zelf).")
    exit_income: Money = Field(description="Netto maandinkomen waarbij geen bijstand meer nodig is.")
    payout: Money = Field(description="Bijstand over de maand.")
    advance: Money = Field(description="Al betaald als voorschot.")
    corrections: SignedMoney | None = Field(description="Correcties van eerdere, goedgekeurde maanden.")
    difference: SignedMoney | None = Field(description="Bijstand + correcties − voorschot.")
    set_off: Money = Field(description="Ingehouden voor eerder te veel betaalde bijstand.")
    set_offs: list[SetOff] = Field(description="Dezelfde inhouding per maand waarin te veel werd betaald.")
    to_pay: Money = Field(description="Wat nog wordt betaald op de betaaldatum.")
    payout_date: dt.date
    overpaid: Money = Field(description="Deze maand te veel betaald (voorschot hoger dan de bijstand).")
    overpaid_until: Month | None = Field(description="Uiterlijk in deze maand is dat ingehouden.")
    not_offset: Money = Field(description="Niet binnen de termijn ingehouden: de gemeente beslist.")


def _set_offs(*, session: Session, sealer: Sealer, worker_id: str, figures: MonthSettlement) -> list[SetOff]:
    offset = figures.offset or rounding.ZERO
    if not offset or figures.difference is None:
        return []
    before_row = settlements.latest_month_settlement(
        session=session, worker_id=worker_id, month=figures.month.shift(-1)
    )
    if before_row is None:
        return []
    open_before = tuple(
        Overpayment(item.month, item.amount, item.last_month)
        for item in settlement(sealer=sealer, row=before_row).carry_forward
    )
    carry = verrekening.te_veel_betaald(
        difference=figures.difference, month=figures.month, open_items=open_before, offset_months=0
    )
    if sum((take for _, take in carry.offsets), rounding.ZERO) != offset:
        return []
    left = {item.month: item for item in figures.carry_forward}
    result = []
    for item, take in carry.offsets:
        origin = settlements.latest_month_settlement(session=session, worker_id=worker_id, month=item.month)
        overpaid = None if origin is None else settlement(sealer=sealer, row=origin).overpaid
        still = left.get(item.month)
        result.append(
            SetOff(
                month=item.month,
                overpaid=overpaid,
                earlier=max(rounding.ZERO, (overpaid or item.amount) - item.amount),
                now=take,
                later=rounding.ZERO if still is None else still.amount,
                until=None if still is None else still.last_month,
            )
        )
    return result


def own_story(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, month: Month, today: dt.date
) -> MonthStory:
    """The signed-in worker's month as the top card of their page tells it."""
    row = settlements.latest_month_settlement(session=session, worker_id=principal.worker_id, month=month)
    if row is None:
        raise MonthNotFound()
    figures = settlement(sealer=sealer, row=row)
    own = next((item for item in figures.carry_forward if item.month == month), None)
    zero = rounding.ZERO
    return MonthStory(
        month=month,
        kind=figures.kind,
        running=month.first_day <= today <= month.last_day,
        complete=figures.complete,
        earned=figures.remaining.income,
        exit_income=figures.remaining.exit_income,
        payout=figures.payout,
        advance=figures.advance,
        corrections=figures.corrections_total,
        difference=figures.difference,
        set_off=figures.offset or zero,
        set_offs=_set_offs(session=session, sealer=sealer, worker_id=principal.worker_id, figures=figures),
        to_pay=figures.to_pay or zero,
        payout_date=figures.payout_date,
        overpaid=figures.overpaid or zero,
        overpaid_until=None if own is None else own.last_month,
        not_offset=figures.not_offset or zero,
    )
