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
    # Written out on the code points (each digit is its code point minus 48; the weights sum to 43):
    # ingestion checks a thousand BSNs per batch, and a loop over the digits cost as much as the rest.
    d = value.encode("ascii")
    total = 9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]
    return (total - 48 * 43) % 11 == 0


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
