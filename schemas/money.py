"""Exact money and hours.

Euros are `Decimal` with exactly two places (cents). Floats are refused in Python code; a JSON number is
accepted because JSON has no decimal type, and it is read through its shortest round-trip text, which for
the at most 12 significant digits allowed here is exactly the text the sender wrote.
"""

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import PlainSerializer, ValidationInfo, WithJsonSchema, WrapValidator
from pydantic_core import PydanticCustomError, PydanticKnownError
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12


def _to_decimal(value: Any, info: ValidationInfo) -> Decimal:
    if type(value) is str:
        # The common case first: amounts arrive as JSON text.
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise PydanticCustomError(
                "decimal_parsing", "'{value}' is geen geldig getal.", {"value": value}
            ) from None
        if not number.is_finite():
            raise PydanticCustomError("decimal_type", "Geen eindig decimaal getal.")
        return number
    if isinstance(value, bool):
        raise PydanticCustomError("decimal_type", "Een bedrag moet een getal zijn, geen ja/nee-waarde.")
    if isinstance(value, float):
        if info.mode != "json":
            raise PydanticCustomError(
                "float_not_allowed", "Bedragen zijn Decimal of tekst, nooit float (afrondingsfouten)."
            )
        value = repr(value)
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        return _to_decimal(value, info)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PydanticCustomError("decimal_type", "Geen eindig decimaal getal.")
    return value


def _digits(value: Decimal) -> int:
    """Digits of `value` without trailing zeros (as pydantic's `max_digits` counts them)."""
    _, digits, exponent = value.normalize().as_tuple()
    if not any(digits):
        return 1
    assert isinstance(exponent, int)  # a finite Decimal
    return len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)


def _exact(places: int, *, max_digits: int, ge: int | None = None, le: int | None = None) -> Any:
    """One validator doing every check of an amount, in one Python call per value.

    Ingestion validates some ten amounts per pay record; pydantic's own `ge`/`max_digits` after a wrap
    validator ran as a second Python pass per value, costing as much as the first. The errors are the
    same pydantic error types with the same context.
    """
    quantum = Decimal(1).scaleb(-places)

    def validate(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Decimal:
        # The engine hands over finite Decimals: those skip the reading of text and numbers.
        number = value if type(value) is Decimal and value.is_finite() else _to_decimal(value, info)
        magnitude = number.adjusted()
        if magnitude >= MAX_DIGITS:
            # Refused before quantize, which raises InvalidOperation (not a validation error) past 28 digits.
            raise PydanticCustomError("decimal_too_large", "Getal is te groot.")
        result = number.quantize(quantum)
        # Quantizing is exact unless the number had more places (this precision holds 28 digits).
        if result != number:
            raise PydanticCustomError(
                "decimal_max_places",
                "Ten hoogste {places} decimalen toegestaan.",
                {"places": places},
            )
        if ge is not None and result < ge:
            raise PydanticKnownError("greater_than_equal", {"ge": ge})
        if le is not None and result > le:
            raise PydanticKnownError("less_than_equal", {"le": le})
        # Counting digits is needed only when the whole part may be too long for them.
        if magnitude + 1 + places > max_digits and _digits(result) > max_digits:
            raise PydanticKnownError("decimal_max_digits", {"max_digits": max_digits})
        return result

    return validate


def _as_text(value: Decimal) -> str:
    return format(value, "f")


def _accepted(*, max_digits: int, ge: int | None = None, le: int | None = None) -> WithJsonSchema:
    """The JSON Schema of an amount as sent: the bounds `_exact` checks, stated."""
    bounds = {key: value for key, value in (("ge", ge), ("le", le)) if value is not None}
    return WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string"}],
            "format": "decimal",
            **bounds,
            "max_digits": max_digits,
        },
        mode="validation",
    )


def _written(*, max_digits: int) -> WithJsonSchema:
    """The JSON Schema of an amount as written: decimal text."""
    return WithJsonSchema(
        {"type": "string", "format": "decimal", "max_digits": max_digits}, mode="serialization"
    )


_TEXT = PlainSerializer(_as_text, return_type=str, when_used="json")

Money = Annotated[
    Decimal,
    WrapValidator(_exact(2, max_digits=MAX_DIGITS, ge=0)),
    _accepted(max_digits=MAX_DIGITS, ge=0),
    _written(max_digits=MAX_DIGITS),
    _TEXT,
]
"""A non-negative euro amount with exactly two decimals; serialised in JSON as a string ("1234.50")."""

SignedMoney = Annotated[
    Decimal,
    WrapValidator(_exact(2, max_digits=MAX_DIGITS)),
    _accepted(max_digits=MAX_DIGITS),
    _written(max_digits=MAX_DIGITS),
    _TEXT,
]
"""A euro amount that may be negative (a difference, a correction)."""

Hours = Annotated[
    Decimal,
    WrapValidator(_exact(2, max_digits=6, ge=0, le=744)),
    _accepted(max_digits=6, ge=0, le=744),
    _written(max_digits=6),
    _TEXT,
]
"""Hours worked, two decimals, at most the hours in a 31-day month."""

Rate = Annotated[
    Decimal,
    WrapValidator(_exact(6, max_digits=8, ge=0, le=1)),
    _accepted(max_digits=8, ge=0, le=1),
    _written(max_digits=8),
    _TEXT,
]
"""A fraction between 0 and 1 (e.g. 0.25 for 25%)."""
