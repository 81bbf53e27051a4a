"""Signals as the app API shows them, and a consultant's handling of one."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from schemas.base import ApiModel


class SignalAction(StrEnum):
    """What a consultant can do with a signal."""

    ASK_AGENCY = "uitvragen"
    """Ask the agency for the missing pay slip now, through its notifications (meldingen)."""
    DISMISS = "afwijzen"
    """Close the signal with a reason; the same finding is not raised again."""
    NO_WORK = "geen_werk"
    """The worker did not work that period: no pay slip will come; the signal closes."""


class DismissReason(StrEnum):
    """Why a consultant closes a signal (a fixed list: the signal holds no free text)."""

    CORRECT = "klopt"
    """The pay data is right as it is."""
    SETTLED = "geregeld"
    """Already sorted out outside Loonbrug."""
    NOT_APPLICABLE = "niet_van_toepassing"
    """Does not apply to this worker."""


class SignalView(ApiModel):
    """Something to look at: a missing period, an anomaly, figures changed after approval."""

    id: str
    kind: str = Field(description="Soort signaal, bijv. missing_period of figures_changed_after_approval.")
    created_at: dt.datetime
    details: dict[str, Any] = Field(description="Perioden, kenmerken en codes; geen persoonsgegevens.")
    agency_name: str | None = Field(default=None, description="Het uitzendbureau waar het signaal over gaat.")
    asked_at: dt.datetime | None = Field(
        default=None, description="Wanneer het uitzendbureau om de loonstrook is gevraagd."
    )
    actions: list[SignalAction] = Field(description="Wat u met dit signaal kunt doen.")


class SignalHandling(ApiModel):
    """Handle one open signal: ask the agency, close it with a reason, or mark the period as no work."""

    action: SignalAction
    reason: DismissReason | None = Field(default=None, description="Verplicht bij `afwijzen`.")
