"""The caseload, a worker's overview and a new worker, as the app API shows and takes them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from app_api.access import ID_PATTERN
from app_api.months.schemas import Status
from app_api.signals.schemas import SignalView
from schemas.base import ApiModel
from schemas.figures import ResultKind
from schemas.identifiers import Bsn
from schemas.money import Money, SignedMoney
from schemas.periods import Month


class ToDoAction(StrEnum):
    """Something to do for a worker."""

    PROPOSE = "voorstellen"
    """A complete month in concept: check it and propose it."""
    APPROVE = "goedkeuren"
    """A proposed month that you may approve."""
    ASK_AGENCY = "loonstrook_opvragen"
    """Missing pay slips the agency was not asked for yet."""
    REVIEW_SIGNALS = "signalen_bekijken"
    """Other signals that want a decision."""


class ToDo(ApiModel):
    """One thing to do: for a month, or for a number of signals."""

    action: ToDoAction
    month: Month | None = None
    count: int | None = Field(default=None, ge=1)


class CaseloadMonth(ApiModel):
    """The worker's newest month at a glance."""

    month: Month
    status: Status
    kind: ResultKind
    complete: bool
    running: bool = Field(description="Waar zolang de maand nog loopt (vandaag valt erin).")
    income: Money = Field(description="Tot nu toe verdiend (meetellend netto inkomen).")
    payout: Money
    difference: SignedMoney | None = Field(description="Uitbetaling + correcties − voorschot.")


class CaseloadEntry(ApiModel):
    """One worker in the caseload: the newest month, open signals and what needs doing."""

    worker_id: str
    name: str
    consultant_id: str | None
    month: CaseloadMonth | None = Field(description="De nieuwste maand; leeg als er nog niets berekend is.")
    open_signals: list[SignalView]
    to_do: list[ToDo] = Field(description="Wat er te doen is, het dringendste eerst.")


class WorkerView(ApiModel):
    """A worker's overview for staff (the BSN is not shown; it is only used for matching)."""

    id: str
    name: str
    birth_date: dt.date
    consultant_id: str | None
    registered_at: dt.datetime
    open_signals: list[SignalView]


class NewWorker(ApiModel):
    """Register a worker with a benefit in the municipality."""

    bsn: Bsn
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    birth_date: dt.date
    consultant_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None
