"""Identifiers: BSN (with the 11-check) and the CBS municipality code."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError


def is_valid_bsn(value: str) -> bool:
    """Tell whether `value` is nine digits passing the BSN 11-check (elfproef).

    The check weighs the digits 9, 8, ..., 2 and the last digit −1; the sum must be a multiple of 11 and a
    BSN is never all zeros.
    """
    # isascii: str.isdigit also accepts digits like '²' that int() refuses.
    if len(value) != 9 or not (value.isascii() and value.isdigit()) or value == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11 == 0


def _check_bsn(value: str) -> str:
    if not is_valid_bsn(value):
        # The value itself is never echoed: a BSN must not reach logs or error bodies.
        raise PydanticCustomError("bsn_invalid", "Geen geldig BSN (negen cijfers met elfproef).")
    return value


Bsn = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_check_bsn),
    Field(json_schema_extra={"pattern": "^[0-9]{9}$", "format": "bsn"}),
]
"""Burgerservicenummer: nine digits that pass the 11-check."""

CbsCode = Annotated[str, StringConstraints(pattern=r"^GM[0-9]{4}$")]
"""A municipality's CBS code, e.g. GM0599 (Rotterdam)."""
