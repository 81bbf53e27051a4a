"""Reading delimited pay slip files (payroll CSV and staffing export) one row at a time.

The file is read as a stream: memory holds one row, plus the first rows while the decimal mark is
sniffed. Line numbers are physical lines of the file (the header is usually line 1), so an agency can
find a row in any editor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from typing import Any, BinaryIO

from connectors.formats import decoding
from connectors.formats.base import ParsedRow, ReadReport, TabularLayout
from connectors.formats.build import build_record
from connectors.formats.fields import Field, Kind
from connectors.formats.layouts import Layout, normalise_header
from connectors.formats.problems import RowProblem
from connectors.formats.values import (
    CellError,
    DecimalMark,
    normalise_bsn,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_period_type,
)
from schemas.pay_record import PeriodType

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_ROWS = 200
PROBLEM_COLUMN = "Probleem"
"""Column the quarantine file adds; ignored when that file is imported again."""


@dataclass(frozen=True)
class TabularOptions:
    """What a profile may fix instead of leaving it to detection, and its extra column names."""

    delimiter: str | None = None
    decimal_mark: DecimalMark | None = None
    encoding: decoding.Encoding | None = None
    columns: Mapping[str, Field] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    period_types: Mapping[str, PeriodType] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    field: Field
    label: str
    sensitive: bool


def read_tabular(
    stream: BinaryIO, *, layout: Layout, options: TabularOptions, report: ReadReport
) -> Generator[ParsedRow, None, None]:
    """Yield every data row of a delimited file as a record or its problems; file problems go to `report`."""
    found = decoding.detect(stream, options.encoding)
    if isinstance(found, RowProblem):
        report.file_problems.append(found)
        return
    text = decoding.open_text(stream, found)
    try:
        yield from _read(text, found, layout=layout, options=options, report=report)
    finally:
        if not text.closed:
            text.detach()


def _read(
    text: io.TextIOWrapper,
    found: decoding.Decoding,
    *,
    layout: Layout,
    options: TabularOptions,
    report: ReadReport,
) -> Generator[ParsedRow, None, None]:
    header_line, line = "", 0
    for physical in text:
        line += 1
        if physical.strip():
            header_line = physical
            break
    else:
        report.file_problems.append(RowProblem(None, None, "empty_file", "het bestand heeft geen kopregel"))
        return
    delimiter = options.delimiter or _sniff_delimiter(header_line)
    header = tuple(next(csv.reader([header_line], delimiter=delimiter), []))
    report.header = header
    columns = _map_header(header, line=line, layout=layout, options=options, report=report)
    if report.file_problems:
        return
    reader = csv.reader(text, delimiter=delimiter)
    rows = _numbered(reader, first_line=line + 1, report=report)
    mark = options.decimal_mark
    if mark is None:
        sample = list(islice(rows, SAMPLE_ROWS))
        mark = _sniff_decimal_mark(sample, columns) or (
            DecimalMark.POINT if delimiter == "," else DecimalMark.COMMA
        )
        rows = chain(sample, rows)
    terminator = "\r\n" if header_line.endswith("\r\n") else header_line[len(header_line.rstrip("\r\n")) :]
    report.layout = TabularLayout(found, delimiter, terminator or "\n", header, mark)
    parsers = _parsers(mark, options.period_types)
    readers = [(c, parsers[c.field.kind]) for c in columns]
    width = max((i + 1 for i, name in enumerate(header) if name.strip()), default=0)
    labels = {c.field: c.label for c in columns} | {
        f: layout.display_name(f) for f in Field if f not in {c.field for c in columns}
    }
    report.labels = labels
    present = frozenset(c.field for c in columns)
    for row_line, cells in rows:
        if any(cell.strip() for cell in cells):
            yield _parse_row(row_line, cells, readers, labels, present, width)


def _numbered(reader: Any, *, first_line: int, report: ReadReport) -> Iterator[tuple[int, list[str]]]:
    consumed = 0
    try:
        for cells in reader:
            yield first_line + consumed, cells
            consumed = reader.line_num
    except csv.Error as exc:
        # E.g. a field over the csv module's limit (an unclosed quote swallowing the rest of the file).
        reason = f"geen geldige CSV vanaf hier ({exc}); de rest van het bestand is niet gelezen"
        report.file_problems.append(RowProblem(first_line + consumed, None, "csv_syntax", reason))


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _map_header(
    header: tuple[str, ...], *, line: int, layout: Layout, options: TabularOptions, report: ReadReport
) -> list[_Column]:
    aliases = layout.aliases() | dict(options.columns)
    columns: dict[Field, _Column] = {}
    for index, name in enumerate(header):
        key = normalise_header(name)
        if key in options.ignore or key == normalise_header(PROBLEM_COLUMN):
            continue
        field_ = aliases.get(key)
        if field_ is None:
            if key or any(h.strip() for h in header[index + 1 :]):
                report.ignored_columns.append(name.strip() or f"(kolom {index + 1} zonder naam)")
            continue
        if field_ in columns:
            reason = f"kolommen '{columns[field_].label}' en '{name.strip()}' betekenen hetzelfde veld"
            report.file_problems.append(RowProblem(line, name.strip(), "column_duplicate", reason))
            continue
        columns[field_] = _Column(index, field_, name.strip(), field_.sensitive)
    for required in sorted(layout.required - columns.keys(), key=list(Field).index):
        report.file_problems.append(
            RowProblem(line, layout.display_name(required), "column_missing", "verplichte kolom ontbreekt")
        )
    return list(columns.values())


def _sniff_decimal_mark(
    sample: Iterable[tuple[int, list[str]]], columns: list[_Column]
) -> DecimalMark | None:
    numeric = [c.index for c in columns if c.field.kind in (Kind.MONEY, Kind.HOURS)]
    votes = {DecimalMark.COMMA: 0, DecimalMark.POINT: 0}
    for _, cells in sample:
        for index in numeric:
            if index < len(cells) and (vote := _decimal_evidence(cells[index])):
                votes[vote] += 1
    if votes[DecimalMark.COMMA] == votes[DecimalMark.POINT]:
        return None
    return max(votes, key=lambda m: votes[m])


def _decimal_evidence(cell: str) -> DecimalMark | None:
    """The mark a value proves; '1.234' alone proves nothing (thousands or three decimals)."""
    value = cell.strip().removeprefix("€").strip().lstrip("-")
    comma, point = value.rfind(","), value.rfind(".")
    if comma >= 0 and point >= 0:
        return DecimalMark.COMMA if comma > point else DecimalMark.POINT
    if comma < 0 and point < 0:
        return None
    char, mark, other = (",", DecimalMark.COMMA, DecimalMark.POINT)
    if comma < 0:
        char, mark, other = (".", DecimalMark.POINT, DecimalMark.COMMA)
    if value.count(char) > 1:
        return other
    return None if len(value) - value.index(char) - 1 == 3 else mark


Parser = Callable[[str], Any]


def _parsers(mark: DecimalMark, period_types: Mapping[str, PeriodType]) -> dict[Kind, Parser]:
    number = partial(parse_decimal, mark=mark)
    return {
        Kind.TEXT: str.strip,
        Kind.BSN: normalise_bsn,
        Kind.DATE: parse_date,
        Kind.MONEY: number,
        Kind.HOURS: number,
        Kind.INTEGER: parse_integer,
        Kind.PERIOD_TYPE: partial(parse_period_type, extra=dict(period_types)),
    }


def _parse_row(
    line: int,
    cells: list[str],
    readers: list[tuple[_Column, Parser]],
    labels: Mapping[Field, str],
    present: frozenset[Field],
    width: int,
) -> ParsedRow:
    problems: list[RowProblem] = []
    if len(cells) < width:
        reason = f"de regel heeft {len(cells)} kolommen, de kopregel {width}: waarden kunnen verschoven zijn"
        problems.append(RowProblem(line, None, "missing_cells", reason))
    elif any(cell.strip() for cell in cells[width:]):
        reason = "de regel heeft meer gevulde kolommen dan de kopregel: waarden kunnen verschoven zijn"
        problems.append(RowProblem(line, None, "extra_cells", reason))
    if problems:
        return ParsedRow(line, tuple(cells), None, tuple(problems))
    values: dict[Field, Any] = {}
    failed: set[Field] = set()
    for column, read in readers:
        cell = cells[column.index]
        if not cell or cell.isspace():
            continue
        try:
            values[column.field] = read(cell)
        except CellError as exc:
            failed.add(column.field)
            problems.append(RowProblem(line, column.label, exc.code, exc.reason, cell, column.sensitive))
    record = build_record(
        line=line, values=values, columns=labels, present=present, failed=failed, problems=problems
    )
    if problems:
        # In the order of the columns, as the agency reads the row; problems of the whole row first.
        order = {c.label: c.index for c, _ in readers}
        problems.sort(key=lambda p: order.get(p.column or "", -1))
    return ParsedRow(line, tuple(cells), record, tuple(problems))
