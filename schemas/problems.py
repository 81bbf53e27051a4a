"""Problem details (RFC 9457) as every error of every API is answered."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Nine digits standing on their own: not a run inside a longer word such as an id ("…-0bd659226657"), which
# would otherwise be masked now and then, depending on the digits an id happens to have.
_BSN_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])")
"""Nine digits standing alone: what a BSN looks like (also without a valid 11-check, as typed)."""


def mask_bsn_like(text: str | None) -> str | None:
    """`text` with every number that looks like a BSN replaced by asterisks.

    A problem names where the input went wrong, and the path or a field name can be the input itself
    (`/v1/werkenden/999900006`, a JSON key); a problem document must never carry a BSN back.
    """
    return None if text is None else _BSN_LIKE.sub("*********", text)


class InvalidParam(BaseModel):
    """One thing wrong with the input: where, what code, and a message a person can act on."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Pad naar het veld, bijv. records[3].netWage.")
    code: str = Field(description="Vaste foutcode (Engels, voor machines).")
    reason: str = Field(description="Uitleg in het Nederlands.")

    @field_validator("name", "reason")
    @classmethod
    def _no_bsn(cls, value: str) -> str:
        return mask_bsn_like(value) or ""


class Problem(BaseModel):
    """An `application/problem+json` body; `invalidParams` lists every problem at once (NL API ADR)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = None
    invalid_params: list[InvalidParam] = Field(default_factory=list, alias="invalidParams")

    @field_validator("detail", "instance")
    @classmethod
    def _no_bsn(cls, value: str | None) -> str | None:
        return mask_bsn_like(value)
