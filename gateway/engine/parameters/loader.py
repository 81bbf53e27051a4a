"""Read and check the parameter files and the default municipal policy.

This is the one place where the engine reads files. Everything is checked at load time, so a mistake
in a file stops the process at start-up instead of producing a wrong settlement: every value needs a
source (https URL and article) and a `confirmed` flag; values of one series must follow each other
without gap or overlap, start on the first of a month (and end on the last day of one), share one
unit, and the first must start on the file's `covers_from`. Every parameter the rules use must exist.
The Dutch public holidays (`public_holidays.json`) are read and checked here too, with the same demands on
sources and dates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gateway.engine.errors import ParameterError
from gateway.engine.parameters import Kind, ParameterSet, ParameterValue, Series
from gateway.engine.parameters.keys import REQUIRED
from gateway.engine.public_holidays import PublicHoliday, SundayMove
from schemas.case import MunicipalPolicy

NATIONAL_FILES = ("norms.json", "disregards.json", "benefit.json", "pension_age.json", "flextensie.json")
POLICY_FILE = "policy_default.json"
PUBLIC_HOLIDAYS_FILE = "public_holidays.json"
# Easter-based holidays lie between Palm Sunday (a week before) and the Sunday after Whit Monday.
_EASTER_OFFSETS = range(-7, 57)
_ONE_DAY = dt.timedelta(days=1)


def _package_dir() -> Traversable:
    return resources.files("gateway.engine.parameters")


def load_parameters(paths: Iterable[Path | Traversable] | None = None) -> ParameterSet:
    """Load and check the national parameter files (by default the ones shipped with the engine)."""
    sources = list(paths) if paths is not None else [_package_dir() / name for name in NATIONAL_FILES]
    series: dict[str, Series] = {}
    for source in sources:
        document = _read_json(source)
        for key, value in parse_document(document, origin=source.name).items():
            if key in series:
                raise ParameterError(f"{source.name}: parameter {key} staat in meer dan één bestand")
            series[key] = value
    missing = sorted(REQUIRED - series.keys())
    if missing:
        raise ParameterError(f"parameters ontbreken: {', '.join(missing)}")
    return ParameterSet(series)


def load_default_policy(path: Path | Traversable | None = None) -> MunicipalPolicy:
    """Load the default municipal policy."""
    source = path if path is not None else _package_dir() / POLICY_FILE
    document = _read_json(source)
    try:
        return MunicipalPolicy.model_validate(document.get("policy"))
    except ValidationError as error:
        raise ParameterError(f"{source.name}: ongeldig beleid: {error}") from None


def load_public_holidays(path: Path | Traversable | None = None) -> tuple[PublicHoliday, ...]:
    """Load and check the Dutch public holiday rules (by default the file shipped with the engine)."""
    source = path if path is not None else _package_dir() / PUBLIC_HOLIDAYS_FILE
    return parse_public_holidays(_read_json(source), origin=source.name)


def _read_json(source: Path | Traversable) -> dict[str, Any]:
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ParameterError(f"{source.name}: niet te lezen: {error}") from None
    if not isinstance(document, dict):
        raise ParameterError(f"{source.name}: verwacht een JSON-object")
    return document


def parse_document(document: Mapping[str, Any], *, origin: str) -> dict[str, Series]:
    """Check one parameter document and return its series by key."""
    covers_from = _date(document.get("covers_from"), f"{origin}: covers_from")
    entries = document.get("parameters")
    if not isinstance(entries, list):
        raise ParameterError(f"{origin}: 'parameters' moet een lijst zijn")
    result: dict[str, Series] = {}
    for entry in entries:
        series = _series(entry, origin=origin, covers_from=covers_from)
        if series.key in result:
            raise ParameterError(f"{origin}: parameter {series.key} staat er twee keer in")
        result[series.key] = series
    return result


def _series(entry: Any, *, origin: str, covers_from: dt.date) -> Series:
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        raise ParameterError(f"{origin}: elke parameter heeft een 'key'")
    key: str = entry["key"]
    where = f"{origin}: {key}"
    label = entry.get("label")
    if not isinstance(label, str) or not label:
        raise ParameterError(f"{where}: 'label' ontbreekt")
    try:
        kind = Kind(str(entry.get("kind")))
    except ValueError:
        raise ParameterError(f"{where}: onbekende soort {entry.get('kind')!r}") from None
    raw_values = entry.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise ParameterError(f"{where}: 'values' moet een niet-lege lijst zijn")
    values = [
        _value(raw, key=key, label=label, kind=kind, where=f"{where}[{i}]")
        for i, raw in enumerate(raw_values)
    ]
    if values[0].valid_from != covers_from:
        raise ParameterError(
            f"{where}: eerste waarde begint op {values[0].valid_from}, niet op {covers_from} (gat)"
        )
    for earlier, later in pairwise(values):
        if earlier.unit != later.unit:
            raise ParameterError(f"{where}: eenheid wisselt van {earlier.unit!r} naar {later.unit!r}")
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise ParameterError(
                f"{where}: waarden van {earlier.valid_from} en {later.valid_from} overlappen"
            )
        if earlier.valid_to + _ONE_DAY != later.valid_from:
            raise ParameterError(f"{where}: gat tussen {earlier.valid_to} en {later.valid_from}")
    return Series(key, tuple(values))


def _value(raw: Any, *, key: str, label: str, kind: Kind, where: str) -> ParameterValue:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: verwacht een object")
    valid_from = _date(raw.get("valid_from"), f"{where}.valid_from")
    if valid_from.day != 1:
        raise ParameterError(f"{where}: valid_from moet de eerste van een maand zijn")
    valid_to = None if raw.get("valid_to") is None else _date(raw.get("valid_to"), f"{where}.valid_to")
    if valid_to is not None and (valid_to < valid_from or (valid_to + _ONE_DAY).day != 1):
        raise ParameterError(f"{where}: valid_to moet de laatste dag van een maand na valid_from zijn")
    unit = raw.get("unit")
    if not isinstance(unit, str) or not unit:
        raise ParameterError(f"{where}: 'unit' ontbreekt")
    confirmed = raw.get("confirmed")
    if not isinstance(confirmed, bool):
        raise ParameterError(f"{where}: 'confirmed' moet true of false zijn")
    url, article = _source(raw, where)
    return ParameterValue(
        key,
        label,
        kind,
        _number(raw.get("value"), kind, where),
        unit,
        valid_from,
        valid_to,
        confirmed,
        url,
        article,
        _note(raw, where),
    )


def _source(raw: Mapping[str, Any], where: str) -> tuple[str, str]:
    source = raw.get("source")
    url = source.get("url") if isinstance(source, dict) else None
    article = source.get("article") if isinstance(source, dict) else None
    if (
        not isinstance(url, str)
        or not url.startswith("https://")
        or not isinstance(article, str)
        or not article
    ):
        raise ParameterError(f"{where}: bron ontbreekt (source.url met https:// en source.article)")
    return url, article


def _note(raw: Mapping[str, Any], where: str) -> str | None:
    note = raw.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise ParameterError(f"{where}: 'note' moet tekst zijn")
    return note


def parse_public_holidays(document: Mapping[str, Any], *, origin: str) -> tuple[PublicHoliday, ...]:
    """Check the public holidays document and return its rules; a name may recur only for another period."""
    entries = document.get("holidays")
    if not isinstance(entries, list) or not entries:
        raise ParameterError(f"{origin}: 'holidays' moet een niet-lege lijst zijn")
    rules = tuple(_holiday(entry, where=f"{origin}: holidays[{i}]") for i, entry in enumerate(entries))
    by_name: dict[str, list[PublicHoliday]] = {}
    for rule in rules:
        by_name.setdefault(rule.name, []).append(rule)
    for name, periods in by_name.items():
        periods.sort(key=lambda rule: rule.valid_from)
        for earlier, later in pairwise(periods):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ParameterError(f"{origin}: {name} staat er twee keer in voor {later.valid_from}")
    return rules


def _holiday(raw: Any, *, where: str) -> PublicHoliday:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ParameterError(f"{where}: elke feestdag heeft een 'name'")
    name: str = raw["name"]
    where = f"{where} {name}"
    month_day = _month_day(raw, where) if "month" in raw or "day" in raw else None
    easter_offset = raw.get("easter_offset")
    if (month_day is None) == (easter_offset is None):
        raise ParameterError(f"{where}: geef 'month' en 'day', of 'easter_offset' (niet allebei)")
    if easter_offset is not None and (
        isinstance(easter_offset, bool)
        or not isinstance(easter_offset, int)
        or easter_offset not in _EASTER_OFFSETS
    ):
        raise ParameterError(f"{where}: 'easter_offset' moet een geheel getal van -7 tot en met 56 zijn")
    try:
        on_sunday = None if raw.get("on_sunday") is None else SundayMove(raw["on_sunday"])
    except ValueError:
        raise ParameterError(f"{where}: onbekende 'on_sunday' {raw['on_sunday']!r}") from None
    divisor = raw.get("years_divisible_by", 1)
    if isinstance(divisor, bool) or not isinstance(divisor, int) or divisor < 1:
        raise ParameterError(f"{where}: 'years_divisible_by' moet een geheel getal van 1 of meer zijn")
    valid_from = _date(raw.get("valid_from"), f"{where}.valid_from")
    valid_to = None if raw.get("valid_to") is None else _date(raw["valid_to"], f"{where}.valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise ParameterError(f"{where}: valid_to ligt voor valid_from")
    url, article = _source(raw, where)
    return PublicHoliday(
        name,
        month_day,
        easter_offset or 0,
        on_sunday,
        divisor,
        valid_from,
        valid_to,
        url,
        article,
        _note(raw, where),
    )


def _month_day(raw: Mapping[str, Any], where: str) -> tuple[int, int]:
    month, day = raw.get("month"), raw.get("day")
    if (
        not isinstance(month, int)
        or not isinstance(day, int)
        or isinstance(month, bool)
        or isinstance(day, bool)
    ):
        raise ParameterError(f"{where}: 'month' en 'day' moeten gehele getallen zijn")
    try:
        # Not a leap year: a holiday on 29 February would be missing in three years of four.
        dt.date(2001, month, day)
    except ValueError:
        raise ParameterError(f"{where}: dag {day} van maand {month} bestaat niet") from None
    return month, day


def _number(raw: Any, kind: Kind, where: str) -> Decimal:
    if kind is Kind.FLAG:
        if not isinstance(raw, bool):
            raise ParameterError(f"{where}: waarde moet true of false zijn")
        return Decimal(int(raw))
    if kind in (Kind.MONTHS, Kind.YEARS):
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise ParameterError(f"{where}: waarde moet een geheel getal van 0 of meer zijn")
        return Decimal(raw)
    if not isinstance(raw, str):
        raise ParameterError(f'{where}: waarde moet tekst zijn, bijv. "1401.50" (geen float)')
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ParameterError(f"{where}: {raw!r} is geen getal") from None
    if not number.is_finite() or number < 0:
        raise ParameterError(f"{where}: waarde moet een eindig getal van 0 of meer zijn")
    if kind is Kind.MONEY and number != number.quantize(Decimal("0.01")):
        raise ParameterError(f"{where}: een bedrag heeft ten hoogste twee decimalen")
    if kind is Kind.RATE and number > 1:
        raise ParameterError(f"{where}: een fractie ligt tussen 0 en 1")
    return number.quantize(Decimal("0.01")) if kind is Kind.MONEY else number


def _date(raw: Any, where: str) -> dt.date:
    if not isinstance(raw, str):
        raise ParameterError(f"{where}: verwacht een datum JJJJ-MM-DD")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ParameterError(f"{where}: {raw!r} is geen datum JJJJ-MM-DD") from None
