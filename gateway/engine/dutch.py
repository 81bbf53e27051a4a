"""Dutch notation for the texts people read: amounts, dates, months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from schemas.periods import Month

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


def amount(value: Decimal) -> str:
    """A euro amount without the sign of the currency: `1.401,50`, `-37,66`."""
    return format(value, ",.2f").translate(_SEPARATORS)


def euro(value: Decimal) -> str:
    """A euro amount with the euro sign: `€ 1.401,50`."""
    return f"€ {amount(value)}"


def number(value: Decimal) -> str:
    """A plain decimal number with a decimal comma: `12,5`."""
    return format(value.normalize(), "f").replace(".", ",")


def date(value: dt.date) -> str:
    """A date as `2-2-2026`."""
    return f"{value.day}-{value.month}-{value.year}"


def month(value: Month) -> str:
    """A month as `januari 2026`."""
    return f"{_MONTH_NAMES[value.month - 1]} {value.year}"
