"""Exact money and hours.

Euros are `Decimal` with exactly two places (cents). Floats are refused in Python code; a JSON number is
accepted because JSON has no decimal type, and it is read through its shortest round-trip text, which for
the at most 12 significant digits allowed here is exactly the text the sender wrote.
"""

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, ValidationInfo, WrapValidator
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12


def _to_decimal(value: Any, info: ValidationInfo) -> Decimal:
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
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            raise PydanticCustomError(
                "decimal_parsing", "'{value}' is geen geldig getal.", {"value": value}
            ) from None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PydanticCustomError("decimal_type", "Geen eindig decimaal getal.")
    return value


def _two_places(places: int) -> Any:
    quantum = Decimal(1).scaleb(-places)

    def validate(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Decimal:
        number = _to_decimal(value, info)
        if number.adjusted() >= MAX_DIGITS:
            # Refused before quantize, which raises InvalidOperation (not a validation error) past 28 digits.
            raise PydanticCustomError("decimal_too_large", "Getal is te groot.")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places and number != number.quantize(quantum):
            raise PydanticCustomError(
                "decimal_max_places",
                "Ten hoogste {places} decimalen toegestaan.",
                {"places": places},
            )
        result: Decimal = handler(number.quantize(quantum))
        return result

    return validate


def _as_text(value: Decimal) -> str:
    return format(value, "f")


Money = Annotated[
    Decimal,
    WrapValidator(_two_places(2)),
    Field(ge=0, max_digits=MAX_DIGITS, json_schema_extra={"format": "decimal"}),
    PlainSerializer(_as_text, return_type=str, when_used="json"),
]
"""A non-negative euro amount with exactly two decimals; serialised in JSON as a string ("1234.50")."""

SignedMoney = Annotated[
    Decimal,
    WrapValidator(_two_places(2)),
    Field(max_digits=MAX_DIGITS, json_schema_extra={"format": "decimal"}),
    PlainSerializer(_as_text, return_type=str, when_used="json"),
]
"""A euro amount that may be negative (a difference, a correction)."""

Hours = Annotated[
    Decimal,
    WrapValidator(_two_places(2)),
    Field(ge=0, le=744, max_digits=6, json_schema_extra={"format": "decimal"}),
    PlainSerializer(_as_text, return_type=str, when_used="json"),
]
"""Hours worked, two decimals, at most the hours in a 31-day month."""

Rate = Annotated[
    Decimal,
    WrapValidator(_two_places(6)),
    Field(ge=0, le=1, max_digits=8, json_schema_extra={"format": "decimal"}),
    PlainSerializer(_as_text, return_type=str, when_used="json"),
]
"""A fraction between 0 and 1 (e.g. 0.25 for 25%)."""
