"""Text that may be stored and shown: no control characters.

PostgreSQL refuses a NUL in any text value, so a NUL that reached the database would end the request
with a database error; other control characters have no place in a name or an id either. Fields that
take text from outside carry `PLAIN_TEXT` so the refusal is an ordinary validation problem naming them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
"""A pattern (JSON Schema and Python) matching text without control characters."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def has_control_character(value: object) -> bool:
    """Whether `value` (a string, or a JSON structure of them, keys included) holds a control character."""
    if isinstance(value, str):
        return _CONTROL.search(value) is not None
    if isinstance(value, Mapping):
        return any(has_control_character(key) or has_control_character(item) for key, item in value.items())
    if isinstance(value, Sequence):
        return any(has_control_character(item) for item in value)
    return False
