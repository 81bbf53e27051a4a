"""Notifications to an agency (meldingen): which of its workers' pay periods are missing (DESIGN §1, §7).

The weekly missing-data check stores one notification per agency per ISO week; the signed webhook that
announces it names no person. Only this resource, read with the agency's own access token, names the
workers, by the BSN the agency already holds for them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from schemas.base import ApiModel
from schemas.identifiers import Bsn
from schemas.periods import IsoWeek


class MissingReason(StrEnum):
    """Why a pay period is reported as missing."""

    NO_PAY_RECORD = "geen_loonstrook"
    """No current pay record of this agency covers any day of the period while the worker was enrolled,
    and the grace period after the period's end has passed."""


class MissingPeriod(ApiModel):
    """One pay period of one worker for which the agency delivered no pay record."""

    bsn: Bsn = Field(description="BSN van de werkende (dat u zelf al in uw administratie hebt).")
    period_start: dt.date = Field(
        description="Eerste dag van het ontbrekende tijdvak waarop de werkende bij u ingeschreven was."
    )
    period_end: dt.date = Field(
        description="Laatste dag van het ontbrekende tijdvak waarop de werkende bij u ingeschreven was."
    )
    reason: MissingReason = Field(
        description=(
            "Waarom het tijdvak ontbreekt. `geen_loonstrook`: er is geen (geldige) loonstrook van u "
            "ontvangen die een dag van dit tijdvak dekt, en de wachttermijn na het einde van het tijdvak "
            "is verstreken. Lever de loonstrook aan via POST /v1/loonstroken."
        )
    )


class NotificationSummary(ApiModel):
    """A notification without the workers it names, as it appears in a list."""

    id: str = Field(description="Kenmerk van de melding; ook het `jti` van de webhook die haar aankondigde.")
    week: IsoWeek = Field(description="ISO-week waarin de controle op ontbrekende loonstroken liep.")
    created_at: dt.datetime = Field(description="Moment waarop de melding is aangemaakt.")
    worker_count: int = Field(
        ge=0, description="Aantal werkenden in de melding die nu nog bij u ingeschreven zijn."
    )
    period_count: int = Field(ge=0, description="Aantal ontbrekende tijdvakken van die werkenden.")


class Notification(NotificationSummary):
    """A notification with every missing period of the workers currently enrolled with the agency."""

    missing_periods: list[MissingPeriod] = Field(
        description=(
            "De ontbrekende tijdvakken, gesorteerd op BSN en begindatum. Alleen werkenden die vandaag bij "
            "u ingeschreven zijn staan erin; tijdvakken van werkenden die sindsdien bij u zijn "
            "uitgeschreven worden niet meer getoond."
        )
    )


class NotificationPage(ApiModel):
    """One page of the agency's notifications, newest first."""

    items: list[NotificationSummary] = Field(description="De meldingen op deze pagina, nieuwste eerst.")
    page: int = Field(ge=1, description="Nummer van deze pagina, vanaf 1.")
    page_size: int = Field(ge=1, description="Hoogste aantal meldingen per pagina.")
    next_page: int | None = Field(description="Nummer van de volgende pagina; leeg op de laatste.")


EXPORTED_MODELS = (Notification, NotificationPage)
