"""The municipality's Flextensie policy over time: which version holds on a day, and its values as
dated parameters that explanation lines can name.

A municipality sets its own premium per hour, employer on-cost, back-office percentage, VAT and limits;
until it does, the standard values hold, marked unconfirmed. A version holds from its `valid_from` until
the next one starts. Once a municipality has a version of its own, later standard versions no longer
apply to it: its own choice stands until it makes another.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.errors import ParameterError
from gateway.engine.parameters import Kind, ParameterValue
from schemas.flextensie import FlextensiePolicy, FlextensiePolicyVersion

_ONE_DAY = dt.timedelta(days=1)

# Field → (parameter key, label, kind, unit) for the values explanation lines cite.
_CITED: dict[str, tuple[str, str, Kind, str]] = {
    "premium_per_hour": (
        "flextensie.premium_per_hour",
        "Premie arbeidsinschakeling per gewerkt uur",
        Kind.MONEY,
        "euro per uur",
    ),
    "employer_on_cost_rate": (
        "flextensie.employer_on_cost_rate",
        "Opslag werkgeverslasten op het minimumuurloon",
        Kind.RATE,
        "fractie",
    ),
    "back_office_rate": (
        "flextensie.back_office_rate",
        "Backofficekosten",
        Kind.RATE,
        "fractie van het factuurbedrag zonder btw",
    ),
    "vat_applies": ("flextensie.vat_applies", "Btw over het tarief", Kind.FLAG, "ja/nee"),
    "max_months": ("flextensie.max_months", "Maximale duur onder de urengrens", Kind.MONTHS, "maanden"),
    "max_months_long_hours": (
        "flextensie.max_months_long_hours",
        "Maximale duur vanaf de urengrens",
        Kind.MONTHS,
        "maanden",
    ),
}


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One version of the policy with the last day it holds (None: until further notice)."""

    valid_from: dt.date
    valid_to: dt.date | None
    policy: FlextensiePolicy
    source: str
    confirmed: bool

    def value(self, field: str) -> ParameterValue:
        """A cited policy value as a parameter value (for explanation lines and `parameters` lists)."""
        key, label, kind, unit = _CITED[field]
        raw = getattr(self.policy, field)
        number = Decimal(int(raw)) if kind in (Kind.FLAG, Kind.MONTHS) else raw
        return ParameterValue(
            key=key,
            label=label,
            kind=kind,
            number=number,
            unit=unit,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            confirmed=self.confirmed,
            source_url="",
            article=self.source,
        )


class PolicyHistory:
    """The versions of one municipality's policy, earliest first, each until the next starts."""

    __slots__ = ("_starts", "_versions")

    def __init__(self, versions: Sequence[PolicyVersion]) -> None:
        if not versions:
            raise ParameterError("er is geen Flextensie-beleid (ook geen standaardbeleid)")
        self._versions = tuple(versions)
        self._starts = tuple(version.valid_from for version in versions)

    @classmethod
    def combine(
        cls, *, defaults: Sequence[FlextensiePolicyVersion], municipal: Sequence[FlextensiePolicyVersion]
    ) -> PolicyHistory:
        """The standard versions up to the municipality's first own version, then its own versions.

        `municipal` is in the order recorded: of two versions with the same `valid_from`, the later wins.
        """
        own: dict[dt.date, FlextensiePolicyVersion] = {}
        for version in municipal:
            own[version.valid_from] = version
        first_own = min(own, default=None)
        chosen = [v for v in defaults if first_own is None or v.valid_from < first_own]
        merged: dict[dt.date, FlextensiePolicyVersion] = {v.valid_from: v for v in chosen}
        merged.update(own)
        starts = sorted(merged)
        versions = []
        for index, start in enumerate(starts):
            end = starts[index + 1] - _ONE_DAY if index + 1 < len(starts) else None
            item = merged[start]
            versions.append(PolicyVersion(start, end, item.policy, item.source, item.confirmed))
        return cls(versions)

    def at(self, day: dt.date) -> PolicyVersion:
        """The version holding on `day`."""
        index = bisect.bisect_right(self._starts, day) - 1
        if index < 0:
            raise ParameterError(f"geen Flextensie-beleid vóór {self._starts[0].isoformat()}")
        return self._versions[index]

    @property
    def first_day(self) -> dt.date:
        """The first day any version holds; there is no Flextensie before it."""
        return self._starts[0]

    @property
    def versions(self) -> tuple[PolicyVersion, ...]:
        """Every version, earliest first."""
        return self._versions
