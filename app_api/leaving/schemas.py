"""The end of a case and the bufferbudget ledger as the app API shows and takes them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel
from schemas.benefit_case import BufferUseKind, EndReason
from schemas.money import Money
from schemas.periods import Month


class EndRequest(ApiModel):
    """End the benefit: the last day with a right to bijstand and the reason."""

    end_date: dt.date = Field(description="Laatste dag met recht op bijstand.")
    reason: EndReason = Field(description="Reden: werk, verhuizing of overig.")
    note: str | None = Field(
        default=None, max_length=1000, description="Toelichting (alleen voor medewerkers)."
    )


class CaseEndView(ApiModel):
    """The end that counts now, who recorded it, and the month the final settlement is kept as."""

    end_date: dt.date = Field(description="Laatste dag met recht op bijstand.")
    reason: EndReason
    recorded_by: str = Field(description="Wie de beëindiging vastlegde (medewerker-id).")
    recorded_at: dt.datetime
    final_month: Month = Field(description="De maand na de laatste maand: daar staat de eindafrekening.")


class BufferYear(ApiModel):
    """One calendar year of the bufferbudget: the maximum, what the settlements took, what is left."""

    year: int
    maximum: Money = Field(description="Ten hoogste per kalenderjaar (art. 34b).")
    used: Money = Field(description="Wat de nieuwste verrekeningen uit het bufferbudget namen.")
    left: Money
    confirmed: bool = Field(description="Of het maximum een bevestigde waarde is.")


class BufferDecisionRequest(ApiModel):
    """A consultant's decision to use the bufferbudget in a month (or the final settlement's month)."""

    month: Month
    kind: BufferUseKind
    amount: Money
    note: str | None = Field(
        default=None, max_length=1000, description="Toelichting (alleen voor medewerkers)."
    )


class BufferDecisionView(ApiModel):
    """A recorded decision; the settlement of its month shows what was taken of it."""

    id: str
    month: Month
    kind: BufferUseKind
    amount: Money
    decided_by: str = Field(description="Wie besloot (medewerker-id).")
    decided_by_name: str = Field(description="Naam van wie besloot.")
    decided_at: dt.datetime


class BufferProposalView(ApiModel):
    """What Loonbrug proposes for a month whose settlement is still open; a consultant decides."""

    month: Month
    kind: BufferUseKind
    amount: Money
    year_left: Money = Field(description="Wat er dat kalenderjaar nog in het bufferbudget zit.")


class BufferLedgerView(ApiModel):
    """A worker's bufferbudget for staff: opt-in, years, decisions and open proposals."""

    opted_in_from: Month | None = Field(description="Vanaf deze maand zet de gemeente het bufferbudget in.")
    years: list[BufferYear]
    decisions: list[BufferDecisionView] = Field(description="Alle besluiten, oudste eerst.")
    proposals: list[BufferProposalView] = Field(
        description="Voorstellen in open verrekeningen, oudste maand eerst."
    )


class BufferUseView(ApiModel):
    """What the bufferbudget paid or absorbed for the worker in a month."""

    month: Month
    kind: BufferUseKind
    amount: Money


class BufferUsedYear(ApiModel):
    """What was used in a calendar year."""

    year: int
    used: Money


class OwnBufferView(ApiModel):
    """The worker's own bufferbudget: each use and the total per year."""

    uses: list[BufferUseView]
    years: list[BufferUsedYear]
