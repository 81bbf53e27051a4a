"""Published parameter values as the administrator reads and adds them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel


class ValueView(ApiModel):
    """One dated value of a parameter, from the shipped files or added by administrators."""

    valid_from: dt.date
    valid_to: dt.date | None
    value: str = Field(description="Het getal als tekst, bijv. 1401.50 of 0.25.")
    display: str = Field(description="De waarde zoals een mens haar leest, bijv. 1.401,50 of 25%.")
    confirmed: bool = Field(description="Vastgesteld; anders voorlopig.")
    added: bool = Field(description="Toegevoegd door beheerders (niet uit de meegeleverde bestanden).")
    source: str
    article: str
    note: str | None = None


class ProposalView(ApiModel):
    """A value added by an administrator: proposed, and confirmed by a second one."""

    id: str
    key: str
    label: str
    valid_from: dt.date
    valid_to: dt.date | None
    value: str
    display: str
    source: str
    article: str
    proposed_by: str
    proposed_at: dt.datetime
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    status: str = Field(
        description="voorgesteld (wacht op een tweede beheerder), in_gebruik, of vervangen (een latere "
        "versie van Loonbrug levert dezelfde waarde mee)."
    )


class ParameterWarning(ApiModel):
    """Something an administrator must look at: a shipped value that differs from a confirmed one."""

    key: str
    valid_from: dt.date
    proposal_id: str
    text: str


class ParameterView(ApiModel):
    """One parameter with all its dated values as the engine uses them."""

    key: str
    label: str
    kind: str = Field(description="money, rate, months, years of flag.")
    unit: str
    values: list[ValueView]
    proposals: list[ProposalView] = Field(description="Toegevoegde waarden van deze parameter.")
    warnings: list[ParameterWarning]


class ParameterList(ApiModel):
    """Every parameter, the proposals that wait for a second administrator, and the warnings."""

    parameters: list[ParameterView]
    waiting: list[ProposalView] = Field(description="Voorgestelde waarden die nog bevestigd moeten worden.")
    warnings: list[ParameterWarning]


class UnconfirmedValue(ApiModel):
    """A value in use that is not confirmed: every result that uses it is voorlopig."""

    key: str
    label: str
    valid_from: dt.date
    valid_to: dt.date | None
    display: str
    note: str | None


class UnconfirmedList(ApiModel):
    """The unconfirmed values in use from a month on."""

    since: dt.date
    values: list[UnconfirmedValue]


class NewValue(ApiModel):
    """A published value to add: checked field by field, every problem named at once."""

    key: str = Field(max_length=100, description="Parameter, bijv. norm.single.")
    valid_from: str = Field(max_length=10, description="Eerste dag van een maand, JJJJ-MM-01.")
    valid_to: str | None = Field(
        default=None,
        max_length=10,
        description="Laatste dag van een maand; zonder: tot de gebruikelijke volgende wijziging.",
    )
    value: str = Field(max_length=40, description="Het getal als tekst met een punt, bijv. 1430.24.")
    source: str = Field(max_length=500, description="https-adres van de publicatie.")
    article: str = Field(max_length=300, description="Artikel of onderdeel, bijv. art. 21 onderdeel a.")
