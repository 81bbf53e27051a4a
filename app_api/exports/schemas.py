"""What the export routes take."""

from __future__ import annotations

from enum import StrEnum

from schemas.base import ApiModel
from schemas.periods import Month


class ExportFormat(StrEnum):
    """The file formats of docs/export-layout.md."""

    CSV = "csv"
    JSON = "json"


class NewExport(ApiModel):
    """Export every approved settlement of a month."""

    month: Month
    format: ExportFormat = ExportFormat.CSV
