"""What every format reader yields, and what it learns about the file while reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from connectors.formats.decoding import Decoding
from connectors.formats.fields import Field
from connectors.formats.problems import RowProblem
from connectors.formats.values import DecimalMark
from schemas.pay_record import PayRecord


class Format(StrEnum):
    """The input formats `loonbrug import` reads (docs/import-formats.md)."""

    CSV = "csv"
    STAFFING = "staffing"
    SETU_JSON = "setu-json"
    LOONAANGIFTE = "loonaangifte"


@dataclass(frozen=True, slots=True)
class TabularLayout:
    """How a delimited file is written, so that its quarantine file can be written the same way."""

    decoding: Decoding
    delimiter: str
    line_terminator: str
    header: tuple[str, ...]
    decimal_mark: DecimalMark


@dataclass(frozen=True, slots=True)
class JsonLayout:
    """How a JSON file is written."""

    decoding: Decoding


@dataclass(frozen=True, slots=True)
class XmlDecoding:
    """The encoding an XML file's declaration names (the parser decodes it by that)."""

    encoding: str

    @property
    def label(self) -> str:
        """Dutch description for the summary."""
        return f"XML in {self.encoding}"


@dataclass(frozen=True, slots=True)
class XmlLayout:
    """How an XML file is written."""

    decoding: XmlDecoding


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One data row: where it starts, its original content, and either a record or its problems.

    `raw` is the row's cells (delimited formats) or the element's exact JSON text, kept only until the
    row is settled so that a refused row can be quarantined unchanged.
    """

    line: int
    raw: tuple[str, ...] | str
    record: PayRecord | None
    problems: tuple[RowProblem, ...] = ()


@dataclass(slots=True)
class ReadReport:
    """What a reader learned about the whole file; filled in while its rows are read."""

    format: Format
    layout: TabularLayout | JsonLayout | XmlLayout | None = None
    file_problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header: tuple[str, ...] = ()
    """The header row of a delimited file as written (also when a required column is missing)."""
    labels: dict[Field, str] = field(default_factory=dict)
    """How the file names each field (column, property or element), to name the gateway's refusals so."""
    place: str = "kolom"
    """What those names are: a column (or JSON property), or an XML element."""
