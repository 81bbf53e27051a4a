"""Choosing the reader for a file: by content, unless the user or a profile names the format."""

from __future__ import annotations

import csv
from collections.abc import Generator
from typing import BinaryIO

from connectors.formats.base import Format, ParsedRow, ReadReport
from connectors.formats.fields import Field
from connectors.formats.layouts import LAYOUTS, PAYROLL_CSV, STAFFING_EXPORT, normalise_header
from connectors.formats.loonaangifte import looks_like_xml, read_loonaangifte
from connectors.formats.setu_json import read_setu_json
from connectors.formats.tabular import TabularOptions, read_tabular

SNIFF_BYTES = 1 << 16


def detect_format(stream: BinaryIO) -> Format:
    """Guess the format from the start of the file.

    JSON starts with '{' or '[', XML (the payroll tax return) with '<'. A delimited file is a staffing
    export when its header has a name only that layout knows (such as Jaar or Strooknummer) and no first
    day of the period (Begindatum); anything else is read as payroll CSV, whose header check then names
    the columns that are missing.
    """
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").lstrip()
    if text[:1] in ("{", "["):
        return Format.SETU_JSON
    if looks_like_xml(head):
        return Format.LOONAANGIFTE
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t", "|"), key=first.count)
    names = {normalise_header(n) for n in next(csv.reader([first], delimiter=delimiter), [])}
    staffing = STAFFING_EXPORT.aliases()
    payroll = PAYROLL_CSV.aliases()
    staffing_only = any(n in staffing and n not in payroll for n in names)
    has_start = any(payroll.get(n) is Field.PERIOD_START for n in names)
    return Format.STAFFING if staffing_only and not has_start else Format.CSV


def open_reader(
    stream: BinaryIO,
    *,
    format: Format | None = None,
    options: TabularOptions | None = None,
) -> tuple[ReadReport, Generator[ParsedRow, None, None]]:
    """The report and the row iterator for `stream`; reading starts when the iterator is first advanced."""
    chosen = format or detect_format(stream)
    report = ReadReport(chosen)
    if chosen is Format.LOONAANGIFTE:
        return report, read_loonaangifte(stream, report=report)
    if chosen is Format.SETU_JSON:
        encoding = options.encoding if options else None
        return report, read_setu_json(stream, report=report, encoding=encoding)
    rows = read_tabular(stream, layout=LAYOUTS[chosen], options=options or TabularOptions(), report=report)
    return report, rows
