"""The CSV export: a header and one line per settlement (docs/export-layout.md).

Semicolon-separated, UTF-8 without byte order mark, CRLF line ends (RFC 4180), fields quoted only
when needed. Every value is a code, an id, a date or an amount, never free text, so no cell can hold a
spreadsheet formula; amounts keep their leading minus.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from connectors.exports.rows import COLUMNS, ExportRow, ordered, values

MEDIA_TYPE = "text/csv; charset=utf-8"
DELIMITER = ";"


def render(rows: Iterable[ExportRow]) -> bytes:
    """The CSV file of `rows`, in export order."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([header for header, _, _ in COLUMNS])
    for row in ordered(rows):
        writer.writerow(values(row))
    return buffer.getvalue().encode("utf-8")
