"""Dutch notation for the texts people read: amounts, numbers, dates, months, counted nouns.

One set of rules for every text the server builds; the pages follow the same rules in
`app_api/web/static/common/format.js`, and both are tested against the cases in
`tests/dutch_format_cases.json`. A no-break space keeps `€` with its amount, and a negative amount
takes the minus sign U+2212 (`− € 214,83`), which no line break separates from the amount either.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from schemas.periods import Month

NBSP = "\u00a0"
MINUS = "\u2212"
_SEPARATORS = str.maketrans({",": ".", ".": ","})
_MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _signed(value: Decimal, spelled: str) -> str:
    # "-0.00" reads as zero: a sign only where there is something to be negative about.
    return f"{MINUS}{spelled}" if value < 0 and spelled.strip("0,.") else spelled


# A week's figures and a month's settlement spell the same amounts in many lines, and a recompute
# renders them again for every week; the spelling depends on the value alone (equal Decimals, whatever
# their exponent or the sign of a zero, spell the same), so it is kept for the values seen last.
@functools.lru_cache(maxsize=4096)
def amount(value: Decimal) -> str:
    """A euro amount without the sign of the currency: `1.401,50`, `−37,66`."""
    return _signed(value, format(abs(value), ",.2f").translate(_SEPARATORS))


@functools.lru_cache(maxsize=4096)
def euro(value: Decimal) -> str:
    """A euro amount with the euro sign: `€ 1.401,50`, `− € 214,83` (no-break spaces)."""
    spelled = amount(value)
    if spelled.startswith(MINUS):
        return f"{MINUS}{NBSP}€{NBSP}{spelled[len(MINUS) :]}"
    return f"€{NBSP}{spelled}"


def number(value: Decimal) -> str:
    """A plain decimal number with a decimal comma and no trailing zeros: `12,5`, `−3`."""
    return _signed(value, format(abs(value).normalize(), "f").replace(".", ","))


def count(quantity: int, singular: str, plural: str) -> str:
    """A counted noun: `1 periode`, `2 perioden`, `0 perioden`."""
    return f"{quantity} {singular if quantity == 1 else plural}"


def date(value: dt.date) -> str:
    """A date as people write it: `1 november 2026`."""
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


def month(value: Month) -> str:
    """A month as `januari 2026`."""
    return f"{_MONTH_NAMES[value.month - 1]} {value.year}"
