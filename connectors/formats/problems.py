"""Row and file problems: where, what code, and a Dutch reason, without leaking the value.

A problem keeps the offending cell text for the quarantine file (the agency's own data, written next to its
input) but `describe()`, which is what the terminal shows, prints it only for columns that hold no personal
or wage data: a BSN, an amount, hours or a record id (which may embed a BSN) is never echoed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic_core import ErrorDetails


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with a row (or with the whole file when `line` is None)."""

    line: int | None
    column: str | None
    code: str
    message: str
    value: str | None = field(default=None, repr=False)
    sensitive: bool = True
    place: str = "kolom"
    """What `column` names: a column of a delimited file or a JSON property, or an XML element."""

    def describe(self) -> str:
        """One Dutch line for the terminal: line, column, reason and code; the value only if harmless."""
        where = [f"regel {self.line}"] if self.line is not None else ["bestand"]
        if self.column:
            where.append(f"{self.place} {self.column}")
        text = f"{', '.join(where)}: {self.message} ({self.code})"
        if self.value is not None and not self.sensitive:
            text += f" [waarde: {self.value}]"
        return text

    def for_quarantine(self) -> str:
        """The problem as written in the quarantine file's problem column (the row holds the value)."""
        prefix = f"{self.column}: " if self.column else ""
        return f"{prefix}{self.message} ({self.code})"


# Dutch reasons for the pydantic error types the PayRecord contract can raise. Custom types of our own
# schemas (bsn_invalid, decimal_max_places, ...) carry Dutch messages already and are used as they are.
_PYDANTIC_REASONS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("negative_amount", "mag niet negatief zijn"),
    "greater_than": ("too_small", "is te klein"),
    "less_than_equal": ("too_large", "is te groot"),
    "less_than": ("too_large", "is te groot"),
    "decimal_max_digits": ("too_many_digits", "heeft te veel cijfers"),
    "decimal_whole_digits": ("too_many_digits", "heeft te veel cijfers voor de komma"),
    "string_pattern_mismatch": (
        "record_id_format",
        "mag alleen letters, cijfers en . _ : / - bevatten",
    ),
    "string_too_long": ("too_long", "is te lang (ten hoogste 64 tekens)"),
    "string_too_short": ("missing_value", "is leeg"),
    "missing": ("missing_value", "verplicht veld is leeg of ontbreekt"),
    "enum": ("period_type_unknown", "onbekend loontijdvak"),
    "int_parsing": ("whole_number_expected", "moet een geheel getal zijn"),
    "int_from_float": ("whole_number_expected", "moet een geheel getal zijn"),
    "int_type": ("whole_number_expected", "moet een geheel getal zijn"),
}

# Our own schema error types whose message is fixed Dutch text without the input in it.
_OWN_TYPES = frozenset(
    {"bsn_invalid", "decimal_max_places", "decimal_too_large", "float_not_allowed", "decimal_type"}
)


def reason_for(error: ErrorDetails | dict[str, Any]) -> tuple[str, str]:
    """Map one pydantic error to (English code, Dutch reason) without ever using the input value."""
    kind = str(error["type"])
    if kind in _PYDANTIC_REASONS:
        return _PYDANTIC_REASONS[kind]
    if kind in _OWN_TYPES:
        return kind, str(error["msg"])
    if kind == "value_error":
        # Raised by the contract's model validators, whose texts name fields and day counts, never amounts.
        return "record_inconsistent", str(error["msg"]).removeprefix("Value error, ")
    return kind, "ongeldige waarde"
