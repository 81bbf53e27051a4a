"""Month settlements and their workflow as the app API shows them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from app_api.months.sources import IncomeSources
from gateway.store.models import SettlementStatus
from schemas.base import ApiModel
from schemas.figures import HoldReason, HoldStatus, MonthSettlement, ResultKind
from schemas.money import Money, SignedMoney
from schemas.periods import Month


class Status(StrEnum):
    """Where a settlement stands: concept → voorgesteld → goedgekeurd → geexporteerd."""

    CONCEPT = "concept"
    PROPOSED = "voorgesteld"
    APPROVED = "goedgekeurd"
    EXPORTED = "geexporteerd"

    @classmethod
    def of(cls, stored: str) -> Status:
        """The public name of a stored status."""
        return _PUBLIC[SettlementStatus(stored)]

    @property
    def stored(self) -> SettlementStatus:
        """The stored status this public name stands for."""
        return _STORED[self]


_PUBLIC = {
    SettlementStatus.DRAFT: Status.CONCEPT,
    SettlementStatus.PROPOSED: Status.PROPOSED,
    SettlementStatus.APPROVED: Status.APPROVED,
    SettlementStatus.EXPORTED: Status.EXPORTED,
}
_STORED = {public: stored for stored, public in _PUBLIC.items()}


class HoldSummary(ApiModel):
    """The payout of the month waits (municipal hold policy): why, until when at the latest, and where it
    stands; the month's settlement explains it."""

    reason: HoldReason
    status: HoldStatus
    until: dt.date


class MonthSummary(ApiModel):
    """One month in a list: the payout, what is paid extra or was paid too much, and the status."""

    month: Month
    version: int = Field(ge=1)
    status: Status
    kind: ResultKind
    computed_at: dt.datetime
    complete: bool
    running: bool = Field(description="Waar zolang de maand nog loopt (vandaag valt erin).")
    payout: Money
    to_pay: Money | None = Field(description="Nabetaling.")
    overpaid: Money | None = Field(description="Te veel betaald.")
    payout_date: dt.date
    unconfirmed: bool
    hold: HoldSummary | None = Field(default=None, description="Betaling wacht op alle loonstroken.")


class Transition(ApiModel):
    """One step of a settlement through the workflow."""

    from_status: Status | None
    to_status: Status
    actor: str = Field(description="Wie de stap zette (medewerker-id of systeem).")
    actor_name: str = Field(description="Naam van wie de stap zette, of 'Loonbrug (automatisch)'.")
    at: dt.datetime
    note: str | None = None


class MonthView(ApiModel):
    """One month's settlement with its explanation lines and its status."""

    version: int = Field(ge=1)
    status: Status
    computed_at: dt.datetime
    settlement: MonthSettlement
    income_sources: list[IncomeSources] = Field(
        description="Per persoon het meetellende inkomen van de maand: loon en eigen onderneming naast"
        " elkaar."
    )


class MonthDetail(MonthView):
    """A month's settlement for staff: also the workflow steps of this version."""

    transitions: list[Transition] = Field(description="De stappen van deze versie, oudste eerst.")
    steps: list[Status] = Field(
        description="De statussen waarnaar u deze versie nu mag zetten (bijv. niet goedkeuren wat u zelf "
        "voorstelde als de gemeente met vier ogen werkt)."
    )


class MonthVersion(ApiModel):
    """One stored version of a month, for comparing what changed."""

    version: int = Field(ge=1)
    status: Status
    computed_at: dt.datetime
    kind: ResultKind
    payout: Money
    difference: SignedMoney | None = Field(description="Uitbetaling + correcties − voorschot.")
