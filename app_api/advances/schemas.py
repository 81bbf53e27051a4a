"""Advances as the consultant reads and records them."""

from __future__ import annotations

from pydantic import Field

from schemas.base import ApiModel
from schemas.benefit_case import Advance


class AdvanceEntry(Advance):
    """The advance that counts for a month (the last one recorded)."""

    recording_id: str = Field(description="De vastlegging waar dit bedrag uit komt.")


class Advances(ApiModel):
    """A worker's advances, earliest month first."""

    advances: list[AdvanceEntry]
