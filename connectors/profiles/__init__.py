"""Column-mapping profiles: how to read a delimited export whose headers differ from the built-in names.

A profile is a TOML or JSON file (docs/import-formats.md §Profielen). `--profile` takes a path, or the
name of a profile shipped in this folder (e.g. `engelse-kolommen`).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from connectors.formats.base import Format
from connectors.formats.fields import Field as RecordField
from connectors.formats.layouts import normalise_header
from connectors.formats.tabular import TabularOptions
from connectors.formats.values import DecimalMark
from schemas.pay_record import PeriodType

BUILTIN_DIR = Path(__file__).parent


class ProfileError(Exception):
    """A profile that cannot be found or read; the message is Dutch and names the file."""


class Profile(BaseModel):
    """How one agency's export is read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    format: Literal["csv", "staffing"] = "csv"
    delimiter: Literal[";", ",", "\t", "|"] | None = None
    decimal_mark: DecimalMark | None = None
    encoding: Literal["utf-8", "cp1252"] | None = None
    columns: dict[str, RecordField] = Field(
        default_factory=dict, description="Kolomnaam in het bestand → veld; vult de ingebouwde namen aan."
    )
    ignore: tuple[str, ...] = Field(default=(), description="Kolommen die bewust niet worden gelezen.")
    period_types: dict[str, PeriodType] = Field(
        default_factory=dict, description="Eigen schrijfwijzen van het loontijdvak, bijv. 'WK' → week."
    )

    @field_validator("columns", "period_types")
    @classmethod
    def _normalise_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {normalise_header(k): v for k, v in value.items()}

    @field_validator("ignore")
    @classmethod
    def _normalise_ignored(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(normalise_header(v) for v in value)

    @property
    def input_format(self) -> Format:
        """The delimited format this profile reads."""
        return Format(self.format)

    def tabular_options(self) -> TabularOptions:
        """The reader options this profile fixes."""
        return TabularOptions(
            delimiter=self.delimiter,
            decimal_mark=self.decimal_mark,
            encoding=self.encoding,
            columns=self.columns,
            ignore=frozenset(self.ignore),
            period_types=self.period_types,
        )


def builtin_profiles() -> list[str]:
    """Names of the profiles shipped with Loonbrug."""
    return sorted(p.stem for p in BUILTIN_DIR.iterdir() if p.suffix in (".toml", ".json"))


def load_profile(spec: str) -> Profile:
    """Load a profile from a path, or by the name of a built-in profile."""
    path = Path(spec)
    if not path.is_file() and spec in builtin_profiles():
        path = next(p for p in sorted(BUILTIN_DIR.iterdir()) if p.stem == spec and p.suffix != ".py")
    if not path.is_file():
        known = ", ".join(builtin_profiles()) or "geen"
        raise ProfileError(f"profiel '{spec}' niet gevonden (ingebouwd: {known})")
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8")) if path.suffix == ".toml" else json.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(f"profiel {path} is niet te lezen: {exc}") from None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(profiel)'}: {e['msg']}" for e in exc.errors()
        )
        raise ProfileError(f"profiel {path} klopt niet: {details}") from None


def suggest_profile(header: Sequence[str]) -> Profile | None:
    """The built-in profile whose own column names cover the most of `header` (at least two), for a
    file whose required columns are missing; None when none fits."""
    names = {normalise_header(name) for name in header}
    best: tuple[int, Profile] | None = None
    for name in builtin_profiles():
        profile = load_profile(name)
        hits = len(names & profile.columns.keys())
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, profile)
    return best[1] if best else None
