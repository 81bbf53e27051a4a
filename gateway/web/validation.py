"""Turn pydantic validation errors into `InvalidParam`s: a field path, a code and a Dutch reason.

The reason never repeats the input: pydantic's own messages sometimes do (and a wrong value may be a BSN
or an amount), so reasons come from the fixed texts below, filled only with context values that describe
the rule (a length, a bound, the allowed values), never with what was sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic_core import ErrorDetails

from schemas.problems import InvalidParam

_REASONS: dict[str, str] = {
    "missing": "Dit veld is verplicht.",
    "extra_forbidden": "Onbekend veld; controleer de schrijfwijze.",
    "string_type": "Verwacht tekst.",
    "string_too_short": "Te kort: minimaal {min_length} tekens.",
    "string_too_long": "Te lang: maximaal {max_length} tekens.",
    "string_pattern_mismatch": "Deze tekst heeft niet de verwachte vorm.",
    "int_type": "Verwacht een geheel getal.",
    "int_parsing": "Verwacht een geheel getal.",
    "int_from_float": "Verwacht een geheel getal.",
    "bool_type": "Verwacht true of false.",
    "bool_parsing": "Verwacht true of false.",
    "greater_than": "Moet groter zijn dan {gt}.",
    "greater_than_equal": "Moet minstens {ge} zijn.",
    "less_than": "Moet kleiner zijn dan {lt}.",
    "less_than_equal": "Mag hoogstens {le} zijn.",
    "decimal_type": "Verwacht een getal.",
    "decimal_parsing": 'Verwacht een getal, bijvoorbeeld "1234.50".',
    "decimal_max_digits": "Te veel cijfers: hoogstens {max_digits}.",
    "decimal_max_places": "Te veel decimalen.",
    "decimal_whole_digits": "Te veel cijfers voor de komma.",
    "decimal_too_large": "Dit getal is te groot.",
    "float_not_allowed": "Een bedrag is een decimaal getal of tekst, geen float.",
    "date_type": "Verwacht een datum (JJJJ-MM-DD).",
    "date_parsing": "Verwacht een datum (JJJJ-MM-DD).",
    "date_from_datetime_parsing": "Verwacht een datum (JJJJ-MM-DD).",
    "date_from_datetime_inexact": "Verwacht een datum zonder tijd (JJJJ-MM-DD).",
    "datetime_type": "Verwacht een tijdstip (ISO 8601, met tijdzone).",
    "datetime_parsing": "Verwacht een tijdstip (ISO 8601, met tijdzone).",
    "datetime_from_date_parsing": "Verwacht een tijdstip (ISO 8601, met tijdzone).",
    "timezone_aware": "Het tijdstip moet een tijdzone hebben.",
    "enum": "Kies een van: {expected}.",
    "literal_error": "Kies een van: {expected}.",
    "list_type": "Verwacht een lijst.",
    "too_short": "Te weinig elementen: minimaal {min_length}.",
    "too_long": "Te veel elementen: maximaal {max_length}.",
    "model_type": "Verwacht een object.",
    "model_attributes_type": "Verwacht een object.",
    "dict_type": "Verwacht een object.",
    "json_invalid": "Geen geldige JSON.",
    "json_type": "Verwacht JSON-tekst.",
    "bsn_invalid": "Geen geldig BSN (negen cijfers die de elfproef doorstaan).",
    "period_type": "Verwacht tekst zoals 2026-01 of 2026-W05.",
    "period_format": "Verwacht een periode zoals 2026-01 of 2026-W05.",
    "uuid_type": "Verwacht een UUID.",
    "uuid_parsing": "Verwacht een UUID.",
}

# Context keys that describe the rule, not the input; only these may fill a reason.
_SAFE_CONTEXT = frozenset({"min_length", "max_length", "gt", "ge", "lt", "le", "max_digits", "expected"})
# Our own validators raise ValueError with texts written for people and free of input values.
_AUTHORED = frozenset({"value_error", "assertion_error"})
_GENERIC = "Ongeldige waarde."


def field_path(loc: Iterable[int | str]) -> str:
    """Write a pydantic location as a path a person reads: `records[3].netWage`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def reason_for(error: ErrorDetails | Mapping[str, Any]) -> str:
    """The Dutch reason for one pydantic error, without the input value."""
    kind = str(error["type"])
    if kind in _AUTHORED:
        message = str(error.get("msg", ""))
        # pydantic prefixes the message of a ValueError; the rest is our own sentence.
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        return message[:1].upper() + message[1:] if message else _GENERIC
    template = _REASONS.get(kind)
    if template is None:
        return _GENERIC
    context = {k: _describe(v) for k, v in (error.get("ctx") or {}).items() if k in _SAFE_CONTEXT}
    try:
        return template.format(**context)
    except KeyError:
        return template.split(":")[0] + "."


def _describe(value: Any) -> str:
    # pydantic lists allowed values as "'a', 'b' or 'c'".
    return str(value).replace("'", "").replace(" or ", " of ")


def invalid_params(
    errors: Sequence[ErrorDetails] | Sequence[Mapping[str, Any]], *, prefix: Sequence[int | str] = ()
) -> list[InvalidParam]:
    """One `InvalidParam` per error, with the path under `prefix` (e.g. `("records", 3)`)."""
    params = []
    for error in errors:
        loc = (*prefix, *error["loc"])
        params.append(
            InvalidParam(name=field_path(loc) or "body", code=str(error["type"]), reason=reason_for(error))
        )
    return params
