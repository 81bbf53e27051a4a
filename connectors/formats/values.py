"""Reading one cell's text: Dutch and English number notation, Dutch and ISO dates, BSN, period types.

Every reader raises `CellError` with an English code and a Dutch reason that never contains the text read.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum

from schemas.pay_record import PeriodType


class CellError(ValueError):
    """A cell that cannot be read; `code` is English, `reason` Dutch and free of the cell's value."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason


class DecimalMark(StrEnum):
    """Which character separates the cents: Dutch exports use a comma, English ones a point."""

    COMMA = "comma"
    POINT = "point"


# [0-9] rather than \d: \d matches other scripts' digits, which Decimal and int would then accept.
_NUMBER = {
    DecimalMark.COMMA: re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"),
    DecimalMark.POINT: re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"),
}
_MARK_NAME = {DecimalMark.COMMA: "decimaalkomma", DecimalMark.POINT: "decimaalpunt"}
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INTEGER = re.compile(r"[0-9]{1,6}")
_BSN = re.compile(r"[0-9]{8,9}")
_MAX_NUMBER_TEXT = 40


def parse_decimal(text: str, mark: DecimalMark) -> Decimal:
    """Read an amount written with `mark` as decimal separator and the other as optional thousands grouping.

    '1.234,56' and '1234,56' with a comma mark, '1,234.56' and '1234.56' with a point mark; an optional
    euro sign. Anything else is refused rather than guessed: '12.50' in a decimal-comma file is an error.
    """
    value = text.strip().removeprefix("€").strip()
    if len(value) > _MAX_NUMBER_TEXT or not _NUMBER[mark].fullmatch(value):
        raise CellError("number_format", f"is geen getal in de notatie van dit bestand ({_MARK_NAME[mark]})")
    grouping, decimal = (".", ",") if mark is DecimalMark.COMMA else (",", ".")
    return Decimal(value.replace(grouping, "").replace(decimal, "."))


def parse_plain_decimal(text: str) -> Decimal:
    """Read a JSON-style amount text: digits with an optional point, no grouping ('1234.56')."""
    value = text.strip()
    if len(value) > _MAX_NUMBER_TEXT or not _PLAIN_NUMBER.fullmatch(value):
        raise CellError("number_format", "is geen getal (verwacht bijvoorbeeld 1234.56)")
    return Decimal(value)


def parse_date(text: str) -> dt.date:
    """Read dd-mm-jjjj (d-m-jjjj allowed) or ISO jjjj-mm-dd."""
    value = text.strip()
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DUTCH_DATE.fullmatch(value):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise CellError("date_format", "is geen datum (dd-mm-jjjj of jjjj-mm-dd)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("date_invalid", "is geen bestaande datum") from None


def parse_iso_date(text: str) -> dt.date:
    """Read an ISO 8601 calendar date, jjjj-mm-dd, as JSON files must write it."""
    match = _ISO_DATE.fullmatch(text.strip())
    if not match:
        raise CellError("date_format", "is geen ISO-datum (jjjj-mm-dd)")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("date_invalid", "is geen bestaande datum") from None


def parse_integer(text: str) -> int:
    """Read a whole non-negative number such as a period number or a year."""
    value = text.strip()
    if not _INTEGER.fullmatch(value):
        raise CellError("whole_number_expected", "moet een geheel getal zijn")
    return int(value)


def normalise_bsn(text: str) -> str:
    """Strip spaces and restore a leading zero that a spreadsheet dropped (eight digits become nine).

    The 11-check itself is the contract's (`schemas.identifiers.Bsn`); this only refuses what is not
    eight or nine digits, so that no other text reaches it.
    """
    value = text.strip()
    if not _BSN.fullmatch(value):
        raise CellError("bsn_invalid", "Geen geldig BSN (negen cijfers met elfproef).")
    return value.zfill(9)


_PERIOD_TYPES: dict[str, PeriodType] = {
    "week": PeriodType.WEEK,
    "w": PeriodType.WEEK,
    "wk": PeriodType.WEEK,
    "weekloon": PeriodType.WEEK,
    "vierweken": PeriodType.FOUR_WEEKS,
    "vier weken": PeriodType.FOUR_WEEKS,
    "4weken": PeriodType.FOUR_WEEKS,
    "4-weken": PeriodType.FOUR_WEEKS,
    "4 weken": PeriodType.FOUR_WEEKS,
    "4w": PeriodType.FOUR_WEEKS,
    "4wk": PeriodType.FOUR_WEEKS,
    "fourweeks": PeriodType.FOUR_WEEKS,
    "maand": PeriodType.MONTH,
    "m": PeriodType.MONTH,
    "mnd": PeriodType.MONTH,
    "month": PeriodType.MONTH,
}


def parse_period_type(text: str, extra: dict[str, PeriodType] | None = None) -> PeriodType:
    """Read a pay period type: week (W), four weeks (4W, vierweken) or month (M, maand).

    `extra` holds a profile's own spellings, matched case-insensitively like the built-in ones.
    """
    value = " ".join(text.split()).casefold()
    if extra and value in extra:
        return extra[value]
    if value in _PERIOD_TYPES:
        return _PERIOD_TYPES[value]
    raise CellError("period_type_unknown", "onbekend loontijdvak (week, 4 weken of maand)")
