"""Published values added after a release, layered over the shipped parameter files.

A municipality's administrators add a value that was published after this release (two of them: one
proposes, another confirms); the store keeps them, and this module, without any I/O, builds the
`ParameterSet` the engine uses from the shipped files plus the confirmed added values:

- An added value holds from its `valid_from` to its `valid_to` (or open-ended) and replaces, for that
  period, what the files say when the files have no confirmed value for it (past their last `valid_to`,
  or a value marked `confirmed: false`).
- When the files (a later release) have a confirmed value for the same key and month, the file wins
  only when the number is equal. A different number is a `Conflict`: the confirmed added value stays in
  use, and the difference is reported (never silently replaced either way), so that an administrator
  looks at it.
- A month between values that nobody confirmed gets the value before it, marked unconfirmed, exactly as
  a lookup past the files' last `valid_to` does; nothing is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from gateway.engine.parameters import Kind, ParameterSet, ParameterValue, Series

_ONE_DAY = dt.timedelta(days=1)
GAP_NOTE = "nog niet vastgesteld; laatst bekende waarde gebruikt"


@dataclass(frozen=True, slots=True)
class AddedValue:
    """One confirmed published value, as the store hands it to the engine (plain values only)."""

    id: str
    key: str
    valid_from: dt.date
    valid_to: dt.date | None
    number: Decimal
    source_url: str
    article: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A confirmed added value that a shipped file contradicts for the same key and month."""

    added_id: str
    key: str
    valid_from: dt.date
    added: Decimal
    shipped: Decimal


@dataclass(frozen=True, slots=True)
class Layered:
    """The parameter set the engine uses, with what layering found."""

    parameters: ParameterSet
    used: frozenset[str]
    """Ids of the added values in use (not superseded by an equal shipped value)."""
    superseded: frozenset[str]
    """Ids of added values a later release ships with the same number: the file's value is used."""
    conflicts: tuple[Conflict, ...]


def parse_number(kind: Kind, text: str) -> Decimal:
    """A value typed by an administrator as the number of a parameter of `kind`; ValueError with a Dutch
    reason when it does not fit (the same checks the loader makes on the files)."""
    cleaned = text.strip()
    if kind is Kind.FLAG:
        if cleaned.lower() in ("true", "ja", "1"):
            return Decimal(1)
        if cleaned.lower() in ("false", "nee", "0"):
            return Decimal(0)
        raise ValueError("verwacht ja of nee (true of false)")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("geen getal; gebruik een punt als decimaalteken, bijv. 1401.50") from None
    if not number.is_finite() or number < 0:
        raise ValueError("verwacht een getal van 0 of meer")
    if kind in (Kind.MONTHS, Kind.YEARS):
        if number != number.to_integral_value():
            raise ValueError("verwacht een geheel getal")
        return Decimal(int(number))
    if kind is Kind.MONEY:
        if number != number.quantize(Decimal("0.01")):
            raise ValueError("een bedrag heeft ten hoogste twee decimalen")
        return number.quantize(Decimal("0.01"))
    if number > 1:
        raise ValueError("een percentage is een fractie tussen 0 en 1, bijv. 0.25")
    return number


def default_valid_to(series: Series, valid_from: dt.date) -> dt.date | None:
    """Where a value added from `valid_from` ends when the administrator gives no end.

    Inside a shipped value (one marked unconfirmed), the end of that value. Past the files, a series
    whose values end keeps its rhythm: the added value lasts as many months as the last shipped one
    (the norms: half a year); a series without an end stays open.
    """
    for value in series.values:
        if value.valid_from <= valid_from and (value.valid_to is None or valid_from <= value.valid_to):
            return value.valid_to
    last = series.values[-1]
    if last.valid_to is None:
        return None
    months = _months_between(last.valid_from, last.valid_to + _ONE_DAY)
    return _add_months(valid_from, months) - _ONE_DAY


def layer(base: ParameterSet, added: Iterable[AddedValue]) -> Layered:
    """The files' parameters with the confirmed added values over them (see the module docstring).

    Added values of one key that overlap are taken in the order given: a later one wins from its own
    `valid_from`. Keys the files do not know are ignored (the store refuses them when proposed).
    """
    by_key: dict[str, list[AddedValue]] = {}
    for value in added:
        if value.key in base.keys:
            by_key.setdefault(value.key, []).append(value)
    series: dict[str, Series] = {key: base.series(key) for key in base.keys}
    used: set[str] = set()
    superseded: set[str] = set()
    conflicts: list[Conflict] = []
    for key, values in by_key.items():
        layered, key_used, key_superseded, key_conflicts = _layer_series(base.series(key), values)
        series[key] = layered
        used |= key_used
        superseded |= key_superseded
        conflicts.extend(key_conflicts)
    return Layered(ParameterSet(series), frozenset(used), frozenset(superseded), tuple(conflicts))


def _layer_series(
    shipped: Series, added: Sequence[AddedValue]
) -> tuple[Series, set[str], set[str], list[Conflict]]:
    used: set[str] = set()
    superseded: set[str] = set()
    conflicts: list[Conflict] = []
    # The pieces stay non-overlapping: an added value cuts out the period it covers.
    pieces: list[ParameterValue] = list(shipped.values)
    template = shipped.values[-1]
    for value in added:
        confirmed_shipped = [
            piece
            for piece in shipped.values
            if piece.confirmed and _overlaps(piece, value.valid_from, value.valid_to)
        ]
        differing = [piece for piece in confirmed_shipped if piece.number != value.number]
        for piece in differing:
            conflicts.append(Conflict(value.id, value.key, value.valid_from, value.number, piece.number))
        if confirmed_shipped and not differing and _covers(confirmed_shipped, value):
            superseded.add(value.id)
            continue
        used.add(value.id)
        own = ParameterValue(
            key=template.key,
            label=template.label,
            kind=template.kind,
            number=value.number,
            unit=template.unit,
            valid_from=value.valid_from,
            valid_to=value.valid_to,
            confirmed=True,
            source_url=value.source_url,
            article=value.article,
        )
        pieces = [*_cut(pieces, value.valid_from, value.valid_to), own]
        pieces.sort(key=lambda piece: piece.valid_from)
    return Series(shipped.key, tuple(_fill_gaps(pieces))), used, superseded, conflicts


def _overlaps(piece: ParameterValue, start: dt.date, end: dt.date | None) -> bool:
    return (piece.valid_to is None or piece.valid_to >= start) and (end is None or piece.valid_from <= end)


def _covers(pieces: Sequence[ParameterValue], value: AddedValue) -> bool:
    """True when the shipped pieces cover the added value's whole period."""
    ordered = sorted(pieces, key=lambda piece: piece.valid_from)
    if ordered[0].valid_from > value.valid_from:
        return False
    reach = ordered[0].valid_to
    for piece in ordered[1:]:
        if reach is None or piece.valid_from > reach + _ONE_DAY:
            break
        reach = None if piece.valid_to is None else max(reach, piece.valid_to)
    return reach is None or (value.valid_to is not None and reach >= value.valid_to)


def _cut(pieces: Sequence[ParameterValue], start: dt.date, end: dt.date | None) -> list[ParameterValue]:
    """The pieces with the period `start`..`end` taken out (a piece can lose its head, tail or middle)."""
    kept: list[ParameterValue] = []
    for piece in pieces:
        if not _overlaps(piece, start, end):
            kept.append(piece)
            continue
        if piece.valid_from < start:
            kept.append(replace(piece, valid_to=start - _ONE_DAY))
        if end is not None and (piece.valid_to is None or piece.valid_to > end):
            kept.append(replace(piece, valid_from=end + _ONE_DAY))
    return kept


def _fill_gaps(pieces: Sequence[ParameterValue]) -> list[ParameterValue]:
    """Contiguous values: a gap gets the value before it, marked unconfirmed."""
    filled: list[ParameterValue] = []
    for piece in pieces:
        if filled:
            before = filled[-1]
            if before.valid_to is not None and before.valid_to + _ONE_DAY < piece.valid_from:
                filled.append(
                    replace(
                        before,
                        valid_from=before.valid_to + _ONE_DAY,
                        valid_to=piece.valid_from - _ONE_DAY,
                        confirmed=False,
                        note=GAP_NOTE,
                    )
                )
        filled.append(piece)
    return filled


def unconfirmed_in_use(parameters: ParameterSet, since: dt.date) -> list[ParameterValue]:
    """The unconfirmed values from `since` on: in the series, and past each series' last value."""
    found: list[ParameterValue] = []
    for key in sorted(parameters.keys):
        series = parameters.series(key)
        for value in series.values:
            if not value.confirmed and (value.valid_to is None or value.valid_to >= since):
                found.append(value)
        last = series.values[-1]
        if last.valid_to is not None:
            beyond = series.at(last.valid_to + _ONE_DAY)
            found.append(replace(beyond, valid_from=last.valid_to + _ONE_DAY, valid_to=None))
    return found


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
