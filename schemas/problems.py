"""Problem details (RFC 9457) as every error of every API is answered."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class InvalidParam(BaseModel):
    """One thing wrong with the input: where, what code, and a message a person can act on."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Pad naar het veld, bijv. records[3].netWage.")
    code: str = Field(description="Vaste foutcode (Engels, voor machines).")
    reason: str = Field(description="Uitleg in het Nederlands.")


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
